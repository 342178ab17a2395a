"""Redeliver: a new delivery of a logged payload, queued for the worker."""

from django.db import transaction
from django.utils import timezone

from .models import WebhookDelivery
from .tasks import queue_sends


def redeliver(delivery: WebhookDelivery) -> WebhookDelivery:
    copy = WebhookDelivery.objects.create(
        endpoint=delivery.endpoint,
        event=delivery.event,
        body=delivery.body,
        seq_from=delivery.seq_from,
        seq_to=delivery.seq_to,
        next_attempt_at=timezone.now(),
        redelivery_of=delivery,
    )
    transaction.on_commit(lambda: queue_sends([copy]))
    return copy
