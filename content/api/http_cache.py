"""HTTP caching of public API responses: ETags, Cache-Control, and a server-side cache.

Responses are cached whole (Django's cache framework: local memory, or Redis with
REDIS_URL) under a key that includes a content generation number. Any change that
can alter a response bumps the generation (content.api.invalidation), so the
first request after a publish is computed afresh. With several server processes,
use Redis so that they share the generation.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response

GENERATION_KEY = "api:generation"
CACHEABLE_STATUSES = (200, 302)


def bump_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet, or evicted
        cache.set(GENERATION_KEY, 1, timeout=None)


def _response_key(request) -> str:
    generation = cache.get(GENERATION_KEY, 0)
    # Responses hold absolute URLs, so scheme and host are part of what they depend on.
    raw = f"{request.scheme}://{request.get_host()}|{request.get_full_path()}".encode()
    return f"api:response:{generation}:{hashlib.sha256(raw).hexdigest()}"


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def cache_control() -> str:
    return (
        f"public, max-age={settings.API_CACHE_MAX_AGE}, "
        f"stale-while-revalidate={settings.API_STALE_WHILE_REVALIDATE}"
    )


class CachedResponseMixin:
    """For GET views: serve from the server-side cache, and answer If-None-Match with 304."""

    def dispatch(self, request, *args, **kwargs):
        seconds = settings.API_RESPONSE_CACHE_SECONDS if request.method == "GET" else 0
        key = _response_key(request) if seconds else None
        stored = cache.get(key) if key else None
        if stored is None:
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            response["ETag"] = _etag(response.content)
            if key and response.status_code in CACHEABLE_STATUSES:
                stored = (response.status_code, response.content, response["ETag"], response.get("Location"))
                cache.set(key, stored, timeout=seconds)
        else:
            status, body, etag, location = stored
            response = HttpResponse(body, status=status, content_type="application/json")
            response["ETag"] = etag
            if location:
                response["Location"] = location
        response["Cache-Control"] = cache_control()
        return get_conditional_response(request, etag=response["ETag"], response=response)
