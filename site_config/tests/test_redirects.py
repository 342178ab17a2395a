"""Wagtail's redirects answer the site's old paths, and an API 404 never looks them up."""

import pytest
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page


@pytest.fixture(autouse=True)
def no_server_cache(settings):
    settings.API_RESPONSE_CACHE_SECONDS = 0


def test_an_old_site_path_still_redirects(client, demo_site):
    response = client.get("/news-archive")
    assert response.status_code == 301
    assert response["Location"].rstrip("/").endswith("/news")


def test_an_api_404_makes_no_redirect_lookup(client, demo_site, django_assert_num_queries):
    Redirect.objects.create(old_path="/api/v2/nowhere", redirect_page=Page.objects.get(slug="news"))
    with django_assert_num_queries(0):
        response = client.get("/api/v2/nowhere/")
    assert response.status_code == 404
    assert response.json() == {"message": "no API endpoint at /api/v2/nowhere/"}
