"""The exported site's static search: a Pagefind index of page content only, published like any file."""

import gzip
import json
import sys

import pytest

from content.demo import markers
from content.models import ArticlePage, SiteSettings
from publishing.build import BuildError
from publishing.manifest import IMMUTABLE


def indexed_pages(site) -> dict[str, dict]:
    """Every page record in the Pagefind index, by URL (fragments are gzip'd JSON with a signature)."""
    records = {}
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")
        record = json.loads(data)
        records[record["url"]] = record
    return records


def test_the_index_holds_each_public_page_once_and_its_content_only(served_site, restricted):
    site, _url = served_site
    pages = indexed_pages(site)
    article = ArticlePage.objects.get(slug="style-guide")

    assert "/guides/style-guide/" in pages
    assert "Clear writing is clear thinking made visible." in pages["/guides/style-guide/"]["content"]
    assert pages["/guides/style-guide/"]["meta"]["title"] == article.title
    assert {"/", "/news/", "/guides/"} <= pages.keys()
    # Not indexed: later listing pages, the 404 and search pages, redirect stubs.
    assert not [url for url in pages if "/page/" in url or "404" in url or url.startswith("/search")]
    assert "/news-archive/" not in pages
    # Menus and footers are left out of every record.
    tagline = SiteSettings.objects.get().tagline
    assert tagline and not [url for url, record in pages.items() if tagline in record["content"]]
    # Nothing private: no restricted page, no marker anywhere in the index.
    everything = json.dumps(pages)
    assert not [marker for marker in markers.ALL if marker in everything]
    assert not [slug for slug in restricted if f"/{slug}/" in everything]


def test_the_index_is_in_the_manifest_and_cached_by_name(served_site):
    site, _url = served_site
    manifest = json.loads((site / "manifest.json").read_text())["files"]
    search_files = {path: entry for path, entry in manifest.items() if path.startswith("pagefind/")}
    on_disk = {path.relative_to(site).as_posix() for path in (site / "pagefind").rglob("*") if path.is_file()}
    assert set(search_files) == on_disk
    assert {"pagefind/pagefind.js", "pagefind/pagefind-ui.js", "pagefind/pagefind-entry.json"} <= on_disk
    fragment = next(path for path in search_files if path.startswith("pagefind/fragment/"))
    assert search_files[fragment]["cache_control"] == IMMUTABLE
    assert search_files["pagefind/pagefind-entry.json"]["cache_control"] != IMMUTABLE
    assert manifest["search/index.html"]["kind"] == "entry"


def test_pages_mark_their_main_content_and_link_to_search(served_site):
    site, _url = served_site
    article = (site / "guides/style-guide/index.html").read_text()
    assert '<main id="main" tabindex="-1" data-pagefind-body>' in article
    assert '<form class="site-search" action="/search/" method="get" role="search">' in article
    for unindexed in ("404.html", "news/page/2/index.html", "search/index.html"):
        assert "data-pagefind-body" not in (site / unindexed).read_text(), unindexed


def test_a_pagefind_failure_stops_the_export_and_keeps_the_last_build(export, tmp_path, monkeypatch):
    output = export(tmp_path / "site")
    before = (output / "manifest.json").read_bytes()
    monkeypatch.setattr(
        "search.static_index.PAGEFIND", (sys.executable, "-c", "raise SystemExit('no index')")
    )
    with pytest.raises(BuildError, match="Pagefind could not index the exported pages: no index"):
        export(output, full=True)
    assert (output / "manifest.json").read_bytes() == before


@pytest.mark.browser
def test_typing_a_word_from_an_article_finds_it_with_no_server(served_site, browser_page, screenshots):
    site, url = served_site
    browser_page.goto(f"{url}search/")
    browser_page.get_by_role("searchbox").first.wait_for()
    browser_page.locator(".pagefind-ui__search-input").fill("sunrise")  # the style guide's image caption
    result = browser_page.locator(".pagefind-ui__result-link", has_text="The house style guide")
    result.wait_for()
    screenshots.take(browser_page, "search results")
    assert result.get_attribute("href") == "/guides/style-guide/"
    assert browser_page.context.external_requests == []
    assert [error for error in browser_page.console_errors if "Content Security Policy" in error] == []


@pytest.fixture
def small_shards(monkeypatch):
    """The search index in bundles of pages with ids in ranges of 4 (a large site's, in small)."""
    monkeypatch.setattr("publishing.search_shards.SHARD_SIZE", 4)


def bundled_urls(site) -> dict[str, list[str]]:
    found = {}
    for bundle in sorted(path.name for path in site.glob("pagefind*") if path.is_dir()):
        fragments = (site / bundle / "fragment").glob("*.pf_fragment")
        found[bundle] = [
            json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))["url"]
            for path in fragments
        ]
    return found


def test_a_large_index_comes_in_bundles_that_the_search_page_merges(export, tmp_path, monkeypatch):
    whole = bundled_urls(export(tmp_path / "one"))
    monkeypatch.setattr("publishing.search_shards.SHARD_SIZE", 4)
    site = export(tmp_path / "bundled")
    bundles = bundled_urls(site)
    assert len(bundles) > 3 and min(bundles) == "pagefind"
    search_page = (site / "search/index.html").read_text()
    assert all(f"/{bundle}/" in search_page for bundle in bundles if bundle != "pagefind")
    # Every page that the single index held is in exactly one bundle.
    urls = [url for found in bundles.values() for url in found]
    assert sorted(urls) == sorted(whole["pagefind"])


@pytest.mark.browser
def test_the_search_page_finds_words_in_every_bundle(small_shards, served_site, browser_page):
    site, url = served_site
    page_bundle = next(
        bundle for bundle, urls in bundled_urls(site).items() if "/guides/style-guide/" in urls
    )
    assert page_bundle != "pagefind"  # found through the merge, not the main bundle
    browser_page.goto(f"{url}search/")
    browser_page.get_by_role("searchbox").first.wait_for()
    browser_page.locator(".pagefind-ui__search-input").fill("sunrise")
    result = browser_page.locator(".pagefind-ui__result-link", has_text="The house style guide")
    result.wait_for()
    assert result.get_attribute("href") == "/guides/style-guide/"
