"""seed_demo --articles N: the fast path leaves the same records the slow path would."""

import io
import json
import os
import re

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import TextField
from django.db.models.functions import Cast
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageLogEntry, ReferenceIndex
from wagtail.search.backends import get_search_backend

from content.demo import bulk
from content.demo.bulk import add_articles
from content.demo.site import demo_context, ensure_section
from content.models import ArticlePage
from search.models import SearchEntry, SearchLexeme, SearchWord


@pytest.fixture
def archive(demo_site):
    call_command("seed_demo", "--articles", "30", stdout=io.StringIO())
    return Page.objects.get(slug="archive").specific


def test_adds_n_live_articles_to_a_valid_tree(archive):
    assert archive.get_children().live().type(ArticlePage).count() == 30
    assert archive.numchild == 30
    problems = Page.find_problems()
    assert all(not problem for problem in problems), problems
    assert len({page.url_path for page in archive.get_children()}) == 30


def test_each_article_has_a_live_revision_equal_to_its_content(archive):
    for article in ArticlePage.objects.child_of(archive):
        assert article.live_revision_id == article.latest_revision_id
        from_revision = article.get_latest_revision_as_object()
        assert from_revision.title == article.title
        assert from_revision.body.raw_data == article.body.raw_data
        assert [a.person_id for a in from_revision.authors.all()] == [
            a.person_id for a in article.authors.all()
        ]
        assert set(from_revision.tags.names()) == set(article.tags.names()) != set()
        assert PageLogEntry.objects.filter(page=article, action="wagtail.publish").exists()


def test_articles_are_indexed_for_search_and_references(archive):
    article = ArticlePage.objects.child_of(archive).order_by("path").first()
    results = get_search_backend().search(article.title, ArticlePage.objects.live())
    assert article.pk in [result.pk for result in results[:5]]
    assert ReferenceIndex.get_references_for_object(article).exists()


def test_each_articles_references_are_those_wagtail_finds_in_it_again(archive):
    for article in ArticlePage.objects.child_of(archive):
        stored = _references(article)
        with transaction.atomic():
            ReferenceIndex.create_or_update_for_object(article)  # from the page as the database has it
        assert _references(article) == stored != set()


def _references(page) -> set[tuple]:
    rows = ReferenceIndex.get_references_for_object(page)
    return set(rows.values_list("to_content_type_id", "to_object_id", "model_path", "content_path"))


def test_articles_render_and_running_again_adds_more_with_unique_slugs(client, archive):
    first = ArticlePage.objects.child_of(archive).first()
    assert client.get(first.url).status_code == 200
    call_command("seed_demo", "--articles", "5", stdout=io.StringIO())
    archive.refresh_from_db()
    assert archive.get_children().count() == 35 == archive.numchild
    assert all(not problem for problem in Page.find_problems())


def test_each_more_article_costs_at_most_three_queries(demo_site):
    """Its article row, and the reference index's read and write (Wagtail's, one object at a time):
    the images its body shows are looked up once per batch, and its comments not at all."""
    home = demo_site.root_page.specific
    section = ensure_section(home, "archive", "Archive", "Every article ever published.")
    context = demo_context(demo_site)
    counts = []
    for size in (5, 15):
        with CaptureQueriesContext(connection) as queries:
            add_articles(section, size, context, realistic_seed=1)
        counts.append(len(queries))
    assert counts[1] - counts[0] <= 3 * 10, counts


def test_batches_are_written_one_at_a_time_inside_a_callers_transaction(db):
    assert connection.in_atomic_block  # the test's: a process of its own would not see its rows
    assert bulk._workers(None) == bulk._workers(2) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="batches are written at once on PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_batches_written_at_once_leave_what_batches_one_at_a_time_leave(demo_site, monkeypatch, tmp_path):
    """Processes writing batches side by side: the same articles, tree, revisions, references and
    search entries as one batch after another, and a vocabulary equal to a rebuild's."""
    monkeypatch.setattr(bulk, "BATCH_SIZE", 4)  # 14 articles: four batches, two at a time
    writers = tmp_path / "writers"
    add_batch = bulk._add_batch

    def written_by(*args):  # each process appends its pid, so the test sees who wrote each batch
        with writers.open("a") as out:
            out.write(f"{os.getpid()}\n")
        add_batch(*args)

    monkeypatch.setattr(bulk, "_add_batch", written_by)
    home = demo_site.root_page.specific
    context = demo_context(demo_site)
    at_once = ensure_section(home, "at-once", "At once", "Written two batches at a time.")
    in_turn = ensure_section(home, "in-turn", "In turn", "Written one batch at a time.")
    assert not connection.in_atomic_block and bulk._workers(None) == 2
    assert add_articles(at_once, 14, context, realistic_seed=1) == 14
    pids = writers.read_text().split()
    assert len(pids) == 4 and len(set(pids)) == 2 and str(os.getpid()) not in pids
    assert add_articles(in_turn, 14, context, realistic_seed=1, workers=1) == 14
    seeded = _seeded(at_once)
    assert len(seeded) == 14
    assert seeded == _seeded(in_turn)
    at_once.refresh_from_db()
    assert at_once.numchild == 14
    assert all(not problem for problem in Page.find_problems())
    words = dict(SearchWord.objects.values_list("word", "pages"))
    counts = dict(SearchLexeme.objects.values_list("lexeme", "pages"))
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert dict(SearchWord.objects.values_list("word", "pages")) == words
    assert dict(SearchLexeme.objects.values_list("lexeme", "pages")) == counts
    with connection.cursor() as cursor:  # and what PostgreSQL counts over the entries itself
        cursor.execute("SELECT word, ndoc FROM ts_stat(%s)", ["SELECT document FROM search_searchentry"])
        assert dict(cursor.fetchall()) == counts


def _seeded(section) -> list[dict]:
    """What the seed left for each article under section, in tree order, without ids."""
    found = []
    for article in ArticlePage.objects.child_of(section).order_by("path"):
        revision = article.live_revision
        entry = SearchEntry.objects.annotate(vector=Cast("document", TextField())).get(pk=article.pk)
        found.append(
            {
                "step": article.path[-Page.steplen :],
                "page": (article.slug, article.title, article.summary, article.date, article.numchild),
                "body": _without_ids(list(article.body.raw_data)),
                "tags": sorted(article.tags.names()),
                "authors": [author.person_id for author in article.authors.all()],
                "revision": (revision.pk == article.latest_revision_id, revision.object_str),
                "revision_body": _without_ids(revision.content["body"]),
                "published": PageLogEntry.objects.filter(page=article, action="wagtail.publish").count(),
                "references": sorted(
                    (to_type, to_id, model_path, re.sub(r"\.(\d+|[0-9a-f-]{36})\.", ".N.", content_path))
                    for to_type, to_id, model_path, content_path in _references(article)
                ),
                "entry": (entry.title, entry.summary, entry.keywords, entry.body, entry.vector),
            }
        )
    return found


def _without_ids(value):
    if isinstance(value, str) and value.startswith("["):
        value = json.loads(value)
    if isinstance(value, dict):
        return {key: _without_ids(item) for key, item in value.items() if key != "id"}
    if isinstance(value, list):
        return [_without_ids(item) for item in value]
    return value
