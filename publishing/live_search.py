"""/search/ on the live site: the search API's query and results, rendered in the site's chrome.

The export's /search/ is Pagefind over the exported files; on the CMS host the same
header form is answered here, from the same ranked search and page summaries as
/api/v2/search/. As in the export, an editor's own page at /search/ wins.
"""

from django.http import Http404, HttpResponse
from django.template.loader import get_template
from django.utils.http import urlencode
from django.views.decorators.http import require_safe
from wagtail.api.v2.utils import BadRequestError
from wagtail.models import Page, Site
from wagtail.views import serve

from search.query import SearchRequest, run_search
from search.results import results_json

from .live_site import live_chrome

SEARCH_PATH = "/search/"


def _results(site: Site, request) -> tuple[dict, int]:
    """The template context of one page of results, and the status to answer with."""
    if not request.GET.get("q", "").strip():
        return {}, 200  # the empty search page: the form only
    try:
        search = SearchRequest.from_query(request.GET)
    except BadRequestError as error:
        return {"message": str(error), "query": request.GET.get("q", "")}, 400
    outcome = run_search(site, search)
    found = outcome.found
    api_base = request.build_absolute_uri("/api/v2/")
    items = results_json(found.page_ids, found.snippets, site, search.offset + 1, api_base, None)
    context = {"query": search.q, "results": items, "total": found.total, "exact": found.exact}
    context |= {"did_you_mean": outcome.did_you_mean, "paging": _paging(search, found.total)}
    return context, 200


def _paging(search: SearchRequest, total: int) -> dict:
    def link(offset: int) -> str:
        return f"{SEARCH_PATH}?" + urlencode({"q": search.q, **({"offset": offset} if offset else {})})

    previous = max(0, search.offset - search.limit)
    return {
        "previous": link(previous) if search.offset > 0 else None,
        "next": link(search.offset + search.limit) if search.offset + search.limit < total else None,
    }


@require_safe
def live_search(request) -> HttpResponse:
    if Page.route_for_request(request, SEARCH_PATH) is not None:
        return serve(request, SEARCH_PATH)
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("no site is configured for this host")
    context, status = _results(site, request)
    chrome = live_chrome(site)
    page = {"title": "Search", "meta": {"seo_title": "Search", "path": SEARCH_PATH}, "breadcrumbs": []}
    html = get_template("publishing/live_search.html").render(
        chrome.context(page, f"{chrome.base_url}{SEARCH_PATH}", **context)
    )
    return HttpResponse(html, status=status)
