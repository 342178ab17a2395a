"""The change feed: an entry per stored document created, changed or removed, and GET /api/v2/changes/.

Entries are appended when documents are stored or dropped: by the task worker's
rebuild after a change commits (rebuild_documents here, as the tests run no worker),
or by a reader building what it met. They never carry content, and never a path
that was not public.
"""

import io
import json
import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from content.delivery import invalidation
from content.delivery.changes import feed_transaction, latest_seq
from content.delivery.models import DocumentChange, PageDocument
from content.delivery.rebuild import rebuild_documents
from content.models import ArticlePage, SiteSettings

from .api_client import get

ARTICLE = "content.ArticlePage"


@pytest.fixture(autouse=True)
def no_server_cache(settings):
    settings.API_RESPONSE_CACHE_SECONDS = 0


@pytest.fixture
def settled(demo_site) -> int:
    """Every public page's document built, as after the worker has run; the feed's last seq."""
    call_command("rebuild_documents", stdout=io.StringIO(), stderr=io.StringIO())
    return latest_seq()


def changes_since(client, seq: int, **params) -> list[dict]:
    query = "&".join(f"{name}={value}" for name, value in {"since": seq, **params}.items())
    return get(client, f"/api/v2/changes/?{query}")["items"]


def publish_article(parent: Page, title: str, **fields) -> ArticlePage:
    article = parent.add_child(instance=ArticlePage(title=title, summary="Summary.", live=False, **fields))
    article.save_revision().publish()
    return article


def test_a_published_page_is_created_and_its_index_updated(settled, client):
    news = Page.objects.get(slug="news")
    article = publish_article(news, "Harbour lights", slug="harbour-lights")
    assert changes_since(client, settled) == []  # the worker has not rebuilt yet
    rebuild_documents()
    items = changes_since(client, settled)
    assert {
        (item["kind"], item["id"], item["type"], item["old_path"], item["new_path"]) for item in items
    } == {
        ("updated", news.pk, "content.IndexPage", "/news/", "/news/"),  # its listing shows the article
        ("created", article.pk, ARTICLE, None, "/news/harbour-lights/"),
    }
    assert [item["seq"] for item in items] == sorted(item["seq"] for item in items)
    created = next(item for item in items if item["kind"] == "created")
    assert created == {
        "seq": created["seq"],
        "kind": "created",
        "site": Site.objects.get(is_default_site=True).pk,
        "id": article.pk,
        "type": ARTICLE,
        "old_path": None,
        "new_path": "/news/harbour-lights/",
        "at": created["at"],
    }
    assert created["seq"] > settled and created["at"].endswith("Z")


def test_entries_carry_no_content(settled, client):
    news = Page.objects.get(slug="news")
    publish_article(news, "Marker title zqxv", slug="quiet", search_description="marker description zqxv")
    rebuild_documents()
    body = client.get(f"/api/v2/changes/?since={settled}").content.decode()
    assert "zqxv" not in body and "Summary." not in body


def test_a_rebuild_that_changes_nothing_appends_nothing(settled, client):
    invalidation.everything_changed()  # every document stale, none different
    rebuild_documents()
    assert latest_seq() == settled
    assert changes_since(client, settled) == []


def test_a_reslug_reports_the_old_and_new_paths_of_the_page_and_its_descendants(settled, client):
    news = Page.objects.get(slug="news").specific
    child = news.get_children().live().first()
    news.slug = "newsroom"
    news.save_revision().publish()
    rebuild_documents()
    moved = {
        item["id"]: (item["kind"], item["old_path"], item["new_path"])
        for item in changes_since(client, settled)
    }
    assert moved[news.pk] == ("updated", "/news/", "/newsroom/")
    assert moved[child.pk] == ("updated", f"/news/{child.slug}/", f"/newsroom/{child.slug}/")


def test_unpublishing_reports_the_public_path_it_leaves(settled, client):
    article = ArticlePage.objects.live().get(slug="autumn-release")
    article.unpublish()
    rebuild_documents()
    gone = [item for item in changes_since(client, settled) if item["id"] == article.pk]
    assert [(item["kind"], item["old_path"], item["new_path"]) for item in gone] == [
        ("deleted", "/news/autumn-release/", None)
    ]


def test_a_restricted_page_is_deleted_and_its_later_edits_never_appear(settled, client):
    article = ArticlePage.objects.live().get(slug="autumn-release")
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    rebuild_documents()
    assert [(i["kind"], i["id"]) for i in changes_since(client, settled) if i["id"] == article.pk] == [
        ("deleted", article.pk)
    ]
    after = latest_seq()
    article.title = "Secret new title"
    article.slug = "secret-new-slug"
    article.save_revision().publish()
    rebuild_documents()
    body = client.get(f"/api/v2/changes/?since={after}").content.decode()
    assert "secret-new-slug" not in body and f'"id":{article.pk},' not in body


def test_a_draft_never_appears(settled, client):
    news = Page.objects.get(slug="news")
    draft = news.add_child(instance=ArticlePage(title="Draft", slug="draft-only", summary="s", live=False))
    draft.save_revision()
    rebuild_documents()
    body = client.get(f"/api/v2/changes/?since={settled}").content.decode()
    assert "draft-only" not in body and f'"id":{draft.pk},' not in body


def test_deleting_a_page_reports_it_and_its_descendants_without_a_rebuild(settled, client):
    news = Page.objects.get(slug="news")
    inside = set(news.get_descendants(inclusive=True).values_list("pk", flat=True))
    inside = set(PageDocument.objects.filter(page__in=inside).values_list("page_id", flat=True))
    news.delete()
    deleted = {item["id"] for item in changes_since(client, settled) if item["kind"] == "deleted"}
    assert deleted == inside


def test_site_settings_report_the_site_document(settled, client, demo_site):
    settings = SiteSettings.for_site(demo_site)
    settings.tagline = "A new tagline"
    settings.save()
    rebuild_documents()
    site_entries = [item for item in changes_since(client, settled) if item["type"] == "site"]
    assert [(e["kind"], e["id"], e["old_path"], e["new_path"]) for e in site_entries] == [
        ("updated", None, None, None)
    ]


def test_the_feed_is_read_in_pages(settled, client):
    entries = list(DocumentChange.objects.filter(site_id=Site.objects.get(is_default_site=True).pk))
    assert len(entries) > 3
    seen, since = [], 0
    while True:
        answer = get(client, f"/api/v2/changes/?since={since}&limit=2")
        seen += [item["seq"] for item in answer["items"]]
        assert answer["meta"]["since"] == since and len(answer["items"]) <= 2
        since = answer["meta"]["last_seq"]
        if not answer["meta"]["has_more"]:
            break
    assert seen == sorted(entry.seq for entry in entries)
    assert get(client, f"/api/v2/changes/?since={since}") == {
        "meta": {"since": since, "last_seq": since, "has_more": False},
        "items": [],
    }


def test_each_site_reads_its_own_feed(settled, client):
    news = Page.objects.get(slug="news")
    Site.objects.create(hostname="news.example", port=80, root_page=news, site_name="News")
    # The first build creates the new site's settings, a change: what it built is not kept,
    # and the worker runs again (as a change queues it).
    rebuild_documents()
    rebuild_documents()
    default = {item["site"] for item in changes_since(client, 0)}
    other = changes_since(client, 0, site="news.example")
    assert default == {Site.objects.get(is_default_site=True).pk}
    assert {item["site"] for item in other} == {Site.objects.get(hostname="news.example").pk}
    assert {item["new_path"] for item in other if item["id"] == news.pk} == {"/"}


@pytest.mark.parametrize(
    "query, message",
    [
        ("since=abc", "since must be a whole number"),
        ("since=-1", "since must be a whole number"),
        ("since=99999999999999999999", "since must be a whole number"),
        ("limit=0", "limit must be a whole number between 1 and 500"),
        ("limit=501", "limit must be a whole number between 1 and 500"),
        ("after=3", "unknown parameters: after"),
        ("since=1&since=2", "since may be given only once"),
    ],
)
def test_bad_input_is_a_400_naming_the_problem(settled, client, query, message):
    response = client.get(f"/api/v2/changes/?{query}")
    assert response.status_code == 400
    assert message in json.loads(response.content)["message"]


def test_only_get(settled, client):
    assert client.post("/api/v2/changes/").status_code == 405


def test_the_feed_costs_a_fixed_number_of_queries(settled, client, django_assert_max_num_queries):
    client.get("/api/v2/changes/?since=0")  # the site resolved once
    with django_assert_max_num_queries(2):
        assert len(get(client, "/api/v2/changes/?since=0&limit=500")["items"]) > 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_sequence_numbers_follow_commit_order(demo_site):
    """A follower that has read seq N never later finds an entry below N: a second writer waits
    for the first to commit before it takes a number."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time")
    first_appended, second_done = threading.Event(), threading.Event()
    seqs: dict[str, int] = {}

    def append() -> int:
        entry = DocumentChange.objects.create(
            site_id=demo_site.pk, page_id=None, page_type="site", kind="updated", at=timezone.now()
        )
        return entry.seq

    def first():
        try:
            with feed_transaction():
                seqs["first"] = append()
                first_appended.set()
                second_done.wait(timeout=1)  # the second must still be waiting here
                seqs["second_before_first_committed"] = int(second_done.is_set())
        finally:
            connections.close_all()

    def second():
        try:
            first_appended.wait(timeout=10)
            with feed_transaction():
                seqs["second"] = append()
            second_done.set()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seqs["second_before_first_committed"] == 0
    assert seqs["second"] > seqs["first"]


def test_a_follower_revalidates_every_time(settled, client):
    response = client.get("/api/v2/changes/?since=0")
    assert response["Cache-Control"] == "no-cache"
    again = client.get("/api/v2/changes/?since=0", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
