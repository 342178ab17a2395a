"""/healthz and /readyz: JSON, never cached, and 503 naming what is not ready."""

import pytest
from django.db import connection

from site_config import health


def test_healthz_answers_without_the_database(client):
    # No django_db mark: any database access here would raise.
    response = client.get("/healthz")
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readyz_checks_database_cache_and_migrations(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "components": {"database": "ok", "cache": "ok"},
        "stale_documents": 0,
        "tasks": {"backend": "ImmediateBackend", "queued": 0},
    }
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readyz_names_a_failing_database(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise connection.Database.OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["database"]
    assert "connection refused" in body["components"]["database"]


@pytest.mark.django_db
def test_readyz_names_unapplied_migrations_and_a_broken_cache(client, monkeypatch):
    monkeypatch.setitem(health.CHECKS, "database", lambda: "2 migrations not applied")
    monkeypatch.setattr(health.cache, "get", lambda key: None)
    body = client.get("/readyz").json()
    assert body["failing"] == ["database", "cache"]
    assert body["components"]["database"] == "2 migrations not applied"
