"""HTML from page JSON: the export's templates never see a model, only what the API serves."""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import get_template

from content.serialization.listing import listing_page_path
from content.serialization.registry import page_types


def page_template(page_type: str) -> str:
    """The template a page type registered for itself."""
    for declared in page_types():
        if declared.name == page_type:
            return declared.template
    raise ValueError(f"no export template for page type {page_type}")


def page_language() -> str:
    """The <html lang> of every exported page: the primary subtag of LANGUAGE_CODE (en-us: en)."""
    return settings.LANGUAGE_CODE.split("-")[0]


@dataclass(frozen=True)
class SiteChrome:
    """What every page of one site is rendered with."""

    site: dict  # the site JSON
    base_url: str  # the site's public address, without a trailing slash
    stylesheet: str  # URL of the hashed stylesheet
    search_script: str = ""  # URL of the static search's script (the export's Pagefind page)
    # Whether a search page answers at /search/ (the export's, or the live site's): the header's form.
    site_search: bool = False

    def context(self, page: dict, canonical_url: str, **extra) -> dict:
        return {
            "page": page,
            "site": self.site,
            "canonical_url": canonical_url,
            "base_url": self.base_url,
            "stylesheet": self.stylesheet,
            "search_script": self.search_script,
            "site_search": self.site_search or bool(self.search_script),
            "lang": page_language(),
            **extra,
        }


def page_html(
    chrome: SiteChrome, page: dict, canonical_url: str, pagination: dict | None = None, preview: bool = False
) -> str:
    """preview: a draft shown to its editor, marked as such.

    The static search indexes a page's main content once: not its listing's later pages.
    """
    template = page_template(page["meta"]["type"])
    indexed = not preview and (pagination is None or pagination["number"] == 1)
    context = chrome.context(
        page, canonical_url, pagination=pagination, preview=preview, search_indexed=indexed
    )
    return get_template(template).render(context)


def search_page_html(chrome: SiteChrome, merged_bundles: list[str] = ()) -> str:
    """merged_bundles: the search index's other bundles (URLs), merged into the main one's results."""
    return _standalone_html(
        chrome, "publishing/search.html", "Search", "/search/", merged_bundles=merged_bundles
    )


def not_found_html(chrome: SiteChrome) -> str:
    return _standalone_html(chrome, "publishing/404.html", "Page not found", "/404.html")


def _standalone_html(chrome: SiteChrome, template: str, title: str, path: str, **extra) -> str:
    """A page of the export that no Wagtail page stands behind, in the site's chrome."""
    page = {
        "title": title,
        "meta": {"seo_title": title, "search_description": "", "path": path},
        "breadcrumbs": [],
    }
    return get_template(template).render(chrome.context(page, f"{chrome.base_url}{path}", **extra))


def redirect_html(location: str, canonical_url: str) -> str:
    context = {"location": location, "canonical_url": canonical_url, "lang": page_language()}
    return get_template("publishing/redirect.html").render(context)


def pagination(path: str, number: int, num_pages: int) -> dict:
    """Links between the pages of an index listing: page 1 is the index itself."""

    return {
        "number": number,
        "num_pages": num_pages,
        "previous_path": listing_page_path(path, number - 1) if number > 1 else None,
        "next_path": listing_page_path(path, number + 1) if number < num_pages else None,
    }
