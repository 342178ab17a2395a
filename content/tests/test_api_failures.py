"""Failure behaviour: the database down gives a JSON 503 and recovers; Redis down changes nothing."""

import pytest
from django.db import OperationalError, connection

from content.models import ArticlePage


@pytest.fixture
def article(demo_site):
    return ArticlePage.objects.get(slug="autumn-release")


def test_the_api_answers_503_while_the_database_is_down_and_recovers(client, article, monkeypatch, settings):
    settings.API_RESPONSE_CACHE_SECONDS = 0

    def refused(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    with monkeypatch.context() as database_down:
        database_down.setattr(connection, "cursor", refused)
        down = client.get(f"/api/v2/pages/{article.pk}/")
        assert down.status_code == 503
        assert down.json() == {"message": "The database is unavailable; try again shortly."}
        assert down["Retry-After"] == "5"
    assert client.get(f"/api/v2/pages/{article.pk}/").json()["title"] == article.title


def test_with_redis_unreachable_the_api_serves_from_the_database(client, article, settings):
    # A real Redis client pointed at a port where nothing listens.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    response = client.get(f"/api/v2/pages/{article.pk}/")
    assert response.status_code == 200
    assert response.json()["title"] == article.title
    article.get_latest_revision().publish()  # invalidation must not fail a publish either
