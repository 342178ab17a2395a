"""The delivery store: documents served as stored, marked stale by exactly the changes that alter them,
and never trusted over the live visibility rules or over their own bytes."""

import io
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Image
from wagtail.models import Page, PageViewRestriction

from content.delivery.build import build_page_documents
from content.delivery.models import DocumentDependency, PageDocument, SiteDocument
from content.delivery.rebuild import rebuild_documents
from content.delivery.store import page_documents
from content.demo import blocks
from content.models import ArticlePage, SiteSettings

from .api_client import get

CHUNK_QUERIES = 25
SITE_QUERIES = 46  # with the change feed: the lock and the previous hashes before a write


@pytest.fixture(autouse=True)
def no_server_cache(settings):
    settings.API_RESPONSE_CACHE_SECONDS = 0


@pytest.fixture
def stored(demo_site, client):
    """Every public page's document built and kept, as after a little traffic."""
    call_command("rebuild_documents", stdout=io.StringIO(), stderr=io.StringIO())
    return {row.page_id: row for row in PageDocument.objects.all()}


def stale_pages() -> set[str]:
    return set(PageDocument.objects.filter(stale=True).values_list("page__slug", flat=True))


def test_every_public_page_has_one_document_and_no_other_page_has(stored, demo_site):
    public = Page.objects.live().public().descendant_of(demo_site.root_page, inclusive=True)
    public = set(public.values_list("pk", flat=True))
    assert set(stored) == public
    assert SiteDocument.objects.filter(site=demo_site).exists()


def test_a_document_serves_every_host_and_site_parameter(stored, client, demo_site):
    article = ArticlePage.objects.get(slug="autumn-release")
    here = get(client, f"/api/v2/pages/{article.pk}/", HTTP_HOST="localhost")
    there = get(client, f"/api/v2/pages/{article.pk}/?site=localhost", HTTP_HOST="127.0.0.1")
    assert here["meta"]["detail_url"] == f"http://localhost/api/v2/pages/{article.pk}/"
    assert there["meta"]["detail_url"] == f"http://127.0.0.1/api/v2/pages/{article.pk}/?site=localhost"
    assert here["hero_image"]["renditions"]["small"]["url"].startswith("http://localhost/media/")
    assert there["hero_image"]["renditions"]["small"]["url"].startswith("http://127.0.0.1/media/")
    assert b"cms-origin.invalid" not in client.get(f"/api/v2/pages/{article.pk}/").content


def test_publishing_marks_the_page_its_index_and_the_pages_linking_to_it_and_nothing_else(stored):
    article = ArticlePage.objects.get(slug="autumn-release")
    linking = ArticlePage.objects.get(slug="new-editorial-team")
    linking.body = [blocks.paragraph(f"<p>{blocks.page_link(article, 'the release')}</p>")]
    linking.save_revision().publish()
    PageDocument.objects.update(stale=False)
    page_documents([linking.specific], linking.get_site())  # rebuilt: it now records the link
    article.title = "Autumn release, revised"
    article.save_revision().publish()
    # The home page features it; the index lists it; the other article links to it.
    assert stale_pages() == {"autumn-release", "news", "new-editorial-team", "home"}


def test_renaming_a_section_marks_its_subtree_the_pages_linking_to_it_and_its_parent(stored):
    news = Page.objects.get(slug="news").specific
    children = set(news.get_children().values_list("slug", flat=True))
    linking = linking_to(news)
    news.slug = "latest"
    news.save_revision().publish()
    live_children = set(news.get_children().live().public().values_list("slug", flat=True))
    assert stale_pages() == live_children | linking | {"latest"}
    assert live_children < children and PageDocument.objects.filter(stale=False).exists()


def test_a_publish_that_keeps_title_and_slug_leaves_the_subtree_alone(stored):
    news = Page.objects.get(slug="news").specific
    children = set(news.get_children().values_list("slug", flat=True))
    news.intro = "<p>A new introduction.</p>"
    news.save_revision().publish()
    # The pages that link to it are marked (a linked page's summary may have changed); its own
    # articles are not, unless they link to it.
    assert stale_pages() == {"news"} | linking_to(news)
    assert children - linking_to(news) and not (children - linking_to(news)) & stale_pages()
    assert SiteDocument.objects.get().stale  # news is in the menu


def linking_to(page: Page) -> set[str]:
    dependencies = DocumentDependency.objects.filter(kind="page", object_id=page.pk).exclude(
        page_document=None
    )
    return set(dependencies.values_list("page_document__page__slug", flat=True))


def test_an_image_edit_marks_only_the_documents_that_show_it(stored):
    image = Image.objects.get(title="Harbour at dawn")
    users = set(
        DocumentDependency.objects.filter(kind="image", object_id=image.pk)
        .exclude(page_document=None)
        .values_list("page_document__page__slug", flat=True)
    )
    image.title = "Harbour at noon"
    image.save()
    assert stale_pages() == users and users


def test_site_settings_mark_only_the_pages_that_use_the_default_social_image(stored, demo_site):
    settings_row = SiteSettings.for_site(demo_site)
    settings_row.default_social_image = Image.objects.get(title="Harbour at dawn")
    settings_row.save()
    stale = stale_pages()
    assert "news" in stale  # an index has no image of its own
    assert "autumn-release" not in stale  # its hero image is its social image
    assert SiteDocument.objects.get(site=demo_site).stale


def test_a_document_left_for_a_page_made_private_is_never_served(stored, client):
    article = ArticlePage.objects.get(slug="autumn-release")
    listing = "/api/v2/pages/?type=content.ArticlePage&limit=50"
    assert article.pk in [item["id"] for item in get(client, listing)["items"]]  # the host's site remembered
    PageViewRestriction.objects.bulk_create([PageViewRestriction(page=article, restriction_type="login")])
    assert not PageDocument.objects.get(page=article).stale  # bulk_create sent no signal
    assert client.get(f"/api/v2/pages/{article.pk}/").status_code == 404
    assert article.pk not in [item["id"] for item in get(client, listing)["items"]]
    assert client.get(f"/api/v2/pages/find/?html_path={article.url}").status_code == 404
    ArticlePage.objects.filter(pk=article.pk).update(live=False)  # unpublished behind the store's back
    PageViewRestriction.objects.filter(page=article).delete()
    PageDocument.objects.filter(page=article).update(stale=False)
    assert client.get(f"/api/v2/pages/{article.pk}/").status_code == 404
    assert article.pk not in [item["id"] for item in get(client, listing)["items"]]


def test_a_document_of_an_older_serializer_or_with_damaged_bytes_is_rebuilt(stored, client, demo_site):
    article = ArticlePage.objects.get(slug="autumn-release")
    expected = get(client, f"/api/v2/pages/{article.pk}/")
    PageDocument.objects.filter(page=article).update(serializer_version="0ld", body=b'{"id":0}')
    assert get(client, f"/api/v2/pages/{article.pk}/") == expected
    row = PageDocument.objects.get(page=article)
    PageDocument.objects.filter(page=article).update(body=bytes(row.body)[:50])  # truncated, hash unchanged
    assert get(client, f"/api/v2/pages/{article.pk}/") == expected


def test_rebuild_documents_builds_only_what_is_stale_or_missing(stored, demo_site, capsys):
    article = ArticlePage.objects.get(slug="autumn-release")
    PageDocument.objects.filter(page=article).update(stale=True)
    PageDocument.objects.filter(page__slug="news").delete()
    call_command("rebuild_documents")
    assert "Built 2 documents" in capsys.readouterr().out
    assert not PageDocument.objects.filter(stale=True).exists()


def test_rebuilding_costs_the_same_queries_per_chunk(stored):
    def queries(chunk_size: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            rebuild_documents(everything=True, chunk_size=chunk_size)
        return len(captured)

    pages = PageDocument.objects.count()
    one, two, three = queries(pages), queries(pages // 2 + 1), queries(pages // 3 + 1)
    # Each chunk: its pages by type, one PageBatch, the epoch check and three writes.
    assert two - one <= CHUNK_QUERIES and three - two <= CHUNK_QUERIES
    assert one - CHUNK_QUERIES <= SITE_QUERIES  # and, once per site, its listing and its document


def test_readyz_reports_stale_documents_and_stays_ready(stored, client):
    PageDocument.objects.filter(page__slug="news").update(stale=True)
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["stale_documents"] == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_build_racing_a_publish_is_never_kept_as_fresh(demo_site):
    """A reader builds from the state before a publish that commits meanwhile: it may serve that
    (the change was not committed when it read), but must not keep it as the fresh document."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time")
    article = ArticlePage.objects.get(slug="autumn-release")
    site = article.get_site()
    invalidated, reader_done = threading.Event(), threading.Event()

    def publish():
        try:
            with transaction.atomic():
                page = ArticlePage.objects.get(pk=article.pk)
                page.title = "Published while a reader built"
                page.save_revision().publish()  # marks stale and bumps the epoch, not yet committed
                invalidated.set()
                reader_done.wait(timeout=5)  # the reader blocks on the epoch lock until this commits
        finally:
            connections.close_all()

    def read():
        try:
            invalidated.wait(timeout=10)
            page_documents([ArticlePage.objects.get(pk=article.pk)], site)
        finally:
            connections.close_all()

    writer, reader = threading.Thread(target=publish), threading.Thread(target=read)
    writer.start()
    reader.start()
    reader.join(timeout=2)  # still waiting for the epoch lock while the publish is open
    reader_done.set()
    writer.join()
    reader.join()
    fresh = PageDocument.objects.filter(page_id=article.pk, stale=False).first()
    if fresh is not None:
        assert b"Published while a reader built" in bytes(fresh.body)
    current = build_page_documents([ArticlePage.objects.get(pk=article.pk)], site)[article.pk].body
    assert page_documents([ArticlePage.objects.get(pk=article.pk)], site)[article.pk].body == current


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_rebuilding_in_several_processes_builds_what_one_process_builds(demo_site):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite builds one chunk at a time")
    PageDocument.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_documents", "--workers", "2", "--chunk-size", "3", stdout=out, stderr=io.StringIO())
    public = list(Page.objects.live().public().descendant_of(demo_site.root_page, inclusive=True).specific())
    assert f"kept {len(public)}," in out.getvalue()
    scratch = build_page_documents(public, demo_site)
    stored = dict(PageDocument.objects.filter(stale=False).values_list("page_id", "body"))
    assert {pk: bytes(body) for pk, body in stored.items()} == {pk: doc.body for pk, doc in scratch.items()}


def test_rebuild_refuses_nonsense_options(stored):
    with pytest.raises(CommandError, match="at least 1"):
        call_command("rebuild_documents", "--workers", "0")


def test_a_large_rebuild_refreshes_the_planner_statistics(stored, monkeypatch):
    """PostgreSQL takes a freshly filled table for empty until autovacuum analyses it, and the
    one-query listing then reads every document for each page: a large rebuild analyses at once."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's planner keeps no statistics here")
    monkeypatch.setattr("content.delivery.rebuild.ANALYZE_AFTER", 1)
    with CaptureQueriesContext(connection) as captured:
        rebuild_documents(everything=True)
    analysed = [query["sql"] for query in captured if query["sql"].startswith("ANALYZE")]
    assert analysed and PageDocument._meta.db_table in analysed[0]
    monkeypatch.setattr("content.delivery.rebuild.ANALYZE_AFTER", 10**9)
    with CaptureQueriesContext(connection) as captured:
        rebuild_documents(everything=True)
    assert not [query for query in captured if query["sql"].startswith("ANALYZE")]
