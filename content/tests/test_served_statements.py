"""How the store's one statement per request is run (content.delivery.served)."""

import pytest
from django.db import connection

from content.models import ArticlePage


def test_on_postgresql_the_statements_are_planned_once_per_connection(client, demo_site):
    """Django turns psycopg's preparing off; the statements still ask for it, and get it."""
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    article = ArticlePage.objects.live().public().first()
    for _ in range(4):  # the viewset first (it remembers the site), then the store
        assert client.get(f"/api/v2/pages/{article.pk}/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans + custom_plans FROM pg_prepared_statements")
        executions = {
            statement: runs for statement, runs in cursor.fetchall() if "content_pagedocument" in statement
        }
    assert executions, "no statement of the store was prepared"
    assert max(executions.values()) >= 3
