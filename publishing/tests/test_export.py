"""export_site writes the public site: every public page as HTML and JSON, and what surrounds them."""

import io
import json
import logging
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page, Site

from content.contract.registry import validator_for
from content.contract.validation import _documents
from content.demo import blocks, markers
from content.models import ArticlePage, IndexPage
from content.serialization.listing import listed_children
from content.serialization.renditions import RENDITIONS
from content.serialization.site_json import site_json
from content.serialization.visibility import public_pages
from publishing import pages as page_files
from publishing.manifest import parse_manifest
from publishing.pages import SiteJob, page_chunks, render_chunk
from publishing.render import SiteChrome
from site_config.json_logging import JsonFormatter

BASE = "https://www.example.com"


def files_under(root: Path) -> dict[str, Path]:
    return {path.relative_to(root).as_posix(): path for path in root.rglob("*") if path.is_file()}


def public_paths(site: Site) -> list[str]:
    root = site.root_page.url_path
    return ["/" + page.url_path[len(root) :] for page in public_pages(site)]


@pytest.fixture
def site_dir(export):
    return export()


def test_every_public_page_is_written_as_html_and_json(site_dir, demo_site):
    written = files_under(site_dir)
    paths = public_paths(demo_site)
    assert len(paths) > 20
    for path in paths:
        assert f"{path.lstrip('/')}index.html" in written, path
        assert page_files.mirror_path(path) in written, path
    assert "api/site.json" in written


def test_the_json_mirror_is_what_the_api_serves(site_dir, client):
    """As /api/v2/pages/<id>/ serves it, with root-relative URLs and detail_url pointing at the mirror."""
    page = ArticlePage.objects.get(slug="style-guide")
    served = client.get(f"/api/v2/pages/{page.pk}/").content.decode().replace("http://testserver", "")
    api = json.loads(served)
    mirror = json.loads((site_dir / "api/pages/guides/style-guide.json").read_text())
    assert mirror["meta"].pop("detail_url") == "/api/pages/guides/style-guide.json"
    api["meta"].pop("detail_url")
    assert mirror == api
    site = json.loads(client.get("/api/v2/site/").content.decode().replace("http://testserver", ""))
    assert json.loads((site_dir / "api/site.json").read_text()) == site


def test_mirror_files_match_the_frontend_contract(site_dir):
    page_schema, site_schema = validator_for("page", _documents()), validator_for("site", _documents())
    mirrors = list((site_dir / "api/pages").rglob("*.json"))
    for path in mirrors:
        errors = list(page_schema.iter_errors(json.loads(path.read_text())))
        assert not errors, (path, errors[:1])
    assert not list(site_schema.iter_errors(json.loads((site_dir / "api/site.json").read_text())))


def test_nothing_private_is_written(site_dir):
    written = files_under(site_dir)
    for name, path in written.items():
        data = path.read_bytes()
        for marker in markers.ALL:
            assert marker.encode() not in data, (marker, name)
    for slug in ("upcoming-announcement", "embargoed-results", "members", "moderators-handbook"):
        assert not any(f"/{slug}/" in f"/{name}" for name in written), slug
    assert "members/member-newsletter/index.html" not in written
    private_image = Image.objects.get(title__contains=markers.PRIVATE_COLLECTION)
    private_doc = Document.objects.get(title__contains=markers.PRIVATE_COLLECTION)
    stem = Path(private_image.file.name).stem
    assert not any(stem in name for name in written)
    assert not any(name.startswith(f"documents/{private_doc.pk}/") for name in written)


def test_only_linked_renditions_and_public_documents_ship(site_dir):
    written = files_under(site_dir)
    media = {name for name in written if name.startswith("media/")}
    assert media and not any(name.startswith("media/original_images/") for name in media)
    text = "".join(path.read_text() for name, path in written.items() if name.endswith((".html", ".json")))
    for name in media:
        assert f"/{name}" in text, f"{name} is shipped but no page links to it"
    for url in set(re.findall(r'(?<=["\s])/media/[\w.\-/]+', text)):
        assert url.lstrip("/") in written, f"{url} is linked but not shipped"
    documents = [name for name in written if name.startswith("documents/")]
    assert documents
    for name in documents:
        assert Document.objects.filter(
            pk=int(name.split("/")[1]), collection__view_restrictions=None
        ).exists()


def test_manifest_lists_every_file_with_hash_type_and_caching(site_dir):
    manifest = parse_manifest((site_dir / "manifest.json").read_bytes())
    written = files_under(site_dir)
    # The export state is the export's own sidecar: never published.
    assert set(manifest) == set(written) - {"manifest.json", ".export-state.json"}
    import hashlib

    for name, entry in manifest.items():
        data = written[name].read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["size"] == len(data)
    css = next(name for name in manifest if name.startswith("static/") and name.endswith(".css"))
    assert re.fullmatch(r"static/publishing/site\.[0-9a-f]{12}\.css", css)
    assert manifest[css]["cache_control"] == "public, max-age=31536000, immutable"
    assert manifest[css]["content_type"] == "text/css; charset=utf-8"
    assert manifest["index.html"]["content_type"] == "text/html; charset=utf-8"
    assert "max-age=60" in manifest["index.html"]["cache_control"]
    assert manifest["api/site.json"]["content_type"] == "application/json; charset=utf-8"
    webp = next(name for name in manifest if name.endswith(".webp"))
    assert manifest[webp]["content_type"] == "image/webp"


def test_two_exports_of_unchanged_content_are_byte_identical(export, tmp_path):
    first, second = export(tmp_path / "one"), export(tmp_path / "two")
    one, two = files_under(first), files_under(second)
    assert one.keys() == two.keys()
    assert all(one[name].read_bytes() == two[name].read_bytes() for name in one)


def test_sitemap_robots_and_404(site_dir, demo_site):
    sitemap = ET.parse(site_dir / "sitemap.xml").getroot()  # noqa: S314 (our own export)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = {
        url.findtext("s:loc", namespaces=ns): url.findtext("s:lastmod", namespaces=ns) for url in sitemap
    }
    assert set(locations) == {f"{BASE}{path}" for path in public_paths(demo_site)}
    guide = ArticlePage.objects.get(slug="style-guide")
    assert locations[f"{BASE}/guides/style-guide/"] == guide.last_published_at.isoformat().replace(
        "+00:00", "Z"
    )
    robots = (site_dir / "robots.txt").read_text()
    assert f"Sitemap: {BASE}/sitemap.xml" in robots
    assert "Page not found" in (site_dir / "404.html").read_text()


def test_pages_carry_canonical_and_open_graph_on_the_public_base_url(site_dir):
    html = (site_dir / "guides/style-guide/index.html").read_text()
    assert f'<link rel="canonical" href="{BASE}/guides/style-guide/">' in html
    assert f'property="og:url" content="{BASE}/guides/style-guide/"' in html
    assert re.search(rf'property="og:image" content="{BASE}/media/images/[^"]+fill-1200x630', html)
    assert "<title>The house style guide" in html


def test_redirects_are_small_pages_and_a_list(site_dir, demo_site):
    html = (site_dir / "news-archive/index.html").read_text()
    assert f'content="0; url={BASE}/news/"' in html
    assert f'<link rel="canonical" href="{BASE}/news/">' in html
    rules = json.loads((site_dir / "_redirects.json").read_text())
    assert {"old_path": "/news-archive", "location": "/news/", "is_permanent": True}.items() <= rules[
        0
    ].items()


def test_redirects_to_private_pages_and_over_live_pages_are_skipped(export, demo_site):
    draft = Page.objects.get(slug="upcoming-announcement")
    Redirect.objects.create(old_path="/secret", redirect_page=draft, site=demo_site)
    Redirect.objects.create(old_path="/about", redirect_link="https://elsewhere.example", site=demo_site)
    site_dir = export()
    assert not (site_dir / "secret/index.html").exists()
    assert "elsewhere" not in (site_dir / "about/index.html").read_text()
    assert [rule["old_path"] for rule in json.loads((site_dir / "_redirects.json").read_text())] == [
        "/news-archive"
    ]


def test_index_listings_are_paginated(export, settings):
    settings.INDEX_PAGE_SIZE = 2
    site_dir = export()
    news = IndexPage.objects.get(slug="news")
    children = list(listed_children(news))
    pages = -(-len(children) // 2)
    assert pages >= 3
    for number in range(2, pages + 1):
        html = (site_dir / f"news/page/{number}/index.html").read_text()
        assert children[(number - 1) * 2].title.replace("'", "&#x27;") in html
        data = json.loads((site_dir / f"api/pages/news/page/{number}.json").read_text())
        assert data["children"]["items"][0]["id"] == children[(number - 1) * 2].pk
    assert not (site_dir / f"news/page/{pages + 1}/index.html").exists()
    first = (site_dir / "news/index.html").read_text()
    assert 'href="/news/page/2/"' in first and 'rel="next"' in first


def test_every_site_gets_its_own_folder(export, demo_site):
    Site.objects.create(hostname="blog.example.org", port=443, root_page=Page.objects.get(slug="stories"))
    site_dir = export()
    assert (site_dir / "localhost/index.html").exists()
    assert (site_dir / "blog.example.org/index.html").exists()
    assert (site_dir / "blog.example.org/api/site.json").exists()
    assert not (site_dir / "blog.example.org/news/index.html").exists()
    sitemap = (site_dir / "blog.example.org/sitemap.xml").read_text()
    assert "https://blog.example.org/a-day-on-the-news-desk/" in sitemap


def test_a_page_that_fails_to_render_fails_the_export_and_keeps_the_last_build(export, monkeypatch, tmp_path):
    site_dir = export()
    before = files_under(site_dir)
    broken = ArticlePage.objects.get(slug="style-guide")
    real = page_files.page_html

    def page_html(chrome, page, canonical_url, pagination=None):
        if page["id"] == broken.pk:
            raise ValueError("a block template failed")
        return real(chrome, page, canonical_url, pagination)

    monkeypatch.setattr(page_files, "page_html", page_html)
    with pytest.raises(
        CommandError, match=r'"The house style guide" \(/guides/style-guide/, id \d+\).*block template'
    ):
        call_command("export_site", "--output", str(site_dir), "--workers", "1", "--full")
    assert files_under(site_dir).keys() == before.keys()
    assert not list(tmp_path.glob(".site.building*"))


def test_queries_per_page_do_not_grow_with_the_chunk(demo_site, tmp_path):
    """A chunk of 20 articles costs the same queries as a chunk of 2."""
    site_data = site_json(demo_site, media_base="")
    job = SiteJob(demo_site.pk, "", SiteChrome(site_data, BASE, "/static/site.css"))
    articles = [chunk for chunk in page_chunks(demo_site) if len(chunk) > 20][0]
    counts = []
    for size in (2, 20):
        with CaptureQueriesContext(connection) as queries:
            render_chunk(job, articles[:size], str(tmp_path / str(size)))
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 20


def test_the_export_command_prints_a_summary(demo_site, tmp_path, capsys):
    progress = io.StringIO()
    call_command(
        "export_site", "--output", str(tmp_path / "out"), "--workers", "1", "--json", stderr=progress
    )
    summary = json.loads(capsys.readouterr().out)["export"]
    # Not a terminal: plain progress lines instead of a bar.
    assert f"render localhost: {summary['pages']}/{summary['pages']} pages" in progress.getvalue()
    assert summary["pages"] == len(public_paths(demo_site))
    assert summary["files"] == len(files_under(tmp_path / "out"))
    assert summary["redirects"] == 1


def test_export_without_a_site_says_so(db, tmp_path):
    Site.objects.all().delete()
    with pytest.raises(CommandError, match="no Wagtail Site is configured"):
        call_command("export_site", "--output", str(tmp_path / "out"))


def test_the_export_logs_its_summary_as_one_json_line(export, caplog):
    with caplog.at_level(logging.INFO, logger="publishing.export"):
        export()
    record = next(record for record in caplog.records if record.name == "publishing.export")
    line = json.loads(JsonFormatter().format(record))
    assert line["export"]["pages"] > 20
    assert line["export"]["files"] == record.export["files"]


def test_links_from_a_public_page_to_private_things_are_not_followed(
    export, public_page_pointing_at_private_things, private_files, restricted
):
    site_dir = export()
    html = (site_dir / "news/autumn-release/index.html").read_text()
    data = (site_dir / "api/pages/news/autumn-release.json").read_text()
    for slug in ("upcoming-announcement", "member-newsletter", "moderators-handbook", "embargoed-results"):
        assert f"/{slug}/" not in html and f"/{slug}/" not in data
    assert f"/documents/{private_files['document'].pk}/" not in html + data
    written = files_under(site_dir)
    assert not any(name.startswith(f"documents/{private_files['document'].pk}/") for name in written)
    stem = Path(private_files["image"].file.name).stem
    assert not any(stem in name for name in written)
    for path in written.values():
        assert not any(marker.encode() in path.read_bytes() for marker in markers.ALL)


def test_a_missing_media_file_fails_the_export_with_a_sentence(demo_site, tmp_path):
    hero = ArticlePage.objects.get(slug="style-guide").hero_image
    rendition = hero.renditions.get(filter_spec=RENDITIONS["thumbnail"])
    stored = Path(rendition.file.path)
    hidden = stored.with_name(stored.name + ".hidden")
    stored.rename(hidden)
    try:
        message = rf"the media file /media/{rendition.file.name}.*cannot be read"
        with pytest.raises(CommandError, match=message):
            call_command("export_site", "--output", str(tmp_path / "out"), "--workers", "1")
    finally:
        hidden.rename(stored)
    assert not (tmp_path / "out").exists()


def test_a_media_path_typed_as_text_is_neither_shipped_nor_fatal(export, private_files):
    """Only renditions of public images ship, whatever else looks like a media URL in a page."""
    page = ArticlePage.objects.get(slug="autumn-release")
    private = private_files["document"].file.name
    page.body = [blocks.paragraph(f"<p>The memo is at /media/{private} and /media/images. too.</p>")]
    page.save_revision().publish()
    site_dir = export()
    assert "/media/" in (site_dir / "api/pages/news/autumn-release.json").read_text()
    assert not (site_dir / "media" / private).exists()
    assert not (site_dir / "media/images.").exists()


def test_redirects_never_replace_a_file_of_the_export(export, demo_site):
    Redirect.objects.create(old_path="/robots.txt", redirect_link="https://elsewhere.example", site=demo_site)
    Redirect.objects.create(
        old_path="/old%20news", redirect_page=Page.objects.get(slug="news"), site=demo_site
    )
    site_dir = export()
    assert "Sitemap:" in (site_dir / "robots.txt").read_text()
    assert (site_dir / "old news/index.html").exists()
