"""HTTP caching: ETags and 304s, Cache-Control, and a server cache that follows every change."""

import pytest
from wagtail.contrib.redirects.models import Redirect
from wagtail.images.models import Image
from wagtail.models import Page

from content.delivery.invalidation import pages_changed
from content.models import ArticlePage, SiteSettings


@pytest.fixture
def article(demo_site):
    return ArticlePage.objects.get(slug="autumn-release")


def test_every_public_response_has_an_etag_and_cache_control(client, settings, article):
    for url in ["/api/v2/pages/", f"/api/v2/pages/{article.pk}/", "/api/v2/site/", "/api/v2/images/"]:
        response = client.get(url)
        assert response["ETag"].startswith('"')
        assert response["Cache-Control"] == (
            f"public, max-age={settings.API_CACHE_MAX_AGE}, "
            f"stale-while-revalidate={settings.API_STALE_WHILE_REVALIDATE}"
        )
    assert "ETag" in client.get("/api/v2/pages/?limit=abc")  # errors too


def test_a_matching_if_none_match_gets_a_304(client, article):
    first = client.get(f"/api/v2/pages/{article.pk}/")
    again = client.get(f"/api/v2/pages/{article.pk}/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    other = client.get(f"/api/v2/pages/{article.pk}/", HTTP_IF_NONE_MATCH='"something-else"')
    assert other.status_code == 200


def test_responses_come_from_the_server_cache_until_content_changes(client, article):
    url = f"/api/v2/pages/{article.pk}/"
    assert client.get(url).json()["title"] == article.title
    # A change that bypasses Wagtail (no publish signal) is not seen: the store answers.
    Page.objects.filter(pk=article.pk).update(title="Changed behind Wagtail's back")
    assert client.get(url).json()["title"] == article.title


def edit_and_publish(page: ArticlePage, title: str) -> None:
    page = page.get_latest_revision_as_object()
    page.title = title
    page.save_revision().publish()


def test_the_first_request_after_a_publish_sees_the_new_content(client, article):
    listing = "/api/v2/pages/?type=content.ArticlePage&limit=50"
    detail = f"/api/v2/pages/{article.pk}/"
    client.get(listing), client.get(detail)
    edit_and_publish(article, "Retitled after publish")
    assert client.get(detail).json()["title"] == "Retitled after publish"
    assert "Retitled after publish" in client.get(listing).content.decode()


def test_unpublish_move_and_delete_are_seen_at_once(client, article):
    detail = f"/api/v2/pages/{article.pk}/"
    assert client.get(detail).status_code == 200
    article.unpublish()
    assert client.get(detail).status_code == 404

    article.get_latest_revision().publish()
    assert client.get(detail).status_code == 200
    stories = Page.objects.get(slug="stories")
    Page.objects.get(pk=article.pk).move(stories, pos="last-child")
    assert client.get(detail).json()["meta"]["path"] == "/stories/autumn-release/"

    Page.objects.get(pk=article.pk).delete()
    assert client.get(detail).status_code == 404


def test_site_settings_images_and_redirects_invalidate_too(client, demo_site, article):
    client.get("/api/v2/site/"), client.get("/api/v2/redirects/")
    client.get(f"/api/v2/pages/{article.pk}/")

    settings_ = SiteSettings.for_site(demo_site)
    settings_.tagline = "A new tagline"
    settings_.save()
    assert client.get("/api/v2/site/").json()["tagline"] == "A new tagline"

    Redirect.objects.create(old_path="/old-guides", redirect_page=Page.objects.get(slug="guides"))
    assert len(client.get("/api/v2/redirects/").json()["items"]) == 2

    image = Image.objects.get(pk=article.hero_image_id)
    image.title = "Renamed image"
    image.save()
    assert client.get(f"/api/v2/pages/{article.pk}/").json()["hero_image"]["title"] == "Renamed image"


def test_the_server_cache_can_be_turned_off(client, settings, article):
    settings.API_RESPONSE_CACHE_SECONDS = 0
    url = f"/api/v2/pages/{article.pk}/"
    client.get(url)
    # A change the response cache is not told of, but the delivery store is (as by every
    # tracked change): with no response cache, the next response is rebuilt from it.
    Page.objects.filter(pk=article.pk).update(title="Seen at once without a cache")
    pages_changed([article.path], [article.pk])
    assert client.get(url).json()["title"] == "Seen at once without a cache"


def test_a_bulk_move_to_a_private_collection_is_seen_at_once(client, django_user_model, article):
    from django.urls import reverse
    from wagtail.models import Collection

    image = Image.objects.get(pk=article.hero_image_id)
    assert client.get(f"/api/v2/images/{image.pk}/").status_code == 200
    admin = django_user_model.objects.create_superuser("bulk", "", "pw")
    private = Collection.objects.get(name="Private")
    admin_client = type(client)()
    admin_client.force_login(admin)
    url = reverse("wagtail_bulk_action", args=("wagtailimages", "image", "add_to_collection"))
    response = admin_client.post(f"{url}?id={image.pk}", {"collection": private.pk})
    assert response.status_code == 302
    assert Image.objects.get(pk=image.pk).collection_id == private.pk
    assert client.get(f"/api/v2/images/{image.pk}/").status_code == 404


def test_a_repeated_bad_request_is_answered_from_the_cache(client, django_assert_max_num_queries, article):
    """At most the delivery store's one query (it looks first, for a page or path it may hold)."""
    client.get("/api/v2/site/")  # the host's site remembered, so the store's read is tried too
    bad = ["/api/v2/pages/999999/", "/api/v2/pages/?order=no_such_field", "/api/v2/pages/find/?html_path=/x/"]
    for url in bad:
        first = client.get(url)
        assert first.status_code in (400, 404)
        with django_assert_max_num_queries(1):
            again = client.get(url)
        assert (again.status_code, again.json()) == (first.status_code, first.json())


def test_a_page_published_after_its_404_was_cached_is_found_at_once(client, article):
    find = "/api/v2/pages/find/?html_path=/news/late-news/"
    assert client.get(find).status_code == 404
    news = Page.objects.get(slug="news")
    page = news.add_child(instance=ArticlePage(title="Late news", slug="late-news", summary="Now it exists."))
    page.save_revision().publish()
    found = client.get(find)
    assert found.status_code == 302
    assert client.get(found["Location"]).json()["title"] == "Late news"


def test_cached_lifetimes_are_spread_and_errors_kept_shorter(client, settings, monkeypatch, article):
    from content.api import http_cache

    settings.API_RESPONSE_CACHE_SECONDS, settings.API_ERROR_CACHE_SECONDS = 600, 60
    lifetimes: dict[str, list[int]] = {"ok": [], "error": []}
    real_set = http_cache.cache.set

    def recording_set(key, value, timeout=None):
        if key.startswith("api:response:"):
            lifetimes["ok" if value[0] == 200 else "error"].append(timeout)
        return real_set(key, value, timeout=timeout)

    monkeypatch.setattr(http_cache.cache, "set", recording_set)
    for offset in range(20):
        client.get(f"/api/v2/images/?offset={offset}&limit=1")  # the store answers pages: it keeps no 200s
        client.get(f"/api/v2/pages/{900000 + offset}/")
    assert len(lifetimes["ok"]) == len(lifetimes["error"]) == 20
    assert all(480 <= seconds <= 600 for seconds in lifetimes["ok"])
    assert all(48 <= seconds <= 60 for seconds in lifetimes["error"])
    assert len(set(lifetimes["ok"])) > 5  # entries cached together do not all expire together


def test_server_errors_and_other_statuses_are_never_kept():
    from content.api.http_cache import _lifetime

    assert [_lifetime(status) for status in (304, 401, 403, 429, 500, 503)] == [0] * 6
    assert _lifetime(404) > 0 and _lifetime(302) > 0
