"""Rebuilding documents in bulk: every stale or missing one (resumable), or all of them.

Chunks of pages of one site are built through one PageBatch each, so the queries
per chunk stay the same however large the site. Documents of pages that are no
longer public are dropped (never served anyway: visibility is decided live).
"""

from collections.abc import Callable
from dataclasses import dataclass

from wagtail.models import Page, Site

from content.serialization.visibility import public_pages

from .build import build_page_documents, serializer_version
from .models import PageDocument, SiteDocument
from .store import current_epoch, keep_page_documents, site_document

CHUNK_SIZE = 200


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
    everything: bool = False, chunk_size: int = CHUNK_SIZE, advance: Callable[[int], None] | None = None
) -> RebuildSummary:
    """Build what is stale or missing (everything: all documents); advance(n) after each chunk."""
    summary = RebuildSummary()
    version = serializer_version()
    for site in Site.objects.select_related("root_page").order_by("pk"):
        summary.dropped += drop_hidden(site)
        todo = pages_to_build(site, everything)
        for start in range(0, len(todo), chunk_size):
            chunk = todo[start : start + chunk_size]
            epoch = current_epoch()
            pages = list(Page.objects.filter(pk__in=chunk).order_by("path").specific())
            kept = keep_page_documents(site, build_page_documents(pages, site), epoch, version)
            summary.pages += len(pages)
            summary.kept += len(pages) if kept else 0
            if advance is not None:
                advance(len(chunk))
        if everything:
            SiteDocument.objects.filter(site=site).update(stale=True)
        site_document(site)
        summary.sites += 1
    return summary


def drop_hidden(site: Site) -> int:
    """Delete the documents of pages that are no longer live and public on this site."""
    hidden = PageDocument.objects.filter(site=site).exclude(page__in=public_pages(site).values("pk"))
    return hidden.delete()[1].get(PageDocument._meta.label, 0)


def stale_count() -> int:
    version = serializer_version()
    stale = PageDocument.objects.filter(stale=True).count()
    return stale + PageDocument.objects.filter(stale=False).exclude(serializer_version=version).count()
