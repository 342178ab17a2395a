"""Scheduled publishing: `manage.py publish_scheduled` (run from cron) moves pages in and out of the API.

Pages are scheduled through Wagtail's own publish path; the command then runs
with the clock moved two hours on, as cron would later that day.
"""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page

from content.models import ArticlePage


@pytest.fixture(autouse=True)
def server_cache_on(settings):
    # A stale cached response would hide a missing invalidation.
    settings.API_RESPONSE_CACHE_SECONDS = 600


def publish_scheduled(hours_later: int = 0) -> None:
    later = timezone.now() + timedelta(hours=hours_later)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled", verbosity=0)


def listed_ids(client) -> set[int]:
    return {item["id"] for item in client.get("/api/v2/pages/", {"limit": 100}).json()["items"]}


def in_an_hour():
    return timezone.now() + timedelta(hours=1)


def test_a_new_page_scheduled_to_go_live_appears_at_its_time(client, demo_site):
    article = ArticlePage(title="Embargoed launch", slug="embargoed-launch", summary="At noon", live=False)
    Page.objects.get(slug="news").add_child(instance=article)
    article.go_live_at = in_an_hour()
    article.save_revision().publish()  # with go_live_at ahead, Wagtail only schedules it
    assert article.pk not in listed_ids(client)

    publish_scheduled()
    assert article.pk not in listed_ids(client)
    assert client.get(f"/api/v2/pages/{article.pk}/").status_code == 404

    publish_scheduled(hours_later=2)
    assert article.pk in listed_ids(client)
    assert client.get("/api/v2/pages/find/", {"html_path": "/news/embargoed-launch/"}).status_code == 302


def test_a_scheduled_change_to_a_live_page_waits_for_its_time(client, demo_site):
    article = ArticlePage.objects.get(slug="autumn-release")
    live_title = article.title
    article.title = "Changed on schedule"
    article.go_live_at = in_an_hour()
    article.save_revision().publish()

    publish_scheduled()
    assert client.get(f"/api/v2/pages/{article.pk}/").json()["title"] == live_title

    publish_scheduled(hours_later=2)
    assert client.get(f"/api/v2/pages/{article.pk}/").json()["title"] == "Changed on schedule"


def test_a_page_past_its_expiry_leaves_the_api(client, demo_site):
    article = ArticlePage.objects.get(slug="autumn-release")
    article.expire_at = in_an_hour()
    article.save_revision().publish()
    publish_scheduled()
    assert article.pk in listed_ids(client)

    publish_scheduled(hours_later=2)

    assert article.pk not in listed_ids(client)
    assert client.get(f"/api/v2/pages/{article.pk}/").status_code == 404
    assert client.get("/api/v2/pages/find/", {"html_path": "/news/autumn-release/"}).status_code == 404
    assert Page.objects.get(pk=article.pk).expired
