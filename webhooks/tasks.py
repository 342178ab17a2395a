"""The webhook tasks, run by a task worker on their own queue (a slow receiver never holds up an export).

dispatch_deliveries decides what each endpoint gets (dispatch.py) and queues a
send_delivery per delivery; send_delivery makes one attempt and, on a network
error, a timeout, a 5xx or a 429, queues the next attempt to run after an
exponential backoff (run_after), up to WEBHOOKS_MAX_ATTEMPTS. Each attempt
first claims its number on the delivery's row, so a task queued twice sends once,
and a delivery deleted with its endpoint is simply skipped.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task, task_backends

from content.task_bursts import enqueue_once, run_starts

from .dispatch import abandoned_deliveries, dispatch_all_changes
from .models import WebhookDelivery, WebhookEndpoint
from .sending import DELIVERED, FAILED, RETRY, Outcome, attempt

QUEUE = "webhooks"
QUEUED_KEY = "webhooks:dispatch-queued"
QUEUED_TIMEOUT = 10 * 60
MAX_BACKOFF = timedelta(hours=1)


@task(queue_name=QUEUE)
def dispatch_deliveries() -> dict:
    run_starts(QUEUED_KEY)
    made = dispatch_all_changes()
    for delivery in made:
        send_delivery.enqueue(str(delivery.pk), 1)
    lost = abandoned_deliveries()
    for delivery in lost:
        send_delivery.enqueue(str(delivery.pk), delivery.attempts + 1)
    return {"deliveries": len(made), "requeued": len(lost)}


def queue_dispatch() -> None:
    """One queued dispatch for a burst of changes, and none at all without an active endpoint."""
    if not WebhookEndpoint.objects.filter(active=True).exists():
        return
    enqueue_once(dispatch_deliveries, QUEUED_KEY, QUEUED_TIMEOUT)


def queue_sends(deliveries: list[WebhookDelivery]) -> None:
    for delivery in deliveries:
        send_delivery.enqueue(str(delivery.pk), 1)


def _claim(delivery_id: str, number: int) -> WebhookDelivery | None:
    """The delivery, if attempt `number` is still to be made (and now marked as started)."""
    pending = WebhookDelivery.objects.filter(status=WebhookDelivery.PENDING)
    started = {"attempts": number, "last_attempt_at": timezone.now(), "next_attempt_at": None}
    if not pending.filter(pk=delivery_id, attempts=number - 1).update(**started):
        return None
    return WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()


@task(queue_name=QUEUE)
def send_delivery(delivery_id: str, number: int) -> dict:
    delivery = _claim(delivery_id, number)
    if delivery is None:
        return {"skipped": "the delivery is gone (its endpoint was deleted) or this attempt was made"}
    if not delivery.endpoint.active:
        outcome = Outcome(FAILED, error="the endpoint was deactivated before this delivery was made")
    else:
        outcome = attempt(delivery)
    return {"result": _record(delivery, number, outcome), "response_code": outcome.response_code}


def backoff(number: int) -> timedelta:
    """How long after failed attempt `number` the next one runs: the base delay, doubled each time."""
    return min(timedelta(seconds=settings.WEBHOOKS_RETRY_DELAY * 2 ** (number - 1)), MAX_BACKOFF)


def _record(delivery: WebhookDelivery, number: int, outcome: Outcome) -> str:
    fields = {
        "response_code": outcome.response_code,
        "duration_ms": outcome.duration_ms,
        "error": outcome.error[:500],
        "response_excerpt": outcome.excerpt,
    }
    mine = WebhookDelivery.objects.filter(pk=delivery.pk, status=WebhookDelivery.PENDING, attempts=number)
    if outcome.result == RETRY and number < settings.WEBHOOKS_MAX_ATTEMPTS:
        due = timezone.now() + backoff(number)
        if mine.update(next_attempt_at=due, **fields):
            _queue_attempt(delivery.pk, number + 1, due)
        return "retrying"
    if outcome.result == RETRY:
        fields["error"] = f"{outcome.error} (gave up after {number} attempts)"[:500]
    status = WebhookDelivery.DELIVERED if outcome.result == DELIVERED else WebhookDelivery.FAILED
    if mine.update(status=status, **fields) and delivery.event == WebhookDelivery.CHANGES:
        queue_dispatch()  # entries that arrived meanwhile waited for this delivery
    return status


def _queue_attempt(delivery_id, number: int, due) -> None:
    attempt_task = send_delivery
    if task_backends[attempt_task.backend].supports_defer:
        attempt_task = attempt_task.using(run_after=due)
    # Without deferral (the immediate backend of the tests) the next attempt runs at once.
    attempt_task.enqueue(str(delivery_id), number)
