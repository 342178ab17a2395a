"""GET /api/v2/preview/?content_type=…&token=…: a draft, in exactly the detail endpoint's JSON.

The token opens one stored draft (wagtail-headless-preview's PagePreview) until it
expires. Nothing else is widened: linked pages, images and documents go through the
same public filters as the detail endpoint, and the response is never cached.
"""

import json
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from rest_framework.exceptions import APIException
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.models import Page, Site
from wagtail_headless_preview.models import PagePreview

from content.pages.preview import ExpiringPreviewMixin, PreviewLinkError
from content.serialization.batch import PageBatch
from content.serialization.page_json import page_json

from .params import check_query

PREVIEW_PARAMETERS = {"content_type", "token"}
PREVIEW_HEADERS = {
    "Cache-Control": "no-store, private",
    "X-Robots-Tag": "noindex",
    "Referrer-Policy": "no-referrer",
}


class Draft(NamedTuple):
    page: Page  # unsaved: built from the stored draft, never written back
    site: Site


def preview_model(content_type: str) -> type[Page]:
    app_label, _, model_name = content_type.partition(".")
    try:
        model = ContentType.objects.get_by_natural_key(app_label, model_name).model_class()
    except ContentType.DoesNotExist:
        model = None
    if model is None or not issubclass(model, ExpiringPreviewMixin):
        raise PreviewLinkError(f"'{content_type}' is not a page type that can be previewed")
    return model


# Kept from the saved page: the stored draft's copy is rounded to milliseconds, and editors never set these.
PUBLICATION_FIELDS = ("first_published_at", "last_published_at")


def _saved_target(identifier: str) -> dict:
    """The token names the page (or, for a new page, its parent); either may have been deleted."""
    fields = dict(part.partition("=")[::2] for part in identifier.split(";"))
    pk = fields.get("id") or fields.get("parent_id") or ""
    saved = Page.objects.filter(pk=int(pk)).values(*PUBLICATION_FIELDS).first() if pk.isdigit() else None
    if saved is None:
        raise PreviewLinkError("the page of this preview has been deleted")
    return saved if "id" in fields else {}


def load_draft(content_type: str, token: str) -> Draft:
    """The draft a preview link opens; PreviewLinkError says why there is none."""
    model = preview_model(content_type)
    saved = _saved_target(model.check_preview_token(token))
    try:
        page = model.get_page_from_preview_token(token)
    except (ObjectDoesNotExist, ValueError, KeyError, TypeError, json.JSONDecodeError) as error:
        # A draft stored before a model change may no longer load.
        message = "this preview can no longer be shown: open it again from the editor"
        raise PreviewLinkError(message) from error
    if page is None:
        raise PreviewLinkError("this preview is no longer stored: open it again from the editor")
    for name, value in saved.items():
        setattr(page, name, value)
    site = page.get_site()
    if site is None:
        raise PreviewLinkError("this page is not part of any site")
    return Draft(page, site)


def draft_json(draft: Draft, media_base: str, detail_url: str) -> dict:
    """The draft's JSON, built by the same code as a published page's; detail_url is the preview's own."""
    batch = PageBatch([draft.page], draft.site, media_base, lambda page: detail_url)
    return page_json(draft.page, batch)


class PreviewEndpoint(BaseAPIViewSet):
    name = "preview"
    model = PagePreview
    authentication_classes = ()
    permission_classes = (AllowAny,)
    renderer_classes = (JSONRenderer,)

    def listing_view(self, request):
        check_query(request.GET)
        unknown = sorted(set(request.GET) - PREVIEW_PARAMETERS)
        if unknown:
            raise BadRequestError(f"unknown parameters: {', '.join(unknown)}")
        draft = load_draft(request.GET.get("content_type", ""), request.GET.get("token", ""))
        media_base = request.build_absolute_uri("/").rstrip("/")
        return Response(draft_json(draft, media_base, request.build_absolute_uri()))

    def handle_exception(self, exc):
        if isinstance(exc, PreviewLinkError):
            return Response({"message": str(exc)}, status=404)
        if isinstance(exc, BadRequestError):
            return Response({"message": str(exc)}, status=400)
        if isinstance(exc, APIException):
            return Response({"message": str(exc.detail)}, status=exc.status_code)
        return super().handle_exception(exc)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        for header, value in PREVIEW_HEADERS.items():
            response[header] = value
        return response

    def get_renderer_context(self):
        return {**super().get_renderer_context(), "indent": None}

    @classmethod
    def get_urlpatterns(cls):
        from django.urls import path

        return [path("", cls.as_view({"get": "listing_view"}), name="listing")]
