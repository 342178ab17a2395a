"""GET /api/v2/search/suggest/: title completions of live, public pages, word-start aware."""

import json

import pytest
from wagtail.models import Page, Site

from content.api.sites import forget_sites
from content.delivery.invalidation import bump_sites_epoch
from content.demo import markers
from content.models import ArticlePage

SUGGEST = "/api/v2/search/suggest/"


def titles(client, q: str) -> list[str]:
    response = client.get(SUGGEST, {"q": q})
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def test_a_prefix_completes_titles_with_a_word_starting_with_it(client, demo_site):
    assert titles(client, "accessib") == ["Results of the accessibility audit"]
    assert titles(client, "photo") == ["The photographer's eye"]
    assert titles(client, "udit") == []  # inside a word, not at its start


def test_every_word_typed_narrows_and_the_last_may_be_partial(client, demo_site):
    assert titles(client, "static ex") == ["Deploying the static export"]
    assert "The static site is live on the CDN" in titles(client, "stat")


def test_titles_that_start_with_the_prefix_come_first_and_at_most_ten(client, demo_site):
    found = titles(client, "f")
    assert len(found) <= 10
    starting = [title for title in found if title.lower().startswith("f")]
    assert found[: len(starting)] == starting and starting


def test_an_item_carries_id_title_path_and_detail_url(client, demo_site):
    item = client.get(SUGGEST, {"q": "quickst"}).json()["items"][0]
    page = Page.objects.get(slug="frontend-quickstart")
    assert item == {
        "id": page.pk,
        "title": "Frontend quickstart",
        "path": "/guides/frontend-quickstart/",
        "detail_url": f"http://testserver/api/v2/pages/{page.pk}/",
    }


def test_a_new_title_is_suggested_once_published_and_not_after_unpublishing(client, demo_site):
    news = Page.objects.get(slug="news")
    article = ArticlePage(title="Harbour lights", slug="harbour-lights", summary="Night.", live=False)
    news.add_child(instance=article)
    assert titles(client, "harb") == []
    article.save_revision().publish()
    assert titles(client, "harb") == ["Harbour lights"]
    article.refresh_from_db()
    article.unpublish()
    assert titles(client, "harb") == []


def test_drafts_and_restricted_pages_are_never_suggested(client, restricted):
    hidden = {page.pk for page in restricted.values()}
    for page in restricted.values():
        for q in [page.title, page.title[:4], *markers.ALL]:
            response = client.get(SUGGEST, {"q": q})
            assert not hidden & {item["id"] for item in response.json()["items"]}, q
            assert not any(marker in json.dumps(response.json()["items"]) for marker in markers.ALL)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({}, "q must not be empty"),
        ({"q": " "}, "q must not be empty"),
        ({"q": "x" * 201}, "longer than 200"),
        ({"q": "news", "limit": "5"}, "unknown parameters: limit"),
    ],
)
def test_bad_input_is_a_400(client, demo_site, query, message):
    response = client.get(SUGGEST, query)
    assert response.status_code == 400
    assert message in response.json()["message"]


def test_suggest_query_count(client, demo_site, django_assert_max_num_queries, settings):
    settings.API_RESPONSE_CACHE_SECONDS = 0
    # The first request for a host resolves its site (and the sites epoch) and remembers it.
    with django_assert_max_num_queries(5):
        assert titles(client, "the")
    # Then one statement: the completions, their visibility, and the sites epoch beside them.
    with django_assert_max_num_queries(1):
        assert titles(client, "stat")


@pytest.mark.parametrize("q", ["the", "stat", "static ex", "f", "quickst", "zzzz", "Ü", "the the the"])
def test_the_remembered_site_path_gives_the_same_bytes(client, demo_site, settings, q):
    settings.API_RESPONSE_CACHE_SECONDS = 0
    forget_sites()
    first = client.get(SUGGEST, {"q": q})  # the viewset's path, which remembers the site
    again = client.get(SUGGEST, {"q": q})  # answered before the viewset runs
    assert first.status_code == again.status_code == 200
    assert first.content == again.content
    for header in ("Content-Type", "ETag", "Cache-Control", "Allow", "Vary"):
        assert first.get(header) == again.get(header), header


def test_a_site_changed_elsewhere_is_seen_at_once(client, demo_site, settings):
    settings.API_RESPONSE_CACHE_SECONDS = 0
    assert titles(client, "quickst") == ["Frontend quickstart"]  # the site remembered
    guides = Page.objects.get(slug="guides")
    # Another process moves the site's root: its paths change, and the news section leaves it.
    Site.objects.filter(pk=demo_site.pk).update(root_page=guides)
    bump_sites_epoch()
    item = client.get(SUGGEST, {"q": "quickst"}).json()["items"][0]
    assert item["path"] == "/frontend-quickstart/"
    assert titles(client, "accessib") == []  # under /news/, outside the site now


def test_a_renamed_site_root_changes_no_suggestion_path(
    client, demo_site, django_capture_on_commit_callbacks, settings
):
    settings.API_RESPONSE_CACHE_SECONDS = 0
    assert titles(client, "quickst") == ["Frontend quickstart"]  # the site remembered
    root = demo_site.root_page.specific
    root.slug = f"{root.slug}-renamed"
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail signals a new slug on commit
        root.save_revision().publish()
    item = client.get(SUGGEST, {"q": "quickst"}).json()["items"][0]
    assert item["path"] == "/guides/frontend-quickstart/"
