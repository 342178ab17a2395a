"""The live site: Wagtail serves each page through the export's renderer, from the same page JSON.

A page at its URL on the CMS host renders with the same templates, stylesheet,
menu and privacy rules as the static export and the preview; only the stylesheet's
URL (Django's static files) and the links to its JSON (the API, not the mirror) differ.
Wagtail's own checks (view restrictions, allowed methods) run first, as before_serve_page hooks.
"""

from django.http import Http404, HttpResponse
from django.templatetags.static import static
from wagtail.models import Page, Site

from content.serialization.batch import PageBatch
from content.serialization.fields import public_base_url
from content.serialization.listing import listing_page, listing_page_path
from content.serialization.objects import api_detail_url
from content.serialization.page_json import page_json
from content.serialization.registry import declaration_for
from content.serialization.site_json import site_json

from .assets import STYLESHEET
from .render import SiteChrome, page_html, pagination


def live_page_html(page: Page, site: Site, api_base: str, number: int = 1) -> str:
    """The page as the export writes it; number: a later page of an index's listing (404 past the last).

    Media links are relative, as in the export, and point where the storage serves them.
    """
    listing = None
    declared = declaration_for(type(page))
    if declared is not None and declared.lists_children:
        listing = listing_page(page, number)
        if listing.number != number:
            raise Http404("no such page of this listing")
    elif number != 1:
        raise Http404("this page has no listing")
    listings = {page.pk: [listing]} if listing is not None else None  # the batch's children: page N
    batch = PageBatch([page], site, "", lambda p: api_detail_url(api_base, p.pk), listings=listings)
    data = page_json(page, batch)
    meta = data["meta"]
    paging = pagination(meta["path"], number, listing.paginator.num_pages) if listing is not None else None
    return page_html(live_chrome(site), data, listing_page_path(meta["html_url"], number), paging)


def live_chrome(site: Site) -> SiteChrome:
    """The export's chrome on the CMS host: Django's static files, and the live search page."""
    return SiteChrome(
        site=site_json(site, media_base=""),
        base_url=public_base_url(site),
        stylesheet=static(STYLESHEET),
        site_search=True,
    )


def serve_through_renderer(next_serve):
    """An on_serve_page hook: the page's HTML comes from its JSON, never from a model template."""

    def serve(page: Page, request, args, kwargs) -> HttpResponse:
        site = page.get_site() or Site.find_for_request(request)
        api_base = request.build_absolute_uri("/api/v2/")
        html = live_page_html(page.specific, site, api_base, kwargs.get("listing_page", 1))
        return HttpResponse(html)

    return serve
