"""HTTP caching of public API responses: ETags, Cache-Control, and a server-side cache.

Responses are cached whole (Django's cache framework: local memory, or Redis with
REDIS_URL) under a key that includes a generation number of the endpoint's family
(FAMILIES). A change bumps the generations of the families whose responses it can
alter (content.api.invalidation): an image edit leaves cached search results of
other families alone, a publish leaves images and documents alone. With several
server processes, use Redis so that they share the generations.

Endpoints answered from the delivery store (pages, find, site) keep only their
errors here (kept_statuses): the store answers the rest in one query and is
invalidated per document, where a cached response would be emptied by every
publish; docs/delivery-store.md gives the measurement behind that choice.

Answers to bad requests (400, 404) are kept too, for a shorter time
(API_ERROR_CACHE_SECONDS): they follow the same generation, so a page published
after its 404 was kept is seen at once, and a client repeating a bad request costs
no more than one repeating a good one. Each entry's lifetime is shortened by up to
a fifth at random, so that the responses cached together (after a publish or a
restart) do not all expire in the same moment and come back to the database at once.
"""

import hashlib
import logging
import random

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response

logger = logging.getLogger(__name__)
GENERATION_KEY = "api:generation:{}"
# What a cached response may be built from: pages (their visibility too), media (images,
# documents, collections), redirects, search (all of it).
FAMILIES = ("pages", "media", "redirects", "search")
CACHEABLE_STATUSES = (200, 302)
ERROR_STATUSES = (400, 404)
EXPIRY_SPREAD = 0.2


def bump_generation(families=FAMILIES) -> None:
    for family in families:
        key = GENERATION_KEY.format(family)
        try:
            cache.incr(key)
        except ValueError:  # not set yet, or evicted
            _cache_call(cache.set, key, 1, timeout=None)
        except Exception as error:  # noqa: BLE001 (a cache outage must not fail a publish)
            logger.warning("could not bump the API cache generation of %s: %s", family, error)


def _cache_call(method, *args, **kwargs):
    """A cache operation that treats an unreachable cache (Redis down) as a miss."""
    try:
        return method(*args, **kwargs)
    except Exception as error:  # noqa: BLE001 (the database still answers without a cache)
        logger.warning("API cache unavailable: %s", error)
        return None


def _response_key(request, family: str) -> str | None:
    generation = _cache_call(cache.get, GENERATION_KEY.format(family), 0)
    if generation is None:
        return None  # no cache: serve straight from the database
    # Responses hold absolute URLs, so scheme and host are part of what they depend on.
    raw = f"{request.scheme}://{request.get_host()}|{request.get_full_path()}".encode()
    return f"api:response:{family}:{generation}:{hashlib.sha256(raw).hexdigest()}"


def _lifetime(status: int) -> int:
    """Seconds to keep a response with this status; 0 for one never kept (5xx, 304, ...)."""
    if status in CACHEABLE_STATUSES:
        seconds = settings.API_RESPONSE_CACHE_SECONDS
    elif status in ERROR_STATUSES:
        seconds = min(settings.API_ERROR_CACHE_SECONDS, settings.API_RESPONSE_CACHE_SECONDS)
    else:
        return 0
    return max(1, round(seconds * (1 - EXPIRY_SPREAD * random.random())))  # noqa: S311 (not a secret)


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def cache_control() -> str:
    return (
        f"public, max-age={settings.API_CACHE_MAX_AGE}, "
        f"stale-while-revalidate={settings.API_STALE_WHILE_REVALIDATE}"
    )


class CachedResponseMixin:
    """For GET views: serve from the server-side cache, and answer If-None-Match with 304.

    An endpoint that reads the delivery store answers from it first, and keeps only
    its errors here (kept_statuses): the store is the cache of its answers.
    """

    kept_statuses = CACHEABLE_STATUSES + ERROR_STATUSES
    cache_family = "search"  # the widest: invalidated by every change

    def answer_from_store(self, request, *args, **kwargs):
        """A response read straight from the delivery store, or None for the viewset's own path."""
        return None

    def dispatch(self, request, *args, **kwargs):
        reads = request.method in ("GET", "HEAD")
        response = self.answer_from_store(request, *args, **kwargs) if reads else None
        if response is not None:
            for header, value in self.default_response_headers.items():  # as DRF sets them (Allow)
                response[header] = value
            if not response.has_header("ETag"):  # a redirect of find/
                response["ETag"] = _etag(response.content)
            response["Cache-Control"] = cache_control()
            return get_conditional_response(request, etag=response["ETag"], response=response)
        seconds = settings.API_RESPONSE_CACHE_SECONDS if request.method == "GET" else 0
        key = _response_key(request, self.cache_family) if seconds else None
        stored = _cache_call(cache.get, key) if key else None
        if stored is None:
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            if not response.has_header("ETag"):  # answers built from stored documents carry theirs
                response["ETag"] = _etag(response.content)
            kept = key and response.status_code in self.kept_statuses
            lifetime = _lifetime(response.status_code) if kept else 0
            if lifetime:
                stored = (response.status_code, response.content, response["ETag"], response.get("Location"))
                _cache_call(cache.set, key, stored, timeout=lifetime)
        else:
            status, body, etag, location = stored
            response = HttpResponse(body, status=status, content_type="application/json")
            response["ETag"] = etag
            if location:
                response["Location"] = location
        response["Cache-Control"] = cache_control()
        return get_conditional_response(request, etag=response["ETag"], response=response)
