"""An independent check of a delivery's signature, written from the documented rule, not from signing.py."""

import hashlib
import hmac
import time

from .receiver import Received


def verify(request: Received, secret: str, tolerance: int = 300) -> bool:
    """What a receiver does (frontend-contract/README.md): HMAC-SHA256 of "timestamp.body", recent."""
    timestamp = request.headers["X-CMS-Timestamp"]
    if abs(time.time() - int(timestamp)) > tolerance:
        return False
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + request.body, hashlib.sha256).hexdigest()
    given = request.headers["X-CMS-Signature"]
    return given.startswith("sha256=") and hmac.compare_digest(given.removeprefix("sha256="), expected)
