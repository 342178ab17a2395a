"""Answers read straight from the delivery store, before the viewset runs.

The common requests (a page, a listing by type, a path, the site) are answered with
one query (content.delivery.served) when the store holds fresh documents and this
process has already resolved the request's site. Anything else, or any doubt (a
parameter that is not plain, a document to build, a site not yet resolved, a page
not public), answers None and the viewset answers as before: it decides every error
and builds what is missing, so both paths give the same bytes (test_stored_reads).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import get_script_prefix
from wagtail.api.v2.utils import BadRequestError, page_models_from_string
from wagtail.models import Page, get_page_models

from content.delivery.served import (
    ServedPage,
    fresh_site_document,
    public_page_at,
    public_page_document,
    public_pages_window,
)
from content.serialization.page_json import DEFAULT_LISTING_FIELDS, field_names

from .documents import document_etag, json_response, listing_body, pick, stored_for_request
from .params import MAX_ID, check_query, requested_fields
from .sites import remembered_site

DETAIL_PARAMETERS = frozenset({"fields", "site"})
LISTING_PARAMETERS = frozenset({"type", "child_of", "fields", "limit", "offset", "site"})
FIND_PARAMETERS = frozenset({"html_path", "site", "fields"})  # fields is only carried to the redirect
SITE_PARAMETERS = frozenset({"site"})


def _plain(request, allowed: frozenset) -> bool:
    """Only the parameters this path knows, each valid as the viewset would check it."""
    if not set(request.GET) <= allowed:
        return False
    try:
        check_query(request.GET)
    except BadRequestError:
        return False
    return True


def _origin(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _model_of(content_type_id: int) -> type[Page]:
    return ContentType.objects.get_for_id(content_type_id).model_class() or Page


def _page_body(served: ServedPage, fields, origin: str, site_param: str | None) -> bytes:
    """The page's document for this request: as stored with every field (fields None), else picked."""
    body = stored_for_request(served.document, origin, served.page_id, site_param)
    if fields is None or fields == field_names(_model_of(served.content_type_id)):
        return body
    return pick(body, fields)


def page_detail(request, pk: str) -> HttpResponse | None:
    site = remembered_site(request)
    if site is None or not _plain(request, DETAIL_PARAMETERS) or int(pk) > MAX_ID:
        return None
    served = public_page_document(site, int(pk))
    if served is None:
        return None
    names = field_names(_model_of(served.content_type_id))
    try:
        fields = requested_fields(request.GET.get("fields"), names, names)
    except BadRequestError:
        return None
    origin = _origin(request)
    body = _page_body(served, None if fields == names else fields, origin, request.GET.get("site"))
    return _with_etag(json_response(body), request, origin, [served.document.content_hash])


def _content_type_ids(model: type[Page]) -> list[int] | None:
    """The model's content type and its subclasses' (as Wagtail's ?type= selects them); None for any page."""
    if model is Page:
        return None
    models = [candidate for candidate in get_page_models() if issubclass(candidate, model)]
    return [content_type.pk for content_type in ContentType.objects.get_for_models(*models).values()]


def _window_bounds(request) -> tuple[int, int] | None:
    limit_max = getattr(settings, "WAGTAILAPI_LIMIT_MAX", 20)
    offset, limit = request.GET.get("offset", "0"), request.GET.get("limit", str(min(20, limit_max or 20)))
    if not (offset.isascii() and offset.isdigit() and limit.isascii() and limit.isdigit()):
        return None
    if limit_max and int(limit) > limit_max:
        return None
    return int(offset), int(limit)


def page_listing(request) -> HttpResponse | None:
    site = remembered_site(request)
    if site is None or not _plain(request, LISTING_PARAMETERS):
        return None
    bounds = _window_bounds(request)
    try:
        models = page_models_from_string(request.GET["type"]) if "type" in request.GET else (Page,)
    except (LookupError, ValueError):
        return None
    if bounds is None or len(models) != 1 or bounds[1] == 0:
        return None
    model = models[0]
    try:
        fields = requested_fields(request.GET.get("fields"), field_names(model), DEFAULT_LISTING_FIELDS)
    except BadRequestError:
        return None
    parent = request.GET.get("child_of")
    if parent is not None and not parent.isdigit():
        return None  # child_of=root: the viewset's path
    parent_id = int(parent) if parent is not None else None
    total, window = public_pages_window(site, _content_type_ids(model), *bounds, parent_id=parent_id)
    if parent_id is not None and not window:
        return None  # no children, or no such parent (a 400): the viewset's path tells which
    if any(served.document is None for served in window):
        return None  # documents to build: the viewset's path builds and keeps them
    origin, site_param = _origin(request), request.GET.get("site")  # once for the window, not per item
    items = [_page_body(served, fields, origin, site_param) for served in window]
    hashes = [served.document.content_hash for served in window]
    return _with_etag(json_response(listing_body(total, items)), request, origin, [str(total), *hashes])


def page_find(request) -> HttpResponse | None:
    """?html_path=: the public page whose url_path it names (what Wagtail's routing finds)."""
    site = remembered_site(request)
    if site is None or "html_path" not in request.GET or not _plain(request, FIND_PARAMETERS):
        return None
    page_id = public_page_at(site, [part for part in request.GET["html_path"].split("/") if part])
    if page_id is None:
        return None
    query = request.GET.copy()
    query.pop("html_path")
    suffix = f"?{query.urlencode()}" if query else ""
    # What redirect() gives for an absolute URL, without first trying it as a view name.
    return HttpResponseRedirect(f"{_origin(request)}{_detail_path(request, page_id)}{suffix}")


_detail_prefixes: dict[str, str] = {}


def _detail_path(request, page_id: int) -> str:
    """The router's detail path of a page, reversed once per script prefix: only the id differs."""
    script_prefix = get_script_prefix()
    prefix = _detail_prefixes.get(script_prefix)
    if prefix is None:
        prefix = request.wagtailapi_router.get_object_detail_urlpath(Page, 0).removesuffix("0/")
        _detail_prefixes[script_prefix] = prefix
    return f"{prefix}{page_id}/"


def site_settings(request) -> HttpResponse | None:
    site = remembered_site(request)
    if site is None or not _plain(request, SITE_PARAMETERS):
        return None
    stored = fresh_site_document(site)
    if stored is None:
        return None
    origin = _origin(request)
    response = json_response(stored_for_request(stored, origin))
    return _with_etag(response, request, origin, [stored.content_hash])


def _with_etag(response: HttpResponse, request, origin: str, parts: list[str]) -> HttpResponse:
    response["ETag"] = document_etag(request, origin, parts)
    return response
