"""GET /api/v2/search/?q=…: ranked site search over live, public pages, cached like the API;
GET /api/v2/search/suggest/?q=…: title completions for search-as-you-type."""

from django.conf import settings
from django.db import connection
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.models import Page, Site

from content.api.documents import json_response
from content.api.params import check_query
from content.api.sites import remember_site, remembered_site
from content.api.views import PublicEndpointMixin
from content.delivery.build import render
from content.delivery.served import SiteRef, current_sites_epoch
from content.serialization.objects import api_detail_url
from content.serialization.search_result import search_meta, search_suggestion_json

from .query import MAX_QUERY_LENGTH, SearchRequest, run_search
from .results import results_json
from .served import search_json, several_sites
from .suggest import prefixes, suggestions

SUGGEST_PARAMETERS = {"q", "site"}


class SearchEndpoint(PublicEndpointMixin, BaseAPIViewSet):
    name = "search"
    model = Page  # registered after pages/, so object URLs still resolve to pages/
    known_query_parameters = frozenset()

    def listing_view(self, request):
        search = SearchRequest.from_query(request.GET)
        api_base = f"{self.media_base}/api/v2/"
        site_param = request.GET.get("site")
        if whole_site(search):
            for _attempt in range(2):  # again if a Site changed between resolving and reading
                answer = search_json(self.fresh_site_ref(), search, api_base, site_param)
                if answer is not None:
                    return Response(answer)
        outcome = run_search(self.site, search)
        found = outcome.found
        first_rank = search.offset + 1
        items = results_json(found.page_ids, found.snippets, self.site, first_rank, api_base, site_param)
        meta = search_meta(found.total, found.exact, search.q, outcome.did_you_mean)
        return Response({"meta": meta, "items": items})

    def answer_from_store(self, request, *args, **kwargs):
        """Searches and suggestions for a host whose site this process knows: one statement each,
        no site lookup."""
        site = remembered_site(request) if request.method in ("GET", "HEAD") else None
        if site is None:
            return None
        if self.action_map.get("get") == "listing_view":
            # With the response cache on, a repeated search is a cache read (dispatch): only a
            # miss runs the search, through the viewset. Without it, every search comes here.
            return None if settings.API_RESPONSE_CACHE_SECONDS else served_search(request, site)
        try:
            q = suggest_query(request.GET)
        except BadRequestError:
            return None  # the viewset answers it, with the same message
        found = suggestions(prefixes(q), site)
        return None if found is None else json_response(render(suggestions_json(request, q, found)))

    def suggest_view(self, request):
        q = suggest_query(request.GET)
        found = None
        for _attempt in range(2):  # again if a Site changed between resolving and reading
            found = suggestions(prefixes(q), self.fresh_site_ref())
            if found is not None:
                break
        return Response(suggestions_json(request, q, found or []))

    def fresh_site_ref(self) -> SiteRef:
        """The request's site resolved now, and remembered for this host's next suggestions."""
        sites_epoch = current_sites_epoch()  # before resolving: a change meanwhile shows as a newer epoch
        return remember_site(self.request, self.resolve_site(), sites_epoch)

    @classmethod
    def get_urlpatterns(cls):
        from django.urls import path

        return [
            path("", cls.as_view({"get": "listing_view"}), name="listing"),
            path("suggest/", cls.as_view({"get": "suggest_view"}), name="suggest"),
        ]


def whole_site(search: SearchRequest) -> bool:
    """A search the one-statement path answers: PostgreSQL, one Site, nothing narrowing it."""
    return unnarrowed(search) and len(Site.get_site_root_paths()) == 1


def unnarrowed(search: SearchRequest) -> bool:
    """A search of a whole site on PostgreSQL (the statement itself checks that there is one Site)."""
    return connection.vendor == "postgresql" and not search.models and search.descendant_of is None


def served_search(request, site: SiteRef):
    try:
        search = SearchRequest.from_query(request.GET)
    except BadRequestError:
        return None  # the viewset answers it, with the same message
    if not unnarrowed(search) or several_sites(site):  # no cache read: a remembered site's answer says
        return None
    answer = search_json(site, search, request.build_absolute_uri("/api/v2/"), request.GET.get("site"))
    return None if answer is None else json_response(render(answer))


def suggest_query(query) -> str:
    """The words typed so far, or a BadRequestError naming what is wrong."""
    unknown = sorted(set(query) - SUGGEST_PARAMETERS)
    if unknown:
        raise BadRequestError(f"unknown parameters: {', '.join(unknown)}")
    check_query(query)
    q = " ".join(query.get("q", "").split())
    if not q:
        raise BadRequestError("q must not be empty: give the start of the words to complete")
    if len(q) > MAX_QUERY_LENGTH:
        raise BadRequestError(f"q is longer than {MAX_QUERY_LENGTH} characters")
    return q


def suggestions_json(request, q: str, found: list[tuple[int, str, str]]) -> dict:
    api_base = request.build_absolute_uri("/api/v2/")
    site_param = request.GET.get("site")
    items = [
        search_suggestion_json(pk, title, path, api_detail_url(api_base, pk, site_param))
        for pk, title, path in found
    ]
    return {"meta": {"query": q}, "items": items}
