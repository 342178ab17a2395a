"""Two writers of the search index at once, on PostgreSQL: the lexeme counts stay what the entries hold
(PostgreSQL's ts_stat()), and a rebuild beside a publish neither deadlocks nor loses a count."""

import threading
import time

import pytest
from django.db import connection, connections, transaction
from wagtail.models import Page

from search import index, vocabulary
from search.models import SearchEntry, SearchLexeme

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite runs one writing transaction at a time"
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def drift() -> dict:
    """Each lexeme whose count differs from what the entries hold: (counted, held)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT word, ndoc FROM ts_stat(%s)", ["SELECT document FROM search_searchentry"])
        held = dict(cursor.fetchall())
    counted = dict(SearchLexeme.objects.values_list("lexeme", "pages"))
    return {
        lexeme: (counted.get(lexeme), held.get(lexeme))
        for lexeme in counted.keys() | held.keys()
        if counted.get(lexeme) != held.get(lexeme)
    }


def in_thread(name: str, work, errors: dict) -> threading.Thread:
    def target():
        try:
            work()
        except Exception as error:  # noqa: BLE001 (reported by the test)
            errors[name] = repr(error)
        finally:
            connections.close_all()

    return threading.Thread(target=target, name=name)


def test_a_page_removed_twice_at_once_takes_its_lexemes_away_once(demo_site):
    """An unpublish, and a restriction above the page removing it too: the second removal waits for the
    first and then deletes nothing, so it must take nothing away."""
    page = Page.objects.live().public().exclude(depth=1).order_by("pk").last()
    assert SearchEntry.objects.filter(pk=page.pk).exists() and not drift()
    errors = {}

    def second():
        time.sleep(0.5)  # the first removal is not committed yet
        index.remove_pages([page.pk])

    thread = in_thread("second", second, errors)
    with transaction.atomic():
        index.remove_pages([page.pk])
        thread.start()
        time.sleep(1.5)
    thread.join(20)
    assert not errors, errors
    assert not drift(), drift()


def test_a_rebuild_beside_a_first_publish_neither_deadlocks_nor_loses_a_count(demo_site, monkeypatch):
    page = Page.objects.live().public().exclude(depth=1).order_by("pk").last().specific
    index.remove_pages([page.pk])  # a page published for the first time: no entry yet
    holding, go = threading.Event(), threading.Event()
    replace = vocabulary.replace

    def replace_later(old, new):
        if threading.current_thread().name == "publish":
            holding.set()  # its entry and lexeme rows are written, not committed
            go.wait(10)
        replace(old, new)

    monkeypatch.setattr(vocabulary, "replace", replace_later)
    errors = {}

    def publish():
        with transaction.atomic():
            index.index_pages([Page.objects.get(pk=page.pk).specific])

    publisher, rebuilder = in_thread("publish", publish, errors), in_thread("rebuild", index.rebuild, errors)
    publisher.start()
    assert holding.wait(10)
    rebuilder.start()
    time.sleep(1.5)  # the rebuild waits for the publish
    go.set()
    publisher.join(30)
    rebuilder.join(60)
    assert not errors, errors
    assert SearchEntry.objects.filter(pk=page.pk).exists()
    assert not drift(), drift()
