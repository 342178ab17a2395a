"""One attempt at a delivery: check the destination, sign, POST, and say what the answer means."""

import time
from dataclasses import dataclass

from .destinations import DestinationError, resolve
from .models import WebhookDelivery
from .signing import signed_headers
from .transport import Answer, post

DELIVERED, RETRY, FAILED = "delivered", "retry", "failed"
EXCERPT = 500


@dataclass
class Outcome:
    result: str  # DELIVERED, RETRY (worth another attempt) or FAILED (another would fail the same way)
    response_code: int | None = None
    duration_ms: int | None = None
    error: str = ""
    excerpt: str = ""  # the start of the receiver's answer, for the log


def classify(answer: Answer) -> Outcome:
    code = answer.status
    outcome = Outcome(
        FAILED,
        response_code=code,
        duration_ms=round(answer.seconds * 1000),
        excerpt=answer.body[:EXCERPT].decode("utf-8", "replace"),
    )
    if code is None:
        outcome.result, outcome.error = RETRY, answer.error or "no answer"
    elif 200 <= code < 300:
        outcome.result = DELIVERED
    elif 300 <= code < 400:
        where = f" to {answer.location}" if answer.location else ""
        outcome.error = f"the receiver answered {code}, a redirect{where}; redirects are not followed"
    elif code == 429 or code >= 500:
        outcome.result, outcome.error = RETRY, f"the receiver answered {code}"
    else:
        outcome.error = f"the receiver answered {code}; not retried (only 429 and 5xx are)"
    return outcome


def attempt(delivery: WebhookDelivery) -> Outcome:
    endpoint = delivery.endpoint
    try:
        destination = resolve(endpoint.url)
    except DestinationError as exc:
        return Outcome(RETRY if exc.retry else FAILED, error=str(exc))
    body = delivery.body.encode()
    headers = signed_headers(endpoint.secret, int(time.time()), body, str(delivery.pk), delivery.event)
    return classify(post(destination, body, headers))
