"""The live site is the export's renderer: each page Wagtail serves has the <main> of its exported file."""

import json
import re

import pytest
from wagtail.models import Page

from content.demo import markers

MAIN = re.compile(r"<main\b[^>]*>(.*)</main>", re.S)
# Files of the export that no page (or page of a listing) stands behind.
NOT_PAGES = ("search/index.html", "404.html")


def main_of(html: str) -> str:
    found = MAIN.search(html)
    assert found, html[:300]
    return found.group(1)


@pytest.fixture
def exported(export, settings, public_page_pointing_at_private_things):
    settings.INDEX_PAGE_SIZE = 3  # later pages of each listing too: /news/page/2/ ...
    return export()


def exported_pages(site) -> dict[str, str]:
    """Site path -> HTML of every exported page and listing page."""
    redirects = {rule["old_path"].strip("/") for rule in json.loads((site / "_redirects.json").read_text())}
    pages = {}
    for file in sorted(site.rglob("index.html")):
        relative = file.relative_to(site).as_posix()
        folder = relative.removesuffix("index.html").strip("/")
        if relative in NOT_PAGES or folder in redirects or relative.startswith(("api/", "pagefind/")):
            continue
        pages[f"/{folder}/" if folder else "/"] = file.read_text()
    return pages


def test_every_page_and_listing_page_shows_the_same_main_as_the_export(exported, client):
    pages = exported_pages(exported)
    assert "/news/page/2/" in pages and "/news/autumn-release/" in pages
    for path, html in pages.items():
        response = client.get(path)
        assert response.status_code == 200, path
        assert main_of(response.text) == main_of(html), path


def test_the_live_site_has_the_export_chrome_and_stylesheet(demo_site, client):
    html = client.get("/news/autumn-release/").text
    assert '<link rel="stylesheet" href="/static/publishing/site.css">' in html
    assert '<nav aria-label="Main">' in html and 'aria-current="true">News</a>' in html
    assert "<dl>" not in html  # the old debug listing of blocks


def test_private_things_look_as_in_the_export(exported, client, private_files):
    html = client.get("/news/autumn-release/").text
    assert main_of(html) == main_of((exported / "news/autumn-release/index.html").read_text())
    assert "/members/member-newsletter/" not in html and "the newsletter" in html
    assert private_files["image"].title not in html


def test_drafts_and_restricted_pages_are_not_shown(demo_site, client, restricted):
    assert client.get("/news/upcoming-announcement/").status_code == 404
    for path in ("/members/", "/members/member-newsletter/", "/guides/moderators-handbook/"):
        response = client.get(path)
        assert response.status_code == 302 and "/_util/login/" in response["Location"], path
    password_form = client.get("/news/embargoed-results/")
    assert markers.PASSWORD_PROTECTED not in password_form.text
    assert 'name="password"' in password_form.text


def test_listing_pages_past_the_last_and_page_one_are_not_found(demo_site, client, settings):
    settings.INDEX_PAGE_SIZE = 3
    assert client.get("/news/page/2/").status_code == 200
    for path in ("/news/page/1/", "/news/page/99/", "/news/page/x/", "/news/autumn-release/page/2/"):
        assert client.get(path).status_code == 404, path


def test_a_live_page_costs_a_fixed_number_of_queries(demo_site, client, django_assert_max_num_queries):
    """Routing and restrictions (Wagtail's), the page JSON and the site JSON: each loaded in bulk."""
    client.get("/news/autumn-release/")  # warm Wagtail's site and content type caches
    for path in (
        "/guides/style-guide/",
        "/stories/work-in-progress/",
        "/news/",
    ):  # every block; one; a listing
        with django_assert_max_num_queries(30):
            assert client.get(path).status_code == 200


def test_a_page_live_after_its_parent_was_retitled_shows_the_new_breadcrumb(demo_site, client):
    news = Page.objects.get(slug="news").specific
    news.title = "Latest news"
    news.save_revision().publish()
    assert '<a href="/news/">Latest news</a>' in client.get("/news/autumn-release/").text
