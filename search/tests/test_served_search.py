"""A search of a whole site on PostgreSQL in one statement (search/served.py): the same answers as the
ordinary path, the pages checked at the moment of the read, the sites as they stand."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from content.api.sites import forget_sites
from content.delivery.invalidation import bump_sites_epoch
from search import views
from search.models import SearchEntry

SEARCH = "/api/v2/search/"

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the one-statement path is PostgreSQL's; SQLite takes the other"
)


@pytest.fixture(autouse=True)
def server_cache_off(settings):
    settings.API_RESPONSE_CACHE_SECONDS = 0  # with the cache on, searches go through it (test_search_api)


def ids(client, **query) -> list[int]:
    response = client.get(SEARCH, query)
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_a_remembered_host_searches_in_one_statement(client, demo_site, django_assert_num_queries):
    forget_sites()
    assert ids(client, q="static")  # resolves the site and remembers it
    with django_assert_num_queries(1):
        assert ids(client, q="accessibility audit")
    with django_assert_num_queries(1):
        assert ids(client, q='"static export"', limit=3, offset=1)


def test_a_typo_costs_a_second_statement(client, demo_site, django_assert_num_queries):
    ids(client, q="static")
    # the statement, which finds nothing and so reads the unknown words and their neighbours too;
    # then the statement of the correction
    with django_assert_num_queries(2):
        response = client.get(SEARCH, {"q": "acessibility"})
    assert response.json()["meta"]["did_you_mean"] == "accessibility"
    assert response.json()["items"]


QUERIES = [
    "static",
    "accessibility audit",
    '"static export"',
    "publishing editors release",
    "acessibility",  # did_you_mean
    "zzzzqqq",  # nothing at all
    "&|!():*<->'\\",  # no word
    "Ü the",
]


@pytest.mark.parametrize("q", QUERIES)
@pytest.mark.parametrize("window", [{}, {"limit": 2, "offset": 1}, {"limit": 3, "offset": 7}])
def test_the_one_statement_path_gives_the_ordinary_paths_bytes(client, demo_site, monkeypatch, q, window):
    forget_sites()
    client.get(SEARCH, {"q": "static"})  # remember the site: the next request is answered before the viewset
    served = client.get(SEARCH, {"q": q, **window})
    monkeypatch.setattr(views, "unnarrowed", lambda search: False)  # engine, then results.py
    ordinary = client.get(SEARCH, {"q": q, **window})
    assert served.status_code == ordinary.status_code == 200
    assert served.content == ordinary.content
    for header in ("Content-Type", "ETag", "Cache-Control", "Allow"):
        assert served.get(header) == ordinary.get(header), header


def test_a_page_hidden_without_reindexing_is_not_served(client, demo_site):
    """The statement checks each result's page against the tables, not against the index."""
    ids(client, q="static")
    audit = Page.objects.get(slug="accessibility-audit")
    assert audit.pk in ids(client, q="accessibility audit")
    restriction = PageViewRestriction(page=audit, restriction_type=PageViewRestriction.PASSWORD, password="x")
    PageViewRestriction.objects.bulk_create([restriction])  # no signal: the entry stays
    assert SearchEntry.objects.filter(pk=audit.pk).exists()
    assert audit.pk not in ids(client, q="accessibility audit")
    PageViewRestriction.objects.filter(page=audit).delete()
    Page.objects.filter(pk=audit.pk).update(live=False)  # unpublished behind the index's back
    assert audit.pk not in ids(client, q="accessibility audit")


def test_a_site_changed_elsewhere_is_seen_at_once(client, demo_site):
    quickstart = Page.objects.get(slug="frontend-quickstart")
    assert ids(client, q="frontend quickstart")[0] == quickstart.pk  # the site remembered
    guides = Page.objects.get(slug="guides")
    # Another process moves the site's root: its paths change, and the news section leaves it.
    Site.objects.filter(pk=demo_site.pk).update(root_page=guides)
    bump_sites_epoch()
    item = client.get(SEARCH, {"q": "frontend quickstart"}).json()["items"][0]
    assert item["path"] == "/frontend-quickstart/"
    audit = Page.objects.get(slug="accessibility-audit")
    assert audit.pk not in ids(client, q="accessibility audit")  # under /news/, outside the site now


def test_with_a_second_site_each_host_searches_its_own(client, demo_site):
    guides = Page.objects.get(slug="guides")
    ids(client, q="static")  # localhost remembered while it was the only site
    Site.objects.create(hostname="guides.example", port=80, root_page=guides)
    audit = Page.objects.get(slug="accessibility-audit")
    assert audit.pk in ids(client, q="accessibility audit")
    assert audit.pk not in ids(client, q="accessibility audit", site="guides.example")
    quickstart = Page.objects.get(slug="frontend-quickstart")
    item = client.get(SEARCH, {"q": "frontend quickstart", "site": "guides.example"}).json()["items"][0]
    assert (item["id"], item["path"]) == (quickstart.pk, "/frontend-quickstart/")


def test_with_a_second_site_a_remembered_host_tries_no_statement_in_vain(client, demo_site):
    ids(client, q="static")  # localhost remembered while it was the only site
    Site.objects.create(hostname="guides.example", port=80, root_page=Page.objects.get(slug="guides"))
    first = client.get(SEARCH, {"q": "accessibility audit"})  # the statement sees two sites
    with CaptureQueriesContext(connection) as context:
        again = client.get(SEARCH, {"q": "accessibility audit"})
    assert again.content == first.content
    assert not [query for query in context.captured_queries if "site_count" in query["sql"]]


def test_the_gin_indexes_keep_no_pending_list(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reloptions FROM pg_class WHERE relname LIKE 'search_%%_gin'")
        options = dict(cursor.fetchall())
    assert len(options) == 5
    assert all(value == ["fastupdate=off"] for value in options.values()), options


def test_a_renamed_site_root_changes_no_result_path(client, demo_site, django_capture_on_commit_callbacks):
    assert ids(client, q="frontend quickstart")  # the site remembered, with its root's url_path
    root = demo_site.root_page.specific
    root.slug = f"{root.slug}-renamed"
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail signals a new slug on commit
        root.save_revision().publish()  # every url_path below it changes; paths in the site do not
    item = client.get(SEARCH, {"q": "frontend quickstart"}).json()["items"][0]
    assert item["path"] == "/guides/frontend-quickstart/"
