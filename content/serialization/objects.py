"""The JSON of things pages point at: other pages and documents."""

from urllib.parse import quote

from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import AbstractDocument
from wagtail.models import Page, Site

from .scope import current_scope
from .visibility import site_path


def page_link_json(page: Page | None) -> dict | None:
    """{id, title, path} of a public page; None for anything the public may not see."""
    if page is None or not hasattr(page, "api_path"):
        return None
    return {"id": page.pk, "title": page.title, "path": page.api_path}


def page_summary_json(page: Page | None) -> dict | None:
    link = page_link_json(page)
    if link is not None:
        link["summary"] = getattr(page, "summary", None) or ""
    return link


def document_json(document: AbstractDocument | None) -> dict | None:
    if document is None:
        return None
    return {
        "id": document.pk,
        "title": document.title,
        "url": current_scope().absolute(document.url),
        "size": document.file_size if document.file_size is not None else document.get_file_size(),
    }


def link_target(page_json: dict | None, url: str | None) -> str | None:
    """Where a link goes: the page's path, else the external URL, else nowhere."""
    return page_json["path"] if page_json else (url or None)


def redirect_json(redirect: Redirect, site: Site) -> dict:
    """{id, old_path, location, is_permanent}: location is a site path for a page target."""
    target = redirect.redirect_page
    return {
        "id": redirect.pk,
        "old_path": redirect.old_path,
        "location": site_path(target, site) if target else redirect.redirect_link,
        "is_permanent": redirect.is_permanent,
    }


def api_detail_url(api_base: str, page_id: int, site: str | None = None) -> str:
    """Where the API serves one page's JSON; ?site= is carried on so it stays on the requested site."""
    return f"{api_base}pages/{page_id}/" + (f"?site={quote(site)}" if site is not None else "")
