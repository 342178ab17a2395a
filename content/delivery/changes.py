"""The change feed's entries, appended where documents are stored or removed.

Every function here runs inside a transaction that holds the store epoch's row
lock (taken by store._keep, or by bump_epoch's update), which is what keeps
sequence numbers in commit order. A document stored again with the hash and path
it had appends nothing.
"""

import logging
from contextlib import contextmanager

from django.db import transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone

from content.serialization.schema import BOOLEAN, DATETIME, INTEGER, STRING, array, enum, nullable, obj, ref

from .build import Built
from .models import DocumentChange, PageDocument, SiteDocument, StoreEpoch

logger = logging.getLogger(__name__)
# Sent after a transaction that appended entries commits (no arguments): listeners
# (webhooks, publish on publish) read the feed after the last entry they handled.
feed_appended = Signal()


def _appended() -> None:
    transaction.on_commit(_send)


def _send() -> None:
    for receiver, error in feed_appended.send_robust(sender=DocumentChange):
        if isinstance(error, Exception):
            logger.warning("a change feed listener (%s) failed: %s", receiver, error)


def previous_page_documents(site_id: int, page_ids) -> dict[int, tuple[str, str]]:
    """(hash, path) of each of these pages' stored documents, fresh or stale."""
    rows = PageDocument.objects.filter(site_id=site_id, page_id__in=page_ids)
    return {
        pk: (content_hash, path)
        for pk, content_hash, path in rows.values_list("page_id", "content_hash", "path")
    }


def page_documents_stored(
    site_id: int, previous: dict[int, tuple[str, str]], built: dict[int, Built]
) -> None:
    now = timezone.now()
    entries = []
    for pk, document in built.items():
        before = previous.get(pk)
        if before is not None and before == (document.content_hash, document.path):
            continue
        entries.append(
            DocumentChange(
                site_id=site_id,
                page_id=pk,
                page_type=document.page_type,
                kind=DocumentChange.CREATED if before is None else DocumentChange.UPDATED,
                old_path="" if before is None else before[1],
                new_path=document.path,
                content_hash=document.content_hash,
                at=now,
            )
        )
    if entries:
        DocumentChange.objects.bulk_create(entries)
        _appended()


def site_document_stored(site_id: int, previous_hash: str | None, built: Built) -> None:
    if previous_hash == built.content_hash:
        return
    DocumentChange.objects.create(
        site_id=site_id,
        page_id=None,
        page_type=DocumentChange.SITE_TYPE,
        kind=DocumentChange.CREATED if previous_hash is None else DocumentChange.UPDATED,
        content_hash=built.content_hash,
        at=timezone.now(),
    )
    _appended()


def remove_page_documents(documents) -> int:
    """Delete these PageDocument rows (a queryset), one `deleted` entry each; how many were removed."""
    rows = list(documents.values_list("pk", "site_id", "page_id", "page_type", "path"))
    if not rows:
        return 0
    now = timezone.now()
    DocumentChange.objects.bulk_create(
        DocumentChange(
            site_id=site_id,
            page_id=page_id,
            page_type=page_type,
            kind=DocumentChange.DELETED,
            old_path=path,
            at=now,
        )
        for _pk, site_id, page_id, page_type, path in rows
    )
    PageDocument.objects.filter(pk__in=[row[0] for row in rows]).delete()
    _appended()
    return len(rows)


def remove_site_documents(site_id: int) -> None:
    if SiteDocument.objects.filter(site_id=site_id).delete()[0]:
        DocumentChange.objects.create(
            site_id=site_id,
            page_id=None,
            page_type=DocumentChange.SITE_TYPE,
            kind=DocumentChange.DELETED,
            at=timezone.now(),
        )
        _appended()


def lock_feed() -> None:
    """Take the store epoch's row lock for the rest of the transaction (appending needs it)."""
    if not StoreEpoch.objects.filter(pk=1).update(value=F("value")):
        StoreEpoch.objects.get_or_create(pk=1)
        StoreEpoch.objects.select_for_update().filter(pk=1).exists()


def latest_seq() -> int:
    return DocumentChange.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


@contextmanager
def feed_transaction():
    """A transaction holding the feed's lock from its first statement."""
    with transaction.atomic():
        lock_feed()
        yield


def entry_json(entry: DocumentChange) -> dict:
    """An entry as the API and webhooks show it: ids, a type and paths, never content."""
    return {
        "seq": entry.seq,
        "kind": entry.kind,
        "site": entry.site_id,
        "id": entry.page_id,
        "type": entry.page_type,
        "old_path": entry.old_path or None,
        "new_path": entry.new_path or None,
        "at": entry.at.isoformat().replace("+00:00", "Z"),
    }


CHANGE_SCHEMA = obj(
    {
        "seq": INTEGER,  # increasing in commit order; the `since` of the next request
        "kind": enum([DocumentChange.CREATED, DocumentChange.UPDATED, DocumentChange.DELETED]),
        "site": INTEGER,
        "id": nullable(INTEGER),  # the page; null for the site document (settings, menu, footer)
        "type": STRING,  # the page type, e.g. content.ArticlePage, or "site"
        "old_path": nullable(STRING),  # where the page was public before; null when created
        "new_path": nullable(STRING),  # where it is public now; null when deleted
        "at": DATETIME,
    }
)
CHANGES_SCHEMA = obj(
    {
        "meta": obj({"since": INTEGER, "last_seq": INTEGER, "has_more": BOOLEAN}),
        "items": array(ref("change")),
    }
)
