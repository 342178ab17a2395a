"""Sitemaps that scale: above EXPORT_SITEMAP_MAX_URLS, sitemap.xml is an index of child sitemaps."""

import xml.etree.ElementTree as ET

from content.serialization.visibility import public_pages
from publishing.manifest import parse_manifest
from publishing.sitemap import sitemap_files

BASE = "https://www.example.com"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def parse(text: str) -> ET.Element:
    return ET.fromstring(text)  # noqa: S314 (our own output)


def test_up_to_the_limit_one_sitemap():
    entries = [(f"{BASE}/{n}/", "2026-01-0{n}T00:00:00Z") for n in range(1, 4)]
    files = sitemap_files(entries, BASE, max_urls=3)
    assert list(files) == ["sitemap.xml"]
    assert parse(files["sitemap.xml"]).tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"


def test_above_the_limit_an_index_whose_children_hold_every_url_once_with_their_lastmod():
    entries = [(f"{BASE}/page-{n}/", f"2026-01-{n:02d}T00:00:00Z") for n in range(1, 8)]
    entries.append((f"{BASE}/undated/", None))
    files = sitemap_files(entries, BASE, max_urls=3)
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]
    index = parse(files["sitemap.xml"])
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    children = {
        item.findtext("s:loc", namespaces=NS): item.findtext("s:lastmod", namespaces=NS) for item in index
    }
    assert list(children) == [f"{BASE}/sitemap-{n}.xml" for n in (1, 2, 3)]
    seen = []
    for url, lastmod in children.items():
        urls = parse(files[url.removeprefix(f"{BASE}/")])
        assert len(urls) <= 3
        dates = [item.findtext("s:lastmod", namespaces=NS) for item in urls]
        assert lastmod == max(date for date in dates if date)
        seen += [item.findtext("s:loc", namespaces=NS) for item in urls]
    assert sorted(seen) == sorted(url for url, _ in entries)


def test_the_export_writes_the_index_and_robots_points_at_it(export, settings, demo_site):
    settings.EXPORT_SITEMAP_MAX_URLS = 5
    site_dir = export()
    index = parse((site_dir / "sitemap.xml").read_text())
    assert index.tag.endswith("sitemapindex")
    children = [item.findtext("s:loc", namespaces=NS) for item in index]
    assert all(item.findtext("s:lastmod", namespaces=NS) for item in index)
    urls = []
    for child in children:
        assert child.startswith(f"{BASE}/sitemap-")
        urlset = parse((site_dir / child.removeprefix(f"{BASE}/")).read_text())
        assert 0 < len(urlset) <= 5
        urls += [item.findtext("s:loc", namespaces=NS) for item in urlset]
    root = demo_site.root_page.url_path
    assert len(urls) == len(set(urls))
    assert set(urls) == {f"{BASE}/{page.url_path[len(root) :]}" for page in public_pages(demo_site)}
    assert f"Sitemap: {BASE}/sitemap.xml" in (site_dir / "robots.txt").read_text()
    files = parse_manifest((site_dir / "manifest.json").read_bytes())
    assert {files[f"sitemap-{n}.xml"]["kind"] for n in range(1, len(children) + 1)} == {"entry"}
