"""One POST to a checked address: short timeouts, no redirects, a bounded read of the answer.

urllib3 connects to the address destinations.resolve checked, while TLS still
verifies the certificate for (and sends SNI with) the URL's host name.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from urllib3 import HTTPConnectionPool, HTTPSConnectionPool, Timeout
from urllib3.exceptions import HTTPError

from .destinations import Destination

MAX_RESPONSE_BYTES = 64 * 1024  # read at most this much of an answer; the log keeps an excerpt
CHUNK = 8192


@dataclass
class Answer:
    status: int | None = None  # None: no HTTP answer (connection refused, timeout, garbage)
    body: bytes = b""
    location: str = ""
    error: str = ""
    seconds: float = 0.0


def _pool(destination: Destination):
    timeout = Timeout(connect=settings.WEBHOOKS_CONNECT_TIMEOUT, read=settings.WEBHOOKS_READ_TIMEOUT)
    if destination.scheme == "https":
        return HTTPSConnectionPool(
            destination.address,
            destination.port,
            timeout=timeout,
            retries=False,
            maxsize=1,
            server_hostname=destination.host,
            assert_hostname=destination.host,
        )
    return HTTPConnectionPool(
        destination.address, destination.port, timeout=timeout, retries=False, maxsize=1
    )


def _read_bounded(response, deadline: float) -> bytes:
    """Up to MAX_RESPONSE_BYTES of the body, stopping at the deadline (a receiver that drips is cut)."""
    data = b""
    while len(data) < MAX_RESPONSE_BYTES and time.monotonic() < deadline:
        chunk = response.read(min(CHUNK, MAX_RESPONSE_BYTES - len(data)))
        if not chunk:
            break
        data += chunk
    return data


def post(destination: Destination, body: bytes, headers: dict[str, str]) -> Answer:
    started = time.monotonic()
    deadline = started + settings.WEBHOOKS_CONNECT_TIMEOUT + settings.WEBHOOKS_READ_TIMEOUT
    answer = Answer()
    pool = _pool(destination)
    try:
        response = pool.urlopen(
            "POST",
            destination.target,
            body=body,
            headers={**headers, "Host": destination.host_header},
            redirect=False,
            retries=False,
            preload_content=False,
            assert_same_host=False,
        )
        try:
            answer.status = response.status
            answer.location = response.headers.get("Location", "")[:300]
            answer.body = _read_bounded(response, deadline)
        finally:
            response.release_conn()
    except (HTTPError, OSError) as exc:
        answer.error = f"{type(exc).__name__}: {exc}"[:500]
    finally:
        pool.close()
        answer.seconds = time.monotonic() - started
    return answer
