"""Keeps the search index current: an entry per live, public page, written when the page changes.

Called from the publish path (signal_handlers.py), from the bulk seeder through
content.signals.bulk_published, and by `rebuild_search_index`. A page that is not
public at that moment (a draft, unpublished, behind a view restriction) has no
entry, so its text can reach no result, snippet, suggestion or did_you_mean.
"""

from collections import Counter
from collections.abc import Iterable

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Value, prefetch_related_objects
from wagtail.models import Page
from wagtail.rich_text import get_text_for_indexing
from wagtail.search import index as wagtail_index

from content.serialization.registry import declaration_for

from . import lexemes, vocabulary
from .models import SearchEntry, SearchLexeme, SearchWord
from .snippets import block_strings

BATCH_SIZE = 500


def _related_text(obj, fields) -> list[str]:
    """The text of a page's related search fields (tags, author names), read as Wagtail's index reads it."""
    texts = []
    for field in fields:
        if isinstance(field, wagtail_index.RelatedFields):
            related = getattr(obj, field.field_name, None)
            items = related.all() if hasattr(related, "all") else [related] if related else []
            for item in items:
                texts += _related_text(item, field.fields)
        elif isinstance(field, wagtail_index.SearchField) and obj is not None:
            value = getattr(obj, field.field_name, "")
            texts.append(str(value) if value else "")
    return [text for text in texts if text]


def related_prefetches(model: type[Page]) -> list[str]:
    """prefetch_related paths of a page type's related search fields (tags, authors__person)."""

    def paths(fields, prefix: str) -> list[str]:
        found = []
        for field in fields:
            if isinstance(field, wagtail_index.RelatedFields):
                path = f"{prefix}{field.field_name}"
                found += [path, *paths(field.fields, f"{path}__")]
        return found

    return paths(model.get_search_fields(), "")


def _clean(text: str) -> str:
    return " ".join(text.split())


def entry_for(page: Page) -> SearchEntry:
    """A specific page's entry, its text split by weight."""
    declared = declaration_for(type(page))
    names = declared.search_text_fields if declared else ()
    summary = " ".join(get_text_for_indexing(getattr(page, name, "") or "") for name in names)
    related = [field for field in page.get_search_fields() if isinstance(field, wagtail_index.RelatedFields)]
    body = " ".join(block_strings(list(page.body.raw_data))) if hasattr(page, "body") else ""
    title = _clean(page.title)
    return SearchEntry(
        page_id=page.pk,
        title=title,
        summary=_clean(summary),
        keywords=_clean(" ".join(sorted(_related_text(page, related)))),
        body=_clean(body),
        title_words=f" {' '.join(vocabulary.words_of(title))} ",
    )


def _write_vectors(page_ids: list[int], leaving: lexemes.Leaving | None = None) -> None:
    """PostgreSQL: the weighted tsvectors, computed by the database from the stored text, and the
    lexeme counts moved by what they replace (`leaving`: read before the entries were rewritten;
    else the vectors these entries hold now)."""
    if connection.vendor != "postgresql" or not page_ids:
        return
    leaving = leaving if leaving is not None else lexemes.Leaving.held_now(page_ids)
    SearchEntry.objects.filter(pk__in=page_ids).update(
        document=SearchVector("title", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("keywords", weight="C", config="english")
        + SearchVector("body", weight="D", config="english"),
        head=SearchVector("title", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("keywords", weight="C", config="english"),
        title_vector=SearchVector("title", config=Value("simple")),
    )
    lexemes.move(leaving, page_ids)


def index_pages(pages: Iterable[Page]) -> None:
    """Write the entries of these specific pages (all public now); their words join the vocabulary."""
    entries = [entry_for(page) for page in pages]
    if not entries:
        return
    ids = [entry.page_id for entry in entries]
    with transaction.atomic():
        old, leaving = _deleted(ids)
        SearchEntry.objects.bulk_create(entries, batch_size=BATCH_SIZE)
        _write_vectors(ids, leaving)
        # Last, as in remove_pages: the lexemes' and words' rows, which every writer shares, are
        # then locked only until the commit, after the entries' rows and in one order (sorted).
        vocabulary.replace(old, entries)


def remove_pages(page_ids: Iterable[int]) -> None:
    with transaction.atomic():
        old, leaving = _deleted(list(page_ids))
        if old:  # the entries, then the lexemes and words, as index_pages: one order of locks
            lexemes.move(leaving, [])
            vocabulary.replace(old, [])


# The entries deleted, as this transaction deleted them: a second writer of the same page,
# committed meanwhile, has changed or removed the row that was read before it.
_DELETED = """
    WITH gone AS (
        DELETE FROM search_searchentry WHERE page_id = ANY(%s)
        RETURNING page_id, title, summary, keywords, body, document
    )
    SELECT page_id, title, summary, keywords, body, tsvector_to_array(document) FROM gone
"""


def _deleted(ids: list[int]) -> tuple[list[SearchEntry], lexemes.Leaving]:
    """Delete these pages' entries: what was deleted, for the vocabulary, and its lexemes."""
    if connection.vendor != "postgresql":  # one writer at a time: what is read is what goes
        old = list(SearchEntry.objects.filter(pk__in=ids))
        SearchEntry.objects.filter(pk__in=ids).delete()
        return old, lexemes.Leaving()
    with connection.cursor() as cursor:
        cursor.execute(_DELETED, [ids])
        rows = cursor.fetchall()
    held = Counter(lexeme for *_, vector_lexemes in rows for lexeme in vector_lexemes or ())
    old = [
        SearchEntry(page_id=pk, title=title, summary=summary, keywords=keywords, body=body)
        for pk, title, summary, keywords, body, _ in rows
    ]
    return old, lexemes.Leaving(held)


def is_public(page: Page) -> bool:
    return Page.objects.live().public().filter(pk=page.pk).exists()


def page_changed(page: Page) -> None:
    """A page published, unpublished or its restriction changed: index it if public, else remove it."""
    if is_public(page):
        index_pages([page.specific_deferred if type(page) is Page else page])
    else:
        remove_pages([page.pk])


def subtree_changed(path: str) -> None:
    """A section moved or (un)restricted: its pages join or leave the index as their visibility says."""
    inside = Page.objects.filter(path__startswith=path)
    public = set(inside.live().public().values_list("pk", flat=True))
    indexed = set(SearchEntry.objects.filter(page__path__startswith=path).values_list("pk", flat=True))
    remove_pages(indexed - public)
    index_ids(sorted(public - indexed))


def index_ids(page_ids: list[int], progress=None) -> int:
    """Index the pages with these ids, in batches, loading each batch's related fields at once."""
    done = 0
    for start in range(0, len(page_ids), BATCH_SIZE):
        batch = Page.objects.filter(pk__in=page_ids[start : start + BATCH_SIZE]).specific()
        pages = list(batch)
        by_model: dict[type, list[Page]] = {}
        for page in pages:
            by_model.setdefault(type(page), []).append(page)
        for model, group in by_model.items():
            prefetch_related_objects(group, *related_prefetches(model))
        index_pages(pages)
        done += len(pages)
        if progress:
            progress(done)
    return done


def is_empty() -> bool:
    """No entry although public pages exist: a database from before the index."""
    public = Page.objects.live().public().exclude(depth=1)
    return not SearchEntry.objects.exists() and public.exists()


def rebuild(progress=None) -> int:
    """Every entry and word again from the live, public pages."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # A writer that committed meanwhile would leave its entry behind the delete below, to
            # be subtracted from counts already emptied. Writers wait for the rebuild, and it for
            # them, at the entries' table, which each takes first (searches still read all three).
            tables = ", ".join(model._meta.db_table for model in (SearchEntry, SearchLexeme, SearchWord))
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")
        SearchEntry.objects.all().delete()
        lexemes.clear()
        vocabulary.clear()
        ids = list(Page.objects.live().public().exclude(depth=1).order_by("pk").values_list("pk", flat=True))
        return index_ids(ids, progress)
