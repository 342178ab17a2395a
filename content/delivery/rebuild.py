"""Rebuilding documents in bulk: every stale or missing one (resumable), or all of them.

Chunks of pages of one site are built through one PageBatch each, so the queries
per chunk stay the same however large the site. Documents of pages that are no
longer public are dropped (never served anyway: visibility is decided live).
"""

import multiprocessing
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import connection, connections
from wagtail.models import Page, Site

from content.serialization.visibility import public_pages

from . import changes
from .build import build_page_documents, serializer_version
from .models import DocumentChange, DocumentDependency, PageDocument, SiteDocument
from .store import current_epoch, keep_page_documents, site_document

CHUNK_SIZE = 200
ANALYZE_AFTER = 500  # documents kept by one rebuild


@dataclass
class RebuildSummary:
    pages: int = 0
    kept: int = 0  # not kept: a change committed while the chunk was built (it stays stale)
    dropped: int = 0
    sites: int = 0


def pages_to_build(site: Site, everything: bool) -> list[int]:
    ids = list(public_pages(site).order_by("pk").values_list("pk", flat=True))
    if everything:
        return ids
    fresh = PageDocument.objects.filter(site=site, stale=False, serializer_version=serializer_version())
    done = set(fresh.values_list("page_id", flat=True))
    return [pk for pk in ids if pk not in done]


def rebuild_documents(
    everything: bool = False,
    chunk_size: int = CHUNK_SIZE,
    advance: Callable[[int], None] | None = None,
    workers: int = 1,
) -> RebuildSummary:
    """Build what is stale or missing (everything: all documents); advance(n) after each chunk.

    workers > 1 builds chunks in that many processes (PostgreSQL only: SQLite takes
    one writer at a time, so there the chunks are built here, one after another).
    """
    summary = RebuildSummary()
    version = serializer_version()
    parallel = workers > 1 and connection.vendor == "postgresql"
    for site in Site.objects.select_related("root_page").order_by("pk"):
        summary.dropped += drop_hidden(site)
        todo = pages_to_build(site, everything)
        chunks = [
            (site.pk, todo[start : start + chunk_size], version) for start in range(0, len(todo), chunk_size)
        ]
        for built, kept in _in_processes(chunks, workers) if parallel else map(_build_chunk, chunks):
            summary.pages += built
            summary.kept += kept
            if advance is not None:
                advance(built)
        if everything:
            SiteDocument.objects.filter(site=site).update(stale=True)
        site_document(site)
        summary.sites += 1
    if summary.kept >= ANALYZE_AFTER:
        refresh_planner_statistics()
    return summary


def refresh_planner_statistics() -> None:
    """After a large build, PostgreSQL's statistics of the store's tables, before autovacuum gets to it.

    Without them the planner takes a freshly filled table for empty, and the API's
    one-query listing reads every document for each page (measured at 1,000 articles:
    a 20-item listing in 144 ms of database time before, a few ms after).
    """
    if connection.vendor != "postgresql":
        return
    tables = [model._meta.db_table for model in (PageDocument, DocumentDependency, DocumentChange)]
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(tables)}")


def _build_chunk(job: tuple[int, list[int], str]) -> tuple[int, int]:
    """Build and keep one chunk's documents: (pages built, pages kept)."""
    site_id, chunk, version = job
    site = Site.objects.select_related("root_page").get(pk=site_id)
    epoch = current_epoch()
    pages = list(Page.objects.filter(pk__in=chunk).order_by("path").specific())
    kept = keep_page_documents(site, build_page_documents(pages, site), epoch, version)
    return len(pages), len(pages) if kept else 0


def _in_processes(chunks: list, workers: int) -> Iterator[tuple[int, int]]:
    """The chunks built by forked processes, each with its own database connection."""
    # Closed before the fork, so that no process shares (and later closes) another's socket.
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap_unordered(_build_chunk, chunks)


def drop_hidden(site: Site) -> int:
    """Delete the documents of pages that are no longer live and public on this site."""
    with changes.feed_transaction():
        hidden = PageDocument.objects.filter(site=site).exclude(page__in=public_pages(site).values("pk"))
        return changes.remove_page_documents(hidden)


def stale_count() -> int:
    version = serializer_version()
    stale = PageDocument.objects.filter(stale=True).count()
    return stale + PageDocument.objects.filter(stale=False).exclude(serializer_version=version).count()
