"""The store's one-query answers (content.api.stored_reads) are the viewset's answers, byte for byte.

Each request is made twice: first with no site remembered in this process, so the
viewset answers (building what is missing and remembering the host's site), then
again, answered from the store in one query. Status, body and headers must agree.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import clear_script_prefix, set_script_prefix
from wagtail.models import Page, PageViewRestriction, Site

from content.api.sites import forget_sites
from content.models import ArticlePage

COMPARED_HEADERS = ("Content-Type", "ETag", "Cache-Control", "Allow", "Location", "Vary")


@pytest.fixture(autouse=True)
def no_server_cache(settings):
    settings.API_RESPONSE_CACHE_SECONDS = 0


def queries_of(client, url: str):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def assert_same_answer(client, url: str, from_store_expected: bool | None = True) -> None:
    forget_sites()
    by_viewset = client.get(url)
    from_store, first_queries = queries_of(client, url)
    assert from_store.status_code == by_viewset.status_code, url
    assert from_store.content == by_viewset.content, url
    for header in COMPARED_HEADERS:
        assert from_store.get(header) == by_viewset.get(header), f"{header} of {url}"
    if from_store_expected is None:  # a listing: the store answers a window that has pages
        from_store_expected = by_viewset.status_code == 200 and bool(by_viewset.json()["items"])
    if from_store_expected:
        # A listing's first answer from the store also counts its total (once per store epoch).
        assert first_queries <= 2, f"{url} was not answered from the store ({first_queries} queries)"
        again, queries = queries_of(client, url)
        assert queries == 1, f"{url} was not answered from the store in one query ({queries})"
        assert again.content == by_viewset.content, url


def public_pages(site: Site) -> list[Page]:
    return list(Page.objects.live().public().descendant_of(site.root_page, inclusive=True).specific())


def test_every_public_page_in_every_field_selection(client, demo_site):
    site_parameter = f"{demo_site.hostname}:{demo_site.port}"
    for page in public_pages(demo_site):
        for query in ("", "?fields=*", "?fields=_,title,meta", "?fields=-title", f"?site={site_parameter}"):
            assert_same_answer(client, f"/api/v2/pages/{page.pk}/{query}")


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?type=content.ArticlePage&fields=*&limit=20",
        "?type=content.ArticlePage&fields=title,summary",
        "?type=content.IndexPage&fields=*",
        "?limit=5&offset=3",
        "?fields=_,title&limit=100",
        "?type=wagtailcore.Page&fields=*",
    ],
)
def test_listings(client, demo_site, query):
    assert_same_answer(client, f"/api/v2/pages/{query}")


def test_the_children_of_every_page(client, demo_site):
    """Public or not: a hidden parent is a 400 both ways; an empty window is left to the viewset."""
    for page in Page.objects.filter(depth__gt=1):
        for query in ("", "&type=content.ArticlePage&fields=*", "&limit=2&offset=1"):
            assert_same_answer(client, f"/api/v2/pages/?child_of={page.pk}{query}", from_store_expected=None)


def test_a_listing_total_follows_every_publish_and_unpublish(client, demo_site):
    """The total is counted once per store epoch; every change that can alter it moves the epoch."""
    url = "/api/v2/pages/?type=content.ArticlePage&fields=_,id&limit=2"
    before = client.get(url).json()["meta"]["total_count"]
    assert client.get(url).json()["meta"]["total_count"] == before  # from the store, counted before
    article = ArticlePage.objects.live().get(slug="autumn-release")
    article.unpublish()
    assert client.get(url).json()["meta"]["total_count"] == before - 1
    article.save_revision().publish()
    assert client.get(url).json()["meta"]["total_count"] == before
    PageViewRestriction.objects.create(page=article, restriction_type="login")
    assert client.get(url).json()["meta"]["total_count"] == before - 1
    assert_same_answer(client, url)


def test_find_every_public_page_and_a_path_that_is_not_one(client, demo_site):
    for page in public_pages(demo_site):
        assert_same_answer(client, f"/api/v2/pages/find/?html_path={page.relative_url(demo_site)}")
        assert_same_answer(
            client, f"/api/v2/pages/find/?html_path={page.relative_url(demo_site)}&fields=title"
        )
    # Not a page: both answer 404 (the store's read declines, the viewset decides).
    assert_same_answer(client, "/api/v2/pages/find/?html_path=/news/page/2/", from_store_expected=False)
    assert_same_answer(client, "/api/v2/pages/find/?html_path=/no/such/page/", from_store_expected=False)


def test_find_redirects_under_each_script_prefix(client, demo_site):
    """The detail path is reversed once per script prefix (a WSGI server's SCRIPT_NAME)."""
    article = ArticlePage.objects.get(slug="autumn-release")
    url = f"/api/v2/pages/find/?html_path={article.relative_url(demo_site)}"
    try:
        for script_prefix in ("/", "/cms/", "/"):
            set_script_prefix(script_prefix)  # as Django's WSGI handler does; the test client does not
            forget_sites()
            by_viewset = client.get(url)
            from_store, queries = queries_of(client, url)
            assert queries == 1
            assert from_store["Location"] == by_viewset["Location"]
            assert from_store["Location"] == f"http://testserver{script_prefix}api/v2/pages/{article.pk}/"
    finally:
        clear_script_prefix()


def test_site_settings(client, demo_site):
    assert_same_answer(client, "/api/v2/site/")


def test_what_the_store_does_not_answer_is_still_checked_by_the_viewset(client, demo_site):
    article = ArticlePage.objects.live().first()
    client.get("/api/v2/site/")  # the host's site remembered
    for url, status in (
        (f"/api/v2/pages/{article.pk}/?fields=nope", 400),
        ("/api/v2/pages/?unknown=1", 400),
        ("/api/v2/pages/?order=title", 200),
        ("/api/v2/pages/?limit=101", 400),
        ("/api/v2/pages/?offset=-1", 400),
        ("/api/v2/pages/?type=content.Nope", 400),
        ("/api/v2/pages/?limit=0", 200),
        ("/api/v2/pages/99999999/", 404),
        ("/api/v2/pages/?offset=10000", 200),
    ):
        assert client.get(url).status_code == status, url


def test_etags_come_from_the_documents_and_answer_304(client, demo_site):
    article = ArticlePage.objects.get(slug="autumn-release")
    url = f"/api/v2/pages/{article.pk}/"
    etag = client.get(url)["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    article.title = "Autumn release, revised"
    article.save_revision().publish()
    changed = client.get(url)
    assert changed["ETag"] != etag
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200
    assert client.get(url, HTTP_IF_NONE_MATCH=changed["ETag"]).status_code == 304


def test_a_remembered_site_is_not_used_after_the_sites_change(client, demo_site):
    """testserver first means the default site; then a site of its own (the news section)."""
    home = demo_site.root_page
    assert client.get(f"/api/v2/pages/{home.pk}/").status_code == 200  # remembered: testserver → default
    assert client.get(f"/api/v2/pages/{home.pk}/").status_code == 200  # from the store
    news = Page.objects.get(slug="news")
    Site.objects.create(hostname="testserver", port=80, root_page=news, site_name="News only")
    assert client.get(f"/api/v2/pages/{home.pk}/").status_code == 404  # not inside the news site
    assert client.get(f"/api/v2/pages/{news.pk}/").status_code == 200


@pytest.mark.django_db
def test_find_looks_pages_up_by_an_index_on_url_path():
    """Without it, every find/ request scans the page table (5 ms at 10,000 pages)."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Page._meta.db_table)
    indexed = [c for c in constraints.values() if c["index"] and c["columns"] == ["url_path"]]
    assert indexed
