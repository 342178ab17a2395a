"""The preview endpoint: a draft in the detail JSON, behind a signed token that expires."""

import json
import time
from unittest import mock

import pytest
from django.core.management import call_command
from wagtail.models import Page
from wagtail_headless_preview.models import PagePreview

from content.demo import blocks, markers
from content.models import ArticlePage, ArticlePageAuthor, IndexPage, Person
from content.pages.preview import ExpiringPreviewMixin

PREVIEW_URL = "/api/v2/preview/"


def open_preview(client, page: Page, token: str, content_type: str | None = None):
    query = {"content_type": content_type or page.get_content_type_str(), "token": token}
    return client.get(PREVIEW_URL, query)


def token_signed_at(moment: float, identifier: str) -> str:
    with mock.patch("time.time", return_value=moment):
        return ExpiringPreviewMixin.get_preview_signer().sign(identifier)


def stored_preview(page: Page, token: str) -> PagePreview:
    content_type = page.content_type
    return PagePreview.objects.create(token=token, content_type=content_type, content_json=page.to_json())


@pytest.fixture
def article(demo_site) -> ArticlePage:
    return ArticlePage.objects.get(slug="autumn-release")


@pytest.mark.parametrize("slug", ["home", "news", "autumn-release", "style-guide"])
def test_an_unchanged_page_previews_as_its_detail_json(client, demo_site, slug):
    page = Page.objects.get(slug=slug).specific
    token = page.create_page_preview().token

    preview = open_preview(client, page, token).json()
    detail = client.get(f"/api/v2/pages/{page.pk}/").json()

    assert preview["meta"].pop("detail_url").startswith("http://testserver/api/v2/preview/?content_type=")
    detail["meta"].pop("detail_url")
    assert preview["meta"] == detail["meta"]
    assert preview == detail


def test_unsaved_edits_show_in_the_preview_and_nowhere_else(client, article):
    person = Person.objects.create(name="Preview Author", role="Guest")
    article.title = "Edited in the form, not saved"
    article.body = [blocks.heading("A new heading"), blocks.quote("Said in the draft", "Someone")]
    article.authors = [ArticlePageAuthor(person=person, sort_order=0)]
    article.tags.add("draft-only-tag")
    token = article.create_page_preview().token

    preview = open_preview(client, article, token).json()

    assert preview["title"] == "Edited in the form, not saved"
    assert [block["type"] for block in preview["body"]] == ["heading", "quote"]
    assert [author["name"] for author in preview["authors"]] == ["Preview Author"]
    assert "draft-only-tag" in preview["tags"]
    live = client.get(f"/api/v2/pages/{article.pk}/").json()
    assert live["title"] == ArticlePage.objects.get(pk=article.pk).title != preview["title"]
    assert "Preview Author" not in json.dumps(live)


def test_a_page_never_saved_previews_with_id_zero(client, demo_site):
    parent = Page.objects.get(slug="guides")
    page = ArticlePage(title="Brand new", slug="brand-new", summary="Not saved yet")
    # What Wagtail's create view does before it previews a page.
    page.depth = parent.depth + 1
    page.path = parent.get_last_child()._inc_path()
    page.set_url_path(parent)

    data = open_preview(client, page, page.create_page_preview().token).json()

    assert data["id"] == 0
    assert data["meta"]["path"] == "/guides/brand-new/"
    assert [crumb["path"] for crumb in data["breadcrumbs"]] == ["/", "/guides/"]
    assert not ArticlePage.objects.filter(slug="brand-new").exists()


def test_a_draft_never_published_previews_by_token_and_stays_out_of_the_api(client, restricted):
    draft = restricted["upcoming-announcement"].get_latest_revision_as_object()

    data = open_preview(client, draft, draft.create_page_preview().token).json()

    assert markers.DRAFT_ONLY in json.dumps(data)
    listing = client.get("/api/v2/pages/", {"fields": "*", "limit": 100})
    assert markers.DRAFT_ONLY not in listing.text
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404


def test_a_preview_widens_nothing_it_links_to(client, public_page_pointing_at_private_things):
    page = public_page_pointing_at_private_things
    data = open_preview(client, page, page.create_page_preview().token)

    assert data.status_code == 200
    for marker in markers.ALL:
        assert marker not in data.text
    assert data.json()["related_pages"] == []


def test_preview_responses_are_private_and_never_cached(client, article, settings):
    settings.API_RESPONSE_CACHE_SECONDS = 600
    preview = article.create_page_preview()
    good = open_preview(client, article, preview.token)
    bad = open_preview(client, article, "forged")
    for response in (good, bad):
        assert response["Cache-Control"] == "no-store, private"
        assert response["X-Robots-Tag"] == "noindex"
        assert response["Referrer-Policy"] == "no-referrer"
        assert "ETag" not in response
    preview.delete()
    assert open_preview(client, article, preview.token).status_code == 404  # not served from a cache


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({}, "is not a page type"),
        ({"content_type": "content.articlepage"}, "not valid"),
        ({"content_type": "content.articlepage", "token": "id=1"}, "not valid"),
        ({"content_type": "content.articlepage", "token": "id=1:1xV3ie:forged-signature"}, "not valid"),
        ({"content_type": "content.nosuchpage", "token": "x"}, "is not a page type"),
        ({"content_type": "auth.user", "token": "x"}, "is not a page type"),
        ({"content_type": "wagtailcore.page", "token": "x"}, "is not a page type"),
        ({"content_type": "no-dot-at-all", "token": "x"}, "is not a page type"),
    ],
)
def test_bad_links_get_a_json_404(client, article, query, message):
    article.create_page_preview()
    response = client.get(PREVIEW_URL, query)
    assert response.status_code == 404
    assert message in response.json()["message"]


def test_a_signature_made_for_one_page_does_not_open_another(client, article):
    token = article.create_page_preview().token
    identifier, _, signature = token.partition(":")
    other = ArticlePage.objects.exclude(pk=article.pk).first()
    response = open_preview(client, article, f"id={other.pk}:{signature}")
    assert response.status_code == 404


def test_a_token_opens_only_the_type_it_was_made_for(client, article):
    token = article.create_page_preview().token
    response = open_preview(client, article, token, content_type="content.indexpage")
    assert response.status_code == 404
    assert "no longer stored" in response.json()["message"]


def test_tokens_expire_after_the_configured_age_checked_on_each_use(client, article, settings):
    settings.PREVIEW_TOKEN_MAX_AGE = 30 * 60
    old = token_signed_at(time.time() - 31 * 60, f"id={article.pk}")
    recent = token_signed_at(time.time() - 29 * 60, f"id={article.pk}")
    stored_preview(article, old)
    stored_preview(article, recent)

    expired = open_preview(client, article, old)
    assert expired.status_code == 404
    assert "expired" in expired.json()["message"]
    assert open_preview(client, article, recent).status_code == 200

    settings.PREVIEW_TOKEN_MAX_AGE = 60  # shortened: the recent token now expires too
    assert open_preview(client, article, recent).status_code == 404


def test_a_deleted_page_preview_is_a_404(client, demo_site):
    page = ArticlePage.objects.get(slug="autumn-release")
    token = page.create_page_preview().token
    page.delete()
    response = open_preview(client, page, token)
    assert response.status_code == 404
    assert "deleted" in response.json()["message"]


def test_a_stored_draft_that_no_longer_loads_is_a_404(client, article):
    preview = article.create_page_preview()
    PagePreview.objects.filter(pk=preview.pk).update(content_json="{not json")
    assert open_preview(client, article, preview.token).status_code == 404


def test_unknown_and_repeated_parameters_are_a_400(client, article):
    token = article.create_page_preview().token
    query = f"content_type=content.articlepage&token={token}"
    assert client.get(f"{PREVIEW_URL}?{query}&fields=*").status_code == 400
    assert client.get(f"{PREVIEW_URL}?{query}&token={token}").status_code == 400


def test_an_index_preview_carries_its_listing(client, demo_site):
    index = IndexPage.objects.get(slug="news")
    data = open_preview(client, index, index.create_page_preview().token).json()
    assert (
        data["children"]["total_count"]
        == client.get(f"/api/v2/pages/{index.pk}/").json()["children"]["total_count"]
    )


def test_preview_query_count(client, article, django_assert_max_num_queries):
    """About 10 more than a detail: wagtail-headless-preview rebuilds the draft from JSON and checks
    each foreign key it holds (revision, locale, images, linked pages, people) one by one."""
    token = article.create_page_preview().token
    with django_assert_max_num_queries(27):
        assert open_preview(client, article, token).status_code == 200


def test_purge_previews_deletes_only_links_that_no_longer_open(article, settings):
    settings.PREVIEW_TOKEN_MAX_AGE = 30 * 60
    stale = stored_preview(article, token_signed_at(time.time() - 3600, f"id={article.pk}"))
    forged = stored_preview(article, "id=1:abc:forged")
    fresh = stored_preview(article, token_signed_at(time.time() - 60, f"id={article.pk}"))

    call_command("purge_previews", verbosity=0)

    assert set(PagePreview.objects.values_list("pk", flat=True)) == {fresh.pk}
    assert not PagePreview.objects.filter(pk__in=[stale.pk, forged.pk]).exists()


def test_the_preview_link_points_at_the_client(rf, article, settings):
    request = rf.get("/admin/")
    settings.PREVIEW_CLIENT_URL = ""
    assert article.get_preview_url(request, "t").startswith("/_preview/?content_type=")
    settings.PREVIEW_CLIENT_URL = "https://frontend.example/api/preview"
    assert article.get_preview_url(request, "t").startswith(
        "https://frontend.example/api/preview?content_type="
    )
