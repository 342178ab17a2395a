"""The public API v2 endpoints: Wagtail's viewsets, made anonymous, strict and cached.

Authentication is off on every endpoint: a session cookie or an Authorization
header is ignored, so it can never widen what is returned. Every page goes
through content.serialization.page_json, every filter through content.serialization.visibility.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from rest_framework.exceptions import APIException
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.contrib.redirects.api import RedirectsAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Page, Site

from content.delivery.served import current_sites_epoch
from content.delivery.store import Stored, page_documents, site_document
from content.serialization.objects import document_json, redirect_json
from content.serialization.page_json import DEFAULT_LISTING_FIELDS, field_names
from content.serialization.renditions import SPECS, ensure_renditions, image_json
from content.serialization.scope import SerializationScope, serialization_scope
from content.serialization.visibility import public_documents, public_images, public_pages, public_redirects

from . import stored_reads
from .documents import document_etag, for_request, json_response, listing_body, pick
from .http_cache import ERROR_STATUSES, CachedResponseMixin
from .params import MAX_ID, check_query, requested_fields
from .search_filter import with_public_search
from .sites import remember_site


class PublicEndpointMixin(CachedResponseMixin):
    reads_store = False  # answers from the delivery store (stored_reads), for which sites are remembered
    authentication_classes = ()
    permission_classes = (AllowAny,)
    renderer_classes = (JSONRenderer,)
    pagination_class = WagtailPagination

    @cached_property
    def site(self) -> Site | None:
        """The site named by ?site=host[:port], else the one this host serves (remembered per host)."""
        if not self.reads_store:
            return self.resolve_site()
        sites_epoch = current_sites_epoch()  # before resolving: a change meanwhile shows as a newer epoch
        site = self.resolve_site()
        if site is not None:
            remember_site(self.request, site, sites_epoch)
        return site

    def resolve_site(self) -> Site | None:
        requested = self.request.GET.get("site")
        if not requested:
            return Site.find_for_request(self.request)
        hostname, _, port = requested.partition(":")
        sites = Site.objects.filter(hostname=hostname)
        if port:
            valid_port = port.isascii() and port.isdigit() and len(port) < 6
            sites = sites.filter(port=int(port)) if valid_port else sites.none()
        site = sites.select_related("root_page").first()
        if site is None:
            raise Http404(f"site '{requested}' is not configured")
        return site

    @cached_property
    def media_base(self) -> str:
        return self.request.build_absolute_uri("/").rstrip("/")

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD"):
            return  # DRF answers 405 for any other method
        check_query(request.GET)
        if self.site is None:
            raise Http404("no site is configured for this host")

    def handle_exception(self, exc):
        if isinstance(exc, Http404):
            return Response({"message": str(exc) or "not found"}, status=404)
        if isinstance(exc, BadRequestError):
            return Response({"message": str(exc)}, status=400)
        if isinstance(exc, APIException):
            return Response({"message": str(exc.detail)}, status=exc.status_code)
        if isinstance(exc, DjangoValidationError):
            # A field filter whose value does not fit the field, e.g. ?first_published_at=abc.
            return Response({"message": f"invalid value: {' '.join(exc.messages)}"}, status=400)
        return super().handle_exception(exc)

    def find_view(self, request):
        """Redirect to the found object's detail URL on this API host, keeping ?site= and the rest."""
        try:
            found = self.find_object(self.get_queryset(), request)
        except ObjectDoesNotExist:
            found = None
        if found is None:
            raise Http404("not found")
        query = request.GET.copy()
        for name in self.find_query_parameters:
            query.pop(name, None)
        path = request.wagtailapi_router.get_object_detail_urlpath(self.model, found.pk)
        suffix = f"?{query.urlencode()}" if query else ""
        return redirect(f"{self.media_base}{path}{suffix}")

    def get_renderer_context(self):
        return {**super().get_renderer_context(), "indent": None}

    def stored_response(self, body: bytes, parts: list[str]):
        """A response assembled from stored documents, its ETag from their hashes."""
        response = json_response(body)
        response["ETag"] = document_etag(self.request, self.media_base, parts)
        return response

    def detail_pk(self, pk) -> int:
        if int(pk) > MAX_ID:
            raise Http404("not found")
        return int(pk)


class PagesEndpoint(PublicEndpointMixin, PagesAPIViewSet):
    reads_store = True
    kept_statuses = ERROR_STATUSES  # the delivery store is the cache of its answers
    cache_family = "pages"
    filter_backends = with_public_search(PagesAPIViewSet.filter_backends)
    known_query_parameters = PagesAPIViewSet.known_query_parameters - {"rich_text_format"}

    def answer_from_store(self, request, *args, **kwargs):
        action = self.action_map.get(request.method.lower()) if request.method in ("GET", "HEAD") else None
        if action == "detail_view":
            return stored_reads.page_detail(request, kwargs["pk"])
        if action == "listing_view":
            return stored_reads.page_listing(request)
        if action == "find_view":
            return stored_reads.page_find(request)
        return None

    def get_root_page(self):
        """What child_of=root and descendant_of=root mean: the requested site's root."""
        return self.site.root_page

    @cached_property
    def visible_pages(self):
        return public_pages(self.site)

    def get_base_queryset(self):
        return self.visible_pages

    def get_queryset(self):
        # Wagtail narrows ?type= with "pk IN (every public page)"; filtering the
        # public pages by type instead is one indexed scan.
        queryset = super().get_queryset()
        self.listed_model = queryset.model  # what ?fields= and filters may name
        if queryset.model is not Page:
            return self.visible_pages.type(queryset.model)
        return queryset

    def find_object(self, queryset, request):
        """?html_path= is routed from the root of the requested site (?site= or the host)."""
        if "html_path" not in request.GET:
            return super().find_object(queryset, request)
        components = [part for part in request.GET["html_path"].split("/") if part]
        try:
            page, args, kwargs = self.site.root_page.specific.route(request, components)
        except Http404:
            return None
        if args or kwargs:
            return None  # a route below a page (a later page of a listing) is not a page of its own
        return page if queryset.filter(pk=page.pk).exists() else None

    def listing_view(self, request):
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        fields = requested_fields(
            request.GET.get("fields"), field_names(self.listed_model), DEFAULT_LISTING_FIELDS
        )
        window = list(self.paginate_queryset(self.filter_queryset(queryset)))
        pages = _specific_in_order(window, self.listed_model)
        documents = page_documents(pages, self.site)
        items = [self.page_body(page, documents[page.pk], fields) for page in pages]
        total = self.paginator.total_count
        hashes = [documents[page.pk].content_hash for page in pages]
        return self.stored_response(listing_body(total, items), [str(total), *hashes])

    def detail_view(self, request, pk):
        self.kwargs["pk"] = self.detail_pk(pk)
        page = self.get_object()
        names = field_names(type(page))
        fields = requested_fields(request.GET.get("fields"), names, names)
        document = page_documents([page], self.site)[page.pk]
        return self.stored_response(self.page_body(page, document, fields), [document.content_hash])

    def page_body(self, page: Page, stored: Stored, fields: tuple[str, ...] | None) -> bytes:
        """A page's stored document for this request: every field as stored, or those asked for."""
        body = for_request(stored.body, self.media_base, page.pk, self.request.GET.get("site"))
        return body if fields is None or fields == field_names(type(page)) else pick(body, fields)


def _specific_in_order(pages: list[Page], model: type[Page]) -> list[Page]:
    """The pages as their own types, in the listing's order (one query when the type is known)."""
    pages_of_model = model.objects.filter(pk__in=[page.pk for page in pages])
    specific = (pages_of_model if model is not Page else pages_of_model.specific()).in_bulk()
    return [specific[page.pk] for page in pages if page.pk in specific]


class ObjectsEndpointMixin(PublicEndpointMixin):
    """Images, documents and redirects: each object's JSON comes from one function."""

    def object_json(self, obj) -> dict:
        raise NotImplementedError

    def scope_for(self, objects: list) -> SerializationScope:
        return SerializationScope(media_base=self.media_base)

    def serialize(self, objects: list) -> list[dict]:
        fields = self.request.GET.get("fields")
        with serialization_scope(self.scope_for(objects)):
            items = [self.object_json(obj) for obj in objects]
        if items and fields:
            chosen = requested_fields(fields, tuple(items[0]), tuple(items[0]))
            items = [
                {name: item[name] for name in item if chosen is None or name in chosen} for item in items
            ]
        return items

    def listing_view(self, request):
        queryset = self.get_queryset()
        self.check_query_parameters(queryset)
        objects = list(self.paginate_queryset(self.filter_queryset(queryset)))
        return self.get_paginated_response(self.serialize(objects))

    def detail_view(self, request, pk):
        self.kwargs["pk"] = self.detail_pk(pk)
        return Response(self.serialize([self.get_object()])[0])


class ImagesEndpoint(ObjectsEndpointMixin, ImagesAPIViewSet):
    cache_family = "media"
    filter_backends = with_public_search(ImagesAPIViewSet.filter_backends)

    def get_queryset(self):
        return public_images().order_by("id")

    def scope_for(self, objects):
        images = list(public_images().filter(pk__in=[o.pk for o in objects]).prefetch_renditions(*SPECS))
        by_id = {image.pk: image for image in ensure_renditions(images)}
        # An image whose file cannot be read is left out rather than failing the listing.
        objects[:] = [by_id[o.pk] for o in objects if o.pk in by_id]
        return SerializationScope(images=by_id, media_base=self.media_base)

    def object_json(self, image) -> dict:
        return image_json(image)


class DocumentsEndpoint(ObjectsEndpointMixin, DocumentsAPIViewSet):
    cache_family = "media"
    filter_backends = with_public_search(DocumentsAPIViewSet.filter_backends)

    def get_queryset(self):
        return public_documents().order_by("id")

    def object_json(self, document) -> dict:
        return document_json(document)


class RedirectsEndpoint(ObjectsEndpointMixin, RedirectsAPIViewSet):
    cache_family = "redirects"
    filter_backends = with_public_search(RedirectsAPIViewSet.filter_backends)

    def get_queryset(self):
        return public_redirects(self.site)

    def find_object(self, queryset, request):
        found = super().find_object(queryset, request)
        return found if found is not None and queryset.filter(pk=found.pk).exists() else None

    def object_json(self, redirect) -> dict:
        return redirect_json(redirect, self.site)


class SiteEndpoint(PublicEndpointMixin, BaseAPIViewSet):
    """GET /api/v2/site/: settings, main menu and footer links for the requested site."""

    name = "site"
    model = Site
    reads_store = True
    kept_statuses = ERROR_STATUSES
    cache_family = "pages"
    known_query_parameters = frozenset()

    def listing_view(self, request):
        unknown = sorted(set(request.GET) - {"site"})
        if unknown:
            raise BadRequestError(f"unknown parameters: {', '.join(unknown)}")
        document = site_document(self.site)
        return self.stored_response(for_request(document.body, self.media_base), [document.content_hash])

    def answer_from_store(self, request, *args, **kwargs):
        return stored_reads.site_settings(request) if request.method in ("GET", "HEAD") else None

    @classmethod
    def get_urlpatterns(cls):
        from django.urls import path

        return [path("", cls.as_view({"get": "listing_view"}), name="listing")]
