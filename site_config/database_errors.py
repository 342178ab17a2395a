"""When the database cannot be reached, answer 503 (JSON under /api/) instead of a 500 page.

Django opens a fresh connection on the next request, so service resumes on its own
once the database is back.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse

from site_config.api import API_PREFIX

logger = logging.getLogger(__name__)
MESSAGE = "The database is unavailable; try again shortly."


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("database unavailable: %s", exception)
        if request.path.startswith(API_PREFIX):
            response = JsonResponse({"message": MESSAGE}, status=503)
        else:
            response = HttpResponse(MESSAGE, status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = "5"
        response["Cache-Control"] = "no-store"
        return response
