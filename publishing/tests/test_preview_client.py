"""The built-in preview client at /_preview/: a draft rendered by the export's templates."""

import html5lib
import pytest

from content.demo import blocks
from content.models import ArticlePage


@pytest.fixture
def article(demo_site) -> ArticlePage:
    return ArticlePage.objects.get(slug="autumn-release")


def preview_query(page, token: str) -> dict:
    return {"content_type": page.get_content_type_str(), "token": token}


def test_a_draft_renders_as_the_exported_page_would(client, article):
    article.title = "Unsaved title in the preview"
    article.body = [blocks.paragraph("<p>Draft paragraph text.</p>"), *article.body.raw_data]
    response = client.get("/_preview/", preview_query(article, article.create_page_preview().token))

    assert response.status_code == 200
    html = response.text
    html5lib.HTMLParser(strict=True).parse(html)
    assert "<h1>Unsaved title in the preview</h1>" in html
    assert "Draft paragraph text." in html
    assert 'class="preview-banner"' in html
    assert '<link rel="stylesheet" href="/static/publishing/site.css">' in html
    assert "<img" in html and "/media/images/" in html  # the article's hero and body images
    assert 'rel="canonical"' not in html


def test_the_preview_route_alone_may_be_framed_by_the_admin(client, article, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://cms.example:8443/some/path"
    response = client.get("/_preview/", preview_query(article, article.create_page_preview().token))

    assert "X-Frame-Options" not in response
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["frame-ancestors"] == "'self' https://cms.example:8443"
    assert policy["script-src"] == "'self'"  # the rest of the policy still applies
    assert response["Cache-Control"] == "no-store, private"
    assert response["X-Robots-Tag"] == "noindex"
    assert response["Referrer-Policy"] == "no-referrer"
    assert client.get(article.url)["X-Frame-Options"] == "DENY"  # the rest of the site is never framed


@pytest.mark.parametrize("token", ["", "forged", "id=1:abc:def"])
def test_a_bad_link_explains_itself_in_a_page(client, article, token):
    response = client.get("/_preview/", preview_query(article, token))
    assert response.status_code == 404
    assert "Preview unavailable" in response.text
    assert "This preview link is not valid." in response.text
    assert response["Cache-Control"] == "no-store, private"


def test_only_get_and_head(client, article):
    assert client.post("/_preview/", preview_query(article, "x")).status_code == 405
