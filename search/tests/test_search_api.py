"""GET /api/v2/search/: ranked results over live, public pages; bad input is a 400."""

import json

import pytest
from django.db import connection
from wagtail.models import Page

from content.demo import blocks, markers
from content.models import ArticlePage

SEARCH = "/api/v2/search/"


def search(client, **query):
    response = client.get(SEARCH, query)
    assert response.status_code == 200, response.content
    return response.json()


def slugs(data) -> list[str]:
    by_id = dict(Page.objects.filter(pk__in=[i["id"] for i in data["items"]]).values_list("pk", "slug"))
    return [by_id[item["id"]] for item in data["items"]]


@pytest.fixture(autouse=True)
def server_cache_on(settings):
    # Searches are cached like every API response: a change must still show at once.
    settings.API_RESPONSE_CACHE_SECONDS = 600


def test_a_result_carries_what_a_results_page_shows(client, demo_site):
    data = search(client, q="accessibility audit")
    first = data["items"][0]
    article = ArticlePage.objects.get(slug="accessibility-audit")
    assert first == {
        "id": article.pk,
        "type": "content.ArticlePage",
        "title": "Results of the accessibility audit",
        "path": "/news/accessibility-audit/",
        "summary": article.summary,
        "snippet": first["snippet"],
        "rank": 1,
        "detail_url": f"http://testserver/api/v2/pages/{article.pk}/",
    }
    assert "<mark>audit</mark>" in first["snippet"]
    assert data["meta"] == {
        "total_count": data["meta"]["total_count"],
        "total_count_exact": True,
        "query": "accessibility audit",
        "did_you_mean": None,
    }


def test_title_and_summary_outrank_the_body(client, demo_site):
    # "Stemming" is in one article's summary, and in the body sentence many articles share.
    assert slugs(search(client, q="weighted titles"))[0] == "search-improvements"


def test_body_blocks_tags_and_authors_are_indexed(client, demo_site):
    assert "style-guide" in slugs(search(client, q="evergreen"))  # a table cell
    assert "style-guide" in slugs(search(client, q="first draft", limit=5))  # call-to-action text
    assert slugs(search(client, q="performance")) == ["static-site-launch"]  # a tag only
    assert "the-photographers-eye" in slugs(search(client, q="Ibarra", limit=20))  # an author


def test_publishing_finds_a_page_that_only_says_published(client, demo_site):
    page = ArticlePage.objects.get(slug="ten-years-of-the-journal")
    assert "published" in page.summary and "publishing" not in str(page.body.raw_data)
    data = search(client, q="publishing", limit=50)
    assert "ten-years-of-the-journal" in slugs(data)
    item = next(item for item in data["items"] if item["id"] == page.pk)
    assert "<mark>published</mark>" in item["snippet"]


def test_snippets_escape_the_text_they_show(client, demo_site):
    article = ArticlePage.objects.get(slug="autumn-release")
    article.body = [blocks.paragraph("<p>Zanzibar &lt;script&gt;alert(1)&lt;/script&gt; rules</p>")]
    article.save_revision().publish()
    snippet = search(client, q="zanzibar")["items"][0]["snippet"]
    assert "<script>" not in snippet
    assert "<mark>Zanzibar</mark> &lt;script&gt;" in snippet


def test_filters_by_type_and_section(client, demo_site):
    guides = Page.objects.get(slug="guides")
    everything = search(client, q="editors", limit=50)
    in_guides = search(client, q="editors", descendant_of=guides.pk, limit=50)
    indexes = search(client, q="editors", type="content.IndexPage", limit=50)
    assert 0 < in_guides["meta"]["total_count"] < everything["meta"]["total_count"]
    assert all(item["path"].startswith("/guides/") for item in in_guides["items"])
    assert {item["type"] for item in indexes["items"]} == {"content.IndexPage"}


def test_pages_of_results_with_a_total(client, demo_site):
    first = search(client, q="editors", limit=3)
    second = search(client, q="editors", limit=3, offset=3)
    total = first["meta"]["total_count"]
    assert total > 6 and second["meta"]["total_count"] == total
    assert [item["rank"] for item in first["items"] + second["items"]] == [1, 2, 3, 4, 5, 6]
    assert not {item["id"] for item in first["items"]} & {item["id"] for item in second["items"]}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({}, "q must not be empty"),
        ({"q": "   "}, "q must not be empty"),
        ({"q": "x" * 201}, "longer than 200"),
        ({"q": "x" * 600}, "longer than 500"),
        ({"q": "news", "limit": "abc"}, "limit must be a whole number"),
        ({"q": "news", "limit": "1000"}, "limit must be at most 100"),
        ({"q": "news", "offset": "-1"}, "offset must be a whole number"),
        ({"q": "news", "type": "nope.Nope"}, "is not a page type"),
        ({"q": "news", "type": "wagtailimages.Image"}, "is not a page type"),
        ({"q": "news", "descendant_of": "999999"}, "no public page with id 999999"),
        ({"q": "news", "descendant_of": "x"}, "descendant_of must be a whole number"),
        ({"q": "news", "order": "title"}, "unknown parameters: order"),
        ({"q": "news\x00"}, "null character"),
    ],
)
def test_bad_input_is_a_400_naming_the_problem(client, demo_site, query, message):
    response = client.get(SEARCH, query)
    assert response.status_code == 400
    assert message in response.json()["message"]


def test_an_unbalanced_quote_is_not_an_error(client, demo_site):
    assert client.get(SEARCH, {"q": 'static "export'}).status_code == 200


def test_drafts_and_restricted_pages_are_never_found(client, restricted):
    """Each hidden page carries a marker: searching for it, or the page's title, finds other pages at most."""
    hidden = {page.pk for page in restricted.values()}
    for query in [*markers.ALL, *(page.title for page in restricted.values())]:
        response = client.get(SEARCH, {"q": query, "limit": 100})
        assert not hidden & {item["id"] for item in response.json()["items"]}, query
        results = json.dumps(response.json()["items"])  # meta echoes the query itself
        assert not any(marker in results for marker in markers.ALL), query
    members = restricted["members"]
    assert client.get(SEARCH, {"q": "news", "descendant_of": members.pk}).status_code == 400


def test_the_index_follows_publish_unpublish_and_delete_at_once(client, demo_site):
    news = Page.objects.get(slug="news")
    article = ArticlePage(title="Quokka sighting", slug="quokka", summary="A rare visitor.", live=False)
    news.add_child(instance=article)
    assert search(client, q="quokka")["meta"]["total_count"] == 0  # a draft

    article.save_revision().publish()
    assert [item["id"] for item in search(client, q="quokka")["items"]] == [article.pk]

    article.title = "Wombat sighting"
    article.save_revision()  # an unpublished change is not searchable
    assert search(client, q="wombat")["meta"]["total_count"] == 0

    article.refresh_from_db()
    article.unpublish()
    assert search(client, q="quokka")["meta"]["total_count"] == 0
    article.title = "Wombat sighting"
    article.save_revision().publish()
    assert search(client, q="wombat")["meta"]["total_count"] == 1
    article.delete()
    assert search(client, q="wombat")["meta"]["total_count"] == 0


def test_search_query_count(client, demo_site, django_assert_max_num_queries, settings):
    settings.API_RESPONSE_CACHE_SECONDS = 0
    # Site, search, count, then the specific pages: one query per page type shown.
    with django_assert_max_num_queries(10):
        assert search(client, q="editors", limit=20)["items"]


def test_on_both_databases_the_backend_is_the_database_one(demo_site):
    from wagtail.search.backends import get_search_backend

    backend = type(get_search_backend()).__module__
    expected = {"postgresql": ".postgres.", "sqlite": ".sqlite."}[connection.vendor]
    assert expected in backend  # PostgreSQL's or SQLite's own full-text search
