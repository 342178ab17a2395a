"""Which deliveries to make: the change feed past each endpoint's cursor, and purges after a publish.

One delivery per endpoint is pending at a time. The endpoint's row is locked
while its next delivery is decided, so several worker processes dispatching at
once neither send an entry twice nor skip one; entries that arrive while a
delivery is pending wait for it to finish and then go out together (a burst
becomes few deliveries). An endpoint's cursor moves when a delivery is made,
not when it succeeds: a delivery that finally fails is in the log (and can be
redelivered), and a receiver that sees a gap between one delivery's `to` and
the next one's `from` catches up with GET /api/v2/changes/?since=.
"""

import json
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from content.delivery.changes import entry_json, latest_seq
from content.delivery.models import DocumentChange

from .models import CHANGE_EVENTS, PURGE, SITE, WebhookDelivery, WebhookEndpoint

MAX_ENTRIES = 500  # per delivery; more go in the next one
MAX_PURGE_PATHS = 1000  # above this, a purge says "/*" (everything)
# A pending delivery whose attempt was due (or started, and never ended) this long ago lost its
# task, its worker killed: the next dispatch queues it again.
ABANDONED_AFTER = timedelta(minutes=10)


def payload(data: dict) -> str:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def wanted(endpoint: WebhookEndpoint) -> Q | None:
    """The feed entries this endpoint asked for, as a filter (None: none at all)."""
    kinds = [event for event in endpoint.events if event in CHANGE_EVENTS and event != SITE]
    wanted = Q(kind__in=kinds) & ~Q(page_type=DocumentChange.SITE_TYPE) if kinds else None
    if endpoint.wants(SITE):
        site = Q(page_type=DocumentChange.SITE_TYPE)
        wanted = site if wanted is None else wanted | site
    if wanted is not None:
        site_ids = [site.pk for site in endpoint.sites.all()]
        if site_ids:
            wanted &= Q(site_id__in=site_ids)
    return wanted


def _next_entries(endpoint: WebhookEndpoint, latest: int) -> tuple[list[DocumentChange], int]:
    """The entries of the next delivery, and the sequence number it covers up to."""
    rule = wanted(endpoint)
    if rule is None:
        return [], latest
    feed = DocumentChange.objects.filter(rule, seq__gt=endpoint.cursor, seq__lte=latest).order_by("seq")
    entries = list(feed[:MAX_ENTRIES])
    covered = entries[-1].seq if len(entries) == MAX_ENTRIES else latest
    return entries, covered


def dispatch_changes(endpoint_id: int, latest: int) -> WebhookDelivery | None:
    """The endpoint's next change delivery, if it wants one now (call inside a transaction)."""
    endpoint = WebhookEndpoint.objects.select_for_update().filter(pk=endpoint_id, active=True).first()
    if endpoint is None or endpoint.cursor >= latest:
        return None
    pending = endpoint.deliveries.filter(status=WebhookDelivery.PENDING, event=WebhookDelivery.CHANGES)
    if pending.exists():
        return None  # when it finishes, the dispatch runs again
    entries, covered = _next_entries(endpoint, latest)
    first = endpoint.cursor + 1
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(cursor=covered)
    if not entries:
        return None
    body = {"event": "changes", "from": first, "to": covered, "entries": [entry_json(e) for e in entries]}
    return WebhookDelivery.objects.create(
        endpoint=endpoint,
        event=WebhookDelivery.CHANGES,
        body=payload(body),
        seq_from=first,
        seq_to=covered,
        next_attempt_at=timezone.now(),
    )


def dispatch_all_changes() -> list[WebhookDelivery]:
    """A delivery for every active endpoint with entries it has not had; one transaction each."""
    latest = latest_seq()
    made = []
    for endpoint_id in WebhookEndpoint.objects.filter(active=True).values_list("pk", flat=True):
        with transaction.atomic():
            delivery = dispatch_changes(endpoint_id, latest)
        if delivery is not None:
            made.append(delivery)
    return made


def abandoned_deliveries() -> list[WebhookDelivery]:
    """Pending deliveries whose task was lost; their next attempt is pushed to now (so listed once)."""
    cutoff = timezone.now() - ABANDONED_AFTER
    overdue = Q(next_attempt_at__lt=cutoff) | Q(next_attempt_at=None, last_attempt_at__lt=cutoff)
    found = list(WebhookDelivery.objects.filter(overdue, status=WebhookDelivery.PENDING))
    if found:
        WebhookDelivery.objects.filter(pk__in=[d.pk for d in found]).update(next_attempt_at=timezone.now())
    return found


def purge_body(paths: list[str], base_url: str) -> str:
    everything = len(paths) > MAX_PURGE_PATHS
    return payload(
        {
            "event": PURGE,
            "base_url": base_url or None,
            "everything": everything,
            "paths": ["/*"] if everything else sorted(paths),
        }
    )


def dispatch_purge(paths: list[str], base_url: str) -> list[WebhookDelivery]:
    """A purge delivery for every active endpoint subscribed to purges."""
    body = purge_body(paths, base_url)
    endpoints = [e for e in WebhookEndpoint.objects.filter(active=True) if e.wants(PURGE)]
    now = timezone.now()
    return [
        WebhookDelivery.objects.create(endpoint=e, event=PURGE, body=body, next_attempt_at=now)
        for e in endpoints
    ]
