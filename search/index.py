"""Keeps the search index current: an entry per live, public page, written when the page changes.

Called from the publish path (signal_handlers.py), from the bulk seeder through
content.signals.bulk_published, and by `rebuild_search_index`. A page that is not
public at that moment (a draft, unpublished, behind a view restriction) has no
entry, so its text can reach no result, snippet, suggestion or did_you_mean.
"""

from collections.abc import Iterable

from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.db.models import Value, prefetch_related_objects
from wagtail.models import Page
from wagtail.rich_text import get_text_for_indexing
from wagtail.search import index as wagtail_index

from content.serialization.registry import declaration_for

from . import lexemes, vocabulary
from .models import SearchEntry
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
    leaving = leaving if leaving is not None else lexemes.Leaving(page_ids)
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
        old = {entry.pk: entry for entry in SearchEntry.objects.filter(pk__in=ids)}
        leaving = lexemes.Leaving(old)  # read before the old vectors go
        SearchEntry.objects.filter(pk__in=old).delete()
        SearchEntry.objects.bulk_create(entries, batch_size=BATCH_SIZE)
        _write_vectors(ids, leaving)
        # Last, as in remove_pages: the lexemes' and words' rows, which every writer shares, are
        # then locked only until the commit, always after the entries' rows and in one order
        # (no two writers deadlock).
        vocabulary.replace([old[pk] for pk in ids if pk in old], entries)


def remove_pages(page_ids: Iterable[int]) -> None:
    ids = list(page_ids)
    with transaction.atomic():
        old = list(SearchEntry.objects.filter(pk__in=ids))
        if old:  # the entries, then the lexemes and words, as index_pages: one order of locks
            leaving = lexemes.Leaving(entry.pk for entry in old)
            SearchEntry.objects.filter(pk__in=ids).delete()
            lexemes.move(leaving, [])
            vocabulary.replace(old, [])


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
        SearchEntry.objects.all().delete()
        vocabulary.clear()
        lexemes.clear()
        ids = list(Page.objects.live().public().exclude(depth=1).order_by("pk").values_list("pk", flat=True))
        return index_ids(ids, progress)
