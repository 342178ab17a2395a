"""Request ids and one log line per request.

The id comes from the X-Request-ID header when it is a sensible token (a proxy
or load balancer set it), else it is generated; it is returned in the response
and attached to every log record written while the request is handled.
"""

import logging
import re
import time
import uuid
from contextvars import ContextVar

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
logger = logging.getLogger("site_config.requests")
ACCEPTED_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def incoming_request_id(request) -> str:
    candidate = request.headers.get("X-Request-ID", "")
    return candidate if ACCEPTED_ID.match(candidate) else uuid.uuid4().hex


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = incoming_request_id(request)
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                },
            )
            return response
        finally:
            request_id_var.reset(token)


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record (None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True
