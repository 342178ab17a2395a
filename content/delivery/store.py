"""Reading documents through the store: fresh ones as stored, stale or missing ones built, served and kept.

A document is never the reason a page is shown: callers pass only pages they have
just found live and public. Storing what was built is conditional: if any change
committed, or is committing, since the build began (the store epoch moved), the
document is served but not kept, so a build that read the old state can never be
kept as fresh. Storing may fail (a locked SQLite file, say); the reader still
gets its document.
"""

import hashlib
import logging
from typing import NamedTuple

from django.db import DatabaseError, transaction
from wagtail.models import Page, Site

from . import changes
from .build import Built, build_page_documents, build_site_document, serializer_version
from .models import DocumentDependency, PageDocument, SiteDocument, StoreEpoch

logger = logging.getLogger(__name__)


class Stored(NamedTuple):
    """A document's bytes as served, and the hash they were stored with (the API's ETags)."""

    body: bytes
    content_hash: str


def current_epoch() -> int:
    epoch = StoreEpoch.objects.filter(pk=1).values_list("value", flat=True).first()
    return epoch if epoch is not None else 0


def intact(body, content_hash: str) -> bool:
    """A document whose bytes are not those it was stored with (truncated, edited) is rebuilt."""
    return hashlib.sha256(body).hexdigest() == content_hash


def page_documents(pages: list[Page], site: Site) -> dict[int, Stored]:
    """Each page's document, building (and keeping) those not fresh."""
    version = serializer_version()
    stored = PageDocument.objects.filter(
        site=site, page_id__in=[page.pk for page in pages], stale=False, serializer_version=version
    ).values_list("page_id", "body", "content_hash")
    fresh = {
        pk: Stored(bytes(body), content_hash)
        for pk, body, content_hash in stored
        if intact(body, content_hash)
    }
    missing = [page for page in pages if page.pk not in fresh]
    if missing:
        epoch = current_epoch()  # before reading anything the documents are built from
        built = build_page_documents(missing, site)
        keep_page_documents(site, built, epoch, version)
        fresh |= {pk: Stored(document.body, document.content_hash) for pk, document in built.items()}
    return fresh


def site_document(site: Site) -> Stored:
    version = serializer_version()
    stored = SiteDocument.objects.filter(site=site, stale=False, serializer_version=version).first()
    if stored is not None and intact(stored.body, stored.content_hash):
        return Stored(bytes(stored.body), stored.content_hash)
    epoch = current_epoch()
    built = build_site_document(site)
    _keep(lambda: _save_site_document(site, built, version), epoch)
    return Stored(built.body, built.content_hash)


def keep_page_documents(site: Site, built: dict[int, Built], epoch: int, version: str) -> bool:
    return _keep(lambda: _save_page_documents(site, built, version), epoch)


def _keep(save, epoch: int) -> bool:
    """Run save() if the epoch has not moved; True when the documents were kept."""
    try:
        with transaction.atomic():
            # The lock waits for a change that is committing, then sees its new epoch.
            now = StoreEpoch.objects.select_for_update().filter(pk=1).values_list("value", flat=True).first()
            if (now or 0) != epoch:
                return False
            save()
            return True
    except DatabaseError as error:
        logger.warning("documents were served but not stored: %s", error)
        return False


def _save_page_documents(site: Site, built: dict[int, Built], version: str) -> None:
    previous = changes.previous_page_documents(site.pk, built)
    PageDocument.objects.filter(site=site, page_id__in=built).delete()  # and their dependencies
    rows = PageDocument.objects.bulk_create(
        [
            PageDocument(
                site=site,
                page_id=pk,
                body=document.body,
                content_hash=document.content_hash,
                serializer_version=version,
                path=document.path,
                page_type=document.page_type,
            )
            for pk, document in built.items()
        ]
    )
    changes.page_documents_stored(site.pk, previous, built)
    ids = _ids_of(rows, site, list(built))
    DocumentDependency.objects.bulk_create(
        DocumentDependency(page_document_id=ids[pk], kind=kind, object_id=object_id)
        for pk, document in built.items()
        for kind, object_id in document.dependencies
    )


def _ids_of(rows: list[PageDocument], site: Site, page_ids: list[int]) -> dict[int, int]:
    if all(row.pk for row in rows):  # PostgreSQL and SQLite return the new ids
        return {row.page_id: row.pk for row in rows}
    return dict(PageDocument.objects.filter(site=site, page_id__in=page_ids).values_list("page_id", "id"))


def _save_site_document(site: Site, built: Built, version: str) -> None:
    previous = SiteDocument.objects.filter(site=site).values_list("content_hash", flat=True).first()
    SiteDocument.objects.filter(site=site).delete()
    changes.site_document_stored(site.pk, previous, built)
    row = SiteDocument.objects.create(
        site=site, body=built.body, content_hash=built.content_hash, serializer_version=version
    )
    DocumentDependency.objects.bulk_create(
        DocumentDependency(site_document=row, kind=kind, object_id=object_id)
        for kind, object_id in built.dependencies
    )
