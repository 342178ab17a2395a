"""A publish reaches a real receiver as one signed delivery; failures are retried, or not, as documented."""

import json

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from content.delivery.changes import entry_json
from content.delivery.models import DocumentChange
from webhooks.dispatch import ABANDONED_AFTER
from webhooks.models import WebhookDelivery
from webhooks.tasks import dispatch_deliveries

from .changes import baseline, publish_title
from .conftest import SECRET
from .receiver import Receiver
from .signature import verify

pytestmark = pytest.mark.django_db
TITLE = "Autumn release, revised for the webhook"


@pytest.fixture
def endpoint(tasks, make_endpoint):
    baseline()
    return make_endpoint()


def only_delivery() -> WebhookDelivery:
    (delivery,) = WebhookDelivery.objects.all()
    return delivery


def test_a_publish_is_delivered_once_signed_with_the_entries_it_appended(endpoint, receiver, tasks):
    page = publish_title("autumn-release", TITLE)
    tasks.settle()
    (request,) = receiver.requests
    assert verify(request, SECRET)
    assert not verify(request, "another-secret-entirely")
    delivery = only_delivery()
    assert request.path == "/hooks/cms"
    assert request.headers["X-CMS-Event"] == "changes"
    assert request.headers["X-CMS-Delivery"] == str(delivery.pk)
    assert request.headers["Content-Type"] == "application/json"
    body = json.loads(request.body)
    entries = DocumentChange.objects.filter(seq__gte=body["from"], seq__lte=body["to"]).order_by("seq")
    assert body == {
        "event": "changes",
        "from": delivery.seq_from,
        "to": delivery.seq_to,
        "entries": [entry_json(entry) for entry in entries],
    }
    mine = [e for e in body["entries"] if e["id"] == page.pk]
    assert mine == [
        {**mine[0], "kind": "updated", "type": "content.ArticlePage", "new_path": "/news/autumn-release/"}
    ]
    assert mine[0]["old_path"] == "/news/autumn-release/"
    assert TITLE.encode() not in request.body  # ids, types and paths, never content
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("delivered", 1, 204)
    assert delivery.duration_ms is not None and delivery.error == ""


def test_500s_are_retried_with_growing_delays_until_the_receiver_accepts(endpoint, receiver, tasks):
    receiver.answer(500, 502)
    publish_title("autumn-release", TITLE)
    tasks.settle()
    assert len(receiver.requests) == 3
    assert all(verify(request, SECRET) for request in receiver.requests)
    # The same delivery each time (receivers deduplicate on the id), signed anew.
    assert len({request.headers["X-CMS-Delivery"] for request in receiver.requests}) == 1
    delivery = only_delivery()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("delivered", 3, 204)
    sends = DBTaskResult.objects.filter(task_path="webhooks.tasks.send_delivery").order_by("enqueued_at")
    delays = [(r.run_after - r.enqueued_at).total_seconds() for r in sends if r.run_after.year < 9999]
    assert len(delays) == 2 and 0.04 <= delays[0] < delays[1]


def test_a_timeout_is_retried(endpoint, receiver, tasks):
    receiver.answer(("sleep", 1.5))  # past WEBHOOKS_READ_TIMEOUT (0.5 s here)
    publish_title("autumn-release", TITLE)
    tasks.settle()
    assert len(receiver.requests) == 2
    delivery = only_delivery()
    assert (delivery.status, delivery.attempts) == ("delivered", 2)


def test_an_answer_that_is_not_http_is_retried(endpoint, receiver, tasks):
    receiver.answer("garbage")
    publish_title("autumn-release", TITLE)
    tasks.settle()
    assert len(receiver.requests) == 2 and only_delivery().status == "delivered"


def test_a_404_is_not_retried(endpoint, receiver, tasks):
    receiver.answer(404)
    publish_title("autumn-release", TITLE)
    tasks.settle()
    assert len(receiver.requests) == 1
    delivery = only_delivery()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("failed", 1, 404)
    assert "404" in delivery.error and "not retried" in delivery.error


def test_a_429_is_retried(endpoint, receiver, tasks):
    receiver.answer(429)
    publish_title("autumn-release", TITLE)
    tasks.settle()
    assert len(receiver.requests) == 2
    assert (only_delivery().status, only_delivery().attempts) == ("delivered", 2)


def test_after_the_last_attempt_the_delivery_is_failed(endpoint, receiver, tasks):
    receiver.answer(503, 503, 503, 503, 503)
    publish_title("autumn-release", TITLE)
    tasks.settle()
    assert len(receiver.requests) == 4  # WEBHOOKS_MAX_ATTEMPTS
    delivery = only_delivery()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("failed", 4, 503)
    assert delivery.error == "the receiver answered 503 (gave up after 4 attempts)"


def test_a_redirect_is_recorded_as_failed_and_not_followed(endpoint, receiver, tasks):
    with Receiver() as elsewhere:
        receiver.answer(("redirect", elsewhere.url))
        publish_title("autumn-release", TITLE)
        tasks.settle()
        assert elsewhere.requests == []
    assert len(receiver.requests) == 1
    delivery = only_delivery()
    assert (delivery.status, delivery.response_code) == ("failed", 302)
    assert f"a redirect to {elsewhere.url}; redirects are not followed" in delivery.error


def run_until(tasks, condition) -> None:
    for _ in range(50):
        if condition():
            return
        tasks.commit() or tasks.run_one()
    raise AssertionError("the condition never held")


def test_deleting_an_endpoint_drops_its_pending_retries(endpoint, receiver, tasks):
    receiver.answer(500)
    publish_title("autumn-release", TITLE)
    run_until(tasks, lambda: WebhookDelivery.objects.filter(attempts=1).exists())
    endpoint.delete()
    tasks.settle()
    assert len(receiver.requests) == 1
    assert not WebhookDelivery.objects.exists()
    sends = DBTaskResult.objects.filter(task_path="webhooks.tasks.send_delivery")
    assert sends.count() == 2 and set(sends.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert sends.order_by("-finished_at").first().return_value["skipped"].startswith("the delivery is gone")


def test_deleting_an_endpoint_before_its_first_attempt_sends_nothing(endpoint, receiver, tasks):
    publish_title("autumn-release", TITLE)
    run_until(tasks, WebhookDelivery.objects.exists)
    endpoint.delete()
    tasks.settle()
    assert receiver.requests == []
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_a_deactivated_endpoint_gets_nothing_more(endpoint, receiver, tasks):
    publish_title("autumn-release", TITLE)
    run_until(tasks, WebhookDelivery.objects.exists)
    endpoint.active = False
    endpoint.save()
    tasks.settle()
    assert receiver.requests == []
    assert only_delivery().status == "failed" and "deactivated" in only_delivery().error


def test_a_delivery_whose_worker_died_mid_attempt_is_taken_up_by_the_next_dispatch(endpoint, receiver, tasks):
    publish_title("autumn-release", TITLE)
    run_until(tasks, WebhookDelivery.objects.exists)
    # As a worker killed during attempt 1 leaves it: claimed, never recorded, its task gone.
    DBTaskResult.objects.filter(task_path="webhooks.tasks.send_delivery").delete()
    started = timezone.now() - ABANDONED_AFTER - ABANDONED_AFTER / 10
    WebhookDelivery.objects.update(attempts=1, last_attempt_at=started, next_attempt_at=None)
    tasks.settle()
    assert receiver.requests == []  # not yet: nothing dispatches
    dispatch_deliveries.enqueue()
    tasks.settle()
    assert len(receiver.requests) == 1
    delivery = only_delivery()
    assert (delivery.status, delivery.attempts) == ("delivered", 2)
