"""CORS: listed origins may read the API, without credentials; nobody else, nothing else."""

import pytest


@pytest.fixture
def front_origin(settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://front.example"]
    settings.CORS_ALLOWED_ORIGIN_REGEXES = []
    return "https://front.example"


def test_a_listed_origin_may_read_the_api_without_credentials(client, demo_site, front_origin):
    response = client.get("/api/v2/pages/", HTTP_ORIGIN=front_origin)
    assert response["Access-Control-Allow-Origin"] == front_origin
    assert "Access-Control-Allow-Credentials" not in response


def test_an_unlisted_origin_gets_no_cors_header(client, demo_site, front_origin):
    response = client.get("/api/v2/pages/", HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


def test_cors_applies_to_the_api_only(client, demo_site, front_origin):
    assert "Access-Control-Allow-Origin" not in client.get("/", HTTP_ORIGIN=front_origin)


def test_preflight_allows_reading_only(client, demo_site, front_origin):
    response = client.options(
        "/api/v2/pages/", HTTP_ORIGIN=front_origin, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert response.status_code == 200
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_no_origin_is_allowed_by_default_outside_development(monkeypatch):
    import importlib

    from site_config.settings import base

    monkeypatch.delenv("CORS_ALLOWED_ORIGINS", raising=False)
    base = importlib.reload(base)
    assert base.CORS_ALLOWED_ORIGINS == []
    assert not hasattr(base, "CORS_ALLOWED_ORIGIN_REGEXES")
    assert base.CORS_ALLOW_CREDENTIALS is False
