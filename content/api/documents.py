"""API responses assembled from stored documents: bytes as stored, fields picked only when asked.

A stored document has ORIGIN where the requesting host goes, and its page's own
detail_url without ?site=; both are put back here, by replacing bytes.
"""

import hashlib
from urllib.parse import quote

import orjson
from django.http import HttpResponse

from content.delivery.build import ORIGIN, render
from content.delivery.held import held
from content.delivery.store import Stored

ORIGIN_BYTES = ORIGIN.encode()


def for_request(body: bytes, origin: str, page_id: int | None = None, site_param: str | None = None) -> bytes:
    body = body.replace(ORIGIN_BYTES, origin.encode())
    if page_id and site_param is not None:
        # The first detail URL of a page document is its own meta.detail_url.
        own = b'/api/v2/pages/%d/"' % page_id
        body = body.replace(own, b'/api/v2/pages/%d/?site=%s"' % (page_id, quote(site_param).encode()), 1)
    return body


def stored_for_request(
    stored: Stored, origin: str, page_id: int | None = None, site_param: str | None = None
) -> bytes:
    """for_request, kept in memory beside the document: its hash and these inputs name the result."""
    key = (stored.content_hash, origin, page_id, site_param)
    body = held.get(key)
    if body is None:
        body = for_request(stored.body, origin, page_id, site_param)
        held.put(key, body)
    return body


def pick(body: bytes, fields: tuple[str, ...]) -> bytes:
    """The named fields of a document, in that order, written as the API's renderer writes them."""
    data = orjson.loads(body)
    return render({name: data[name] for name in fields if name in data})


def listing_body(total_count: int, items: list[bytes]) -> bytes:
    return b'{"meta":{"total_count":%d},"items":[%s]}' % (total_count, b",".join(items))


def json_response(body: bytes) -> HttpResponse:
    return HttpResponse(body, content_type="application/json")


def document_etag(request, origin: str, parts: list[str]) -> str:
    """An ETag from the stored documents' hashes (and what else shapes the body), not from the body."""
    raw = "|".join([origin, request.path, request.META.get("QUERY_STRING", ""), *parts])
    return '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'
