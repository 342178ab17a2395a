"""GET /api/v2/search/?q=…: ranked site search over live, public pages, cached like the API;
GET /api/v2/search/suggest/?q=…: title completions for search-as-you-type."""

from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.models import Page

from content.api.views import PublicEndpointMixin
from content.serialization.objects import api_detail_url
from content.serialization.search_result import search_meta, search_suggestion_json
from content.serialization.visibility import public_pages

from .query import MAX_QUERY_LENGTH, SearchRequest, run_search
from .results import results_json
from .suggest import prefixes, suggest

SUGGEST_PARAMETERS = {"q", "site"}


class SearchEndpoint(PublicEndpointMixin, BaseAPIViewSet):
    name = "search"
    model = Page  # registered after pages/, so object URLs still resolve to pages/
    known_query_parameters = frozenset()

    def listing_view(self, request):
        search = SearchRequest.from_query(request.GET)
        outcome = run_search(self.site, search)
        found = outcome.found
        api_base = f"{self.media_base}/api/v2/"
        site_param = request.GET.get("site")
        first_rank = search.offset + 1
        items = results_json(found.page_ids, found.snippets, self.site, first_rank, api_base, site_param)
        meta = search_meta(found.total, found.exact, search.q, outcome.did_you_mean)
        return Response({"meta": meta, "items": items})

    def suggest_view(self, request):
        unknown = sorted(set(request.GET) - SUGGEST_PARAMETERS)
        if unknown:
            raise BadRequestError(f"unknown parameters: {', '.join(unknown)}")
        q = " ".join(request.GET.get("q", "").split())
        if not q:
            raise BadRequestError("q must not be empty: give the start of the words to complete")
        if len(q) > MAX_QUERY_LENGTH:
            raise BadRequestError(f"q is longer than {MAX_QUERY_LENGTH} characters")
        ids = suggest(prefixes(q), public_pages(self.site))
        found = Page.objects.filter(pk__in=ids).only("id", "title", "url_path").in_bulk()
        api_base = f"{self.media_base}/api/v2/"
        site_param = request.GET.get("site")
        items = [
            search_suggestion_json(found[pk], self.site, api_detail_url(api_base, pk, site_param))
            for pk in ids
            if pk in found
        ]
        return Response({"meta": {"query": q}, "items": items})

    @classmethod
    def get_urlpatterns(cls):
        from django.urls import path

        return [
            path("", cls.as_view({"get": "listing_view"}), name="listing"),
            path("suggest/", cls.as_view({"get": "suggest_view"}), name="suggest"),
        ]
