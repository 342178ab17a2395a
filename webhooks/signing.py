"""The headers that let a receiver check a delivery came from us, unchanged and recently.

X-CMS-Signature is "sha256=" and the hex HMAC-SHA256, keyed with the endpoint's
secret, of "{timestamp}.{body}": the timestamp is signed too, so a receiver that
rejects old timestamps rejects replays (frontend-contract/README.md shows how).
"""

import hashlib
import hmac

USER_AGENT = "headless-cms-webhooks/1"


def signature(secret: str, timestamp: int, body: bytes) -> str:
    message = f"{timestamp}.".encode() + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signed_headers(secret: str, timestamp: int, body: bytes, delivery_id: str, event: str) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-CMS-Event": event,
        "X-CMS-Delivery": delivery_id,
        "X-CMS-Timestamp": str(timestamp),
        "X-CMS-Signature": signature(secret, timestamp, body),
    }
