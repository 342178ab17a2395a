"""The exported folder as a browser and a crawler see it: valid HTML5, and no broken internal link."""

import html5lib
import pytest

from .linkcheck import links_checked, run_linkchecker


def test_every_exported_page_parses_as_html5_without_errors(served_site):
    site, _url = served_site
    pages = sorted(site.rglob("*.html"))
    kinds = {"home": "index.html", "index": "news/index.html", "article": "guides/style-guide/index.html"}
    assert all((site / path).exists() for path in kinds.values())
    assert len(pages) > 30
    assert (site / "news/page/2/index.html").exists()
    for path in pages:
        parser = html5lib.HTMLParser(strict=True)
        try:
            parser.parse(path.read_bytes())
        except html5lib.html5parser.ParseError as exc:
            pytest.fail(f"{path.relative_to(site)}: {exc}")


def test_linkchecker_finds_no_broken_internal_link(served_site):
    site, url = served_site
    # Start from the home page, the 404 page and the sitemap's pages, so that
    # unlinked pages (redirect stubs, later listing pages) are crawled too.
    result = run_linkchecker(site.parent, [url, f"{url}404.html", f"{url}news-archive/"])
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    # pages, listing pages, images, stylesheet, documents
    assert links_checked(result) > 80, result.stdout[-2000:]
