"""The API router: registers the public endpoints under /api/v2/, and a JSON 404 for the rest."""

from django.http import JsonResponse
from wagtail.api.v2.router import WagtailAPIRouter

from content.api.changes import ChangesEndpoint
from content.api.preview import PreviewEndpoint
from content.api.views import (
    DocumentsEndpoint,
    ImagesEndpoint,
    PagesEndpoint,
    RedirectsEndpoint,
    SiteEndpoint,
)
from search.views import SearchEndpoint

# Where the API lives; the middlewares that answer API requests differently test for it.
API_PREFIX = "/api/"

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesEndpoint)
api_router.register_endpoint("images", ImagesEndpoint)
api_router.register_endpoint("documents", DocumentsEndpoint)
api_router.register_endpoint("redirects", RedirectsEndpoint)
api_router.register_endpoint("site", SiteEndpoint)
api_router.register_endpoint("preview", PreviewEndpoint)
api_router.register_endpoint("search", SearchEndpoint)
api_router.register_endpoint("changes", ChangesEndpoint)


def api_not_found(request, *args, **kwargs):
    return JsonResponse({"message": f"no API endpoint at {request.path}"}, status=404)
