"""GET /api/v2/search/?q=…: ranked site search over live, public pages, cached like the API."""

from rest_framework.response import Response
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.models import Page

from content.api.views import PublicEndpointMixin

from .query import SearchRequest, run_search
from .results import results_json


class SearchEndpoint(PublicEndpointMixin, BaseAPIViewSet):
    name = "search"
    model = Page  # registered after pages/, so object URLs still resolve to pages/
    known_query_parameters = frozenset()

    def listing_view(self, request):
        search = SearchRequest.from_query(request.GET)
        pages, total = run_search(self.site, search)
        api_base = f"{self.media_base}/api/v2/"
        site_param = request.GET.get("site")
        items = results_json(pages, self.site, search.q, search.offset + 1, api_base, site_param)
        return Response({"meta": {"total_count": total, "query": search.q}, "items": items})

    @classmethod
    def get_urlpatterns(cls):
        from django.urls import path

        return [path("", cls.as_view({"get": "listing_view"}), name="listing")]
