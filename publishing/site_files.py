"""The files of a site beside its pages: sitemap.xml, robots.txt, 404.html and redirects."""

import json
import logging
from urllib.parse import unquote

from django.conf import settings
from wagtail.models import Site

from content.serialization.objects import redirect_json
from content.serialization.visibility import public_redirects

from .build import BuildDir
from .manifest import ManifestError, check_path
from .render import SiteChrome, not_found_html, redirect_html
from .sitemap import INDEX_NAME, sitemap_files

logger = logging.getLogger(__name__)


def robots_txt(base_url: str) -> str:
    # The JSON mirror is for frontends, not for search results.
    # sitemap.xml is the sitemap index once the site outgrows one sitemap.
    return f"User-agent: *\nDisallow: /api/\n\nSitemap: {base_url}/{INDEX_NAME}\n"


def write_entry_files(build: BuildDir, folder: str, chrome: SiteChrome, sitemap: list) -> None:
    for name, text in sitemap_files(sitemap, chrome.base_url).items():
        build.write(f"{folder}{name}", text, "entry")
    build.write(f"{folder}robots.txt", robots_txt(chrome.base_url), "entry")
    build.write(f"{folder}404.html", not_found_html(chrome), "entry")


def redirect_file(old_path: str) -> str:
    """/old-news → old-news/index.html; a path with an extension (/old.html) is written as is."""
    stripped = old_path.strip("/")
    last = stripped.rsplit("/", 1)[-1]
    return stripped if "." in last else f"{stripped}/index.html"


def write_redirects(build: BuildDir, folder: str, site: Site, base_url: str) -> int:
    """A small HTML page per redirect, plus _redirects.json for hosts that read redirect rules.

    Written after everything else, and a redirect whose old path is already a
    file of the export (a live page, robots.txt, a document) is skipped, as
    Wagtail only redirects paths that would otherwise be 404s; so is one with a
    query string or a path that cannot be a file.
    """
    rules = []
    for redirect in public_redirects(site):
        rule = redirect_json(redirect, site)
        path = f"{folder}{redirect_file(unquote(rule['old_path']))}"
        if not _usable(rule, path, build):
            logger.info("redirect from %s is not exported", rule["old_path"])
            continue
        location = rule["location"]
        absolute = f"{base_url}{location}" if location.startswith("/") else location
        header = website_redirect(absolute) if rule["is_permanent"] else None
        build.write(path, redirect_html(absolute, absolute), "page", header)
        rules.append(rule)
    build.write(f"{folder}_redirects.json", json.dumps(rules, indent=1, sort_keys=True) + "\n", "page")
    return len(rules)


def website_redirect(location: str) -> str | None:
    """The object's x-amz-website-redirect-location, with EXPORT_S3_WEBSITE_REDIRECTS on.

    Off by default: S3's REST endpoint and several S3-compatible servers ignore
    (or refuse) the header. The object keeps its meta-refresh page as its body,
    so a reader that ignores the header is still sent on. S3 always answers the
    header with a 301, so only permanent redirects carry it (browsers keep a 301).
    """
    if not settings.EXPORT_S3_WEBSITE_REDIRECTS:
        return None
    return location if location.startswith(("/", "http://", "https://")) else None


def _usable(rule: dict, path: str, build: BuildDir) -> bool:
    if "?" in rule["old_path"] or not rule["location"] or not rule["old_path"].strip("/"):
        return False
    try:
        check_path(path)
    except ManifestError:
        return False
    return path not in build.files and not path.endswith("_redirects.json")
