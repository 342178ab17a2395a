"""The page JSON a frontend renders from: complete, the same in listings and detail."""

import pytest
from wagtail.models import Page

from content.blocks import BODY_BLOCK_NAMES
from content.models import ArticlePage
from content.serialization.renditions import RENDITIONS

from .api_client import get


@pytest.fixture
def style_guide(demo_site):
    return ArticlePage.objects.get(slug="style-guide")


def body_of_type(page_json: dict, block_type: str) -> list:
    """The values of the body blocks of one type."""
    return [block["value"] for block in page_json["body"] if block["type"] == block_type]


def test_article_detail_has_every_content_field_and_meta(client, style_guide):
    data = get(client, f"/api/v2/pages/{style_guide.pk}/")
    assert list(data) == [
        "id",
        "meta",
        "title",
        "breadcrumbs",
        "summary",
        "date",
        "hero_image",
        "authors",
        "tags",
        "body",
        "related_pages",
    ]
    meta = data["meta"]
    assert meta["type"] == "content.ArticlePage"
    assert meta["path"] == "/guides/style-guide/"
    assert meta["html_url"].endswith("/guides/style-guide/")
    assert meta["seo_title"] == style_guide.title
    assert meta["search_description"] == style_guide.search_description
    assert meta["social_image"]["id"] == style_guide.hero_image_id
    assert meta["first_published_at"].endswith("Z") and meta["last_published_at"]
    assert data["breadcrumbs"] == [
        {"id": style_guide.get_parent().get_parent().pk, "title": "Home", "path": "/"},
        {"id": style_guide.get_parent().pk, "title": "Guides", "path": "/guides/"},
    ]
    assert [a["name"] for a in data["authors"]] == [a.person.name for a in style_guide.authors.all()]
    assert data["authors"][0]["photo"]["renditions"]["thumbnail"]["width"] == 160
    assert data["tags"] == ["editorial", "style"]
    assert data["related_pages"][0] == {
        "id": style_guide.related_pages.first().target_id,
        "title": "Deploying the static export",
        "path": "/guides/deploying-the-export/",
        "summary": "Publish the site to any S3-compatible bucket from CI.",
    }


def test_every_block_keeps_its_type_and_id(client, style_guide):
    data = get(client, f"/api/v2/pages/{style_guide.pk}/")
    stored_ids = [block.id for block in style_guide.body]
    assert [block["id"] for block in data["body"]] == stored_ids
    assert {block["type"] for block in data["body"]} == set(BODY_BLOCK_NAMES)


def test_rich_text_links_are_site_paths_and_document_urls(client, style_guide):
    paragraph = body_of_type(get(client, f"/api/v2/pages/{style_guide.pk}/"), "paragraph")[0]
    assert '<a href="/guides/">guides section</a>' in paragraph
    assert "linktype=" not in paragraph
    assert '<a href="http://testserver/documents/' in paragraph


def test_images_are_objects_with_named_renditions_and_a_srcset(client, style_guide):
    image, decorative = body_of_type(get(client, f"/api/v2/pages/{style_guide.pk}/"), "image")
    assert image["alt"] == "Harbour at dawn, photographed for the demo site"
    assert image["decorative"] is False
    assert (image["caption"], image["credit"]) == ("The harbour before sunrise.", "Dolores Ibarra")
    assert (image["width"], image["height"]) == (1600, 900)
    assert set(image["renditions"]) == set(RENDITIONS)
    for rendition in image["renditions"].values():
        assert rendition["url"].startswith("http://testserver/media/") and rendition["width"] > 0
    assert image["renditions"]["medium"]["url"].endswith(".webp")
    assert image["srcset"].count("w, ") == 2 and image["srcset"].endswith("1600w")
    assert decorative["decorative"] is True and decorative["alt"] == ""


def test_links_documents_tables_cards_and_videos(client, style_guide):
    data = get(client, f"/api/v2/pages/{style_guide.pk}/")
    [cta] = body_of_type(data, "call_to_action")
    assert cta["page"] is None and cta["href"] == cta["url"] == "https://example.com/admin/"
    [cards] = body_of_type(data, "cards")
    news = Page.objects.get(slug="news")
    assert cards["cards"][0]["page"] == {"id": news.pk, "title": "News", "path": "/news/"}
    assert cards["cards"][0]["image"]["renditions"]["small"]["width"] == 480
    assert cards["cards"][2]["href"] == "https://example.com/"
    [document] = body_of_type(data, "document")
    assert document["document"]["title"] == "Annual report 2025"
    assert document["document"]["size"] > 0
    [table] = body_of_type(data, "table")
    assert table["rows"][0] == ["News", 7, "<p>Updated <b>weekly</b></p>"]
    [video] = body_of_type(data, "video")
    assert video["provider"] == "youtube"
    assert video["embed_url"] == "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"


def test_listing_with_all_fields_matches_detail(client, demo_site):
    listing = get(client, "/api/v2/pages/?fields=*&limit=100")
    assert listing["meta"]["total_count"] == len(listing["items"]) > 20
    for item in listing["items"]:
        assert item == get(client, f"/api/v2/pages/{item['id']}/")


def test_default_listing_fields_and_field_selection(client, demo_site):
    item = get(client, "/api/v2/pages/?limit=1")["items"][0]
    assert list(item) == ["id", "meta", "title"]
    item = get(client, "/api/v2/pages/?type=content.ArticlePage&fields=summary,-meta&limit=1")["items"][0]
    assert list(item) == ["id", "title", "summary"]


def test_index_page_includes_the_first_page_of_its_children(client, demo_site):
    news = Page.objects.get(slug="news")
    data = get(client, f"/api/v2/pages/{news.pk}/")
    children = data["children"]
    assert children["total_count"] == 7  # the draft and the password-protected page are not listed
    assert [item["title"] for item in children["items"]][:2] == [
        "Autumn release brings faster publishing",
        "A new editorial team for the journal",
    ]
    assert children["items"][0]["path"] == "/news/autumn-release/"
    assert children["items"][0]["hero_image"]["id"]


def test_home_page_json_and_find_by_path(client, demo_site):
    home = get(client, "/api/v2/pages/find/?html_path=/", follow=True)
    assert home["meta"]["type"] == "home.HomePage" and home["meta"]["path"] == "/"
    assert home["hero_heading"] and home["intro"].startswith("<p>")
    assert len(home["featured_pages"]) == 3
    found = get(client, "/api/v2/pages/find/?html_path=/guides/style-guide/", follow=True)
    assert found["title"] == "The house style guide"


def test_child_of_and_descendant_of_filter_by_section(client, demo_site):
    guides = Page.objects.get(slug="guides")
    children = get(client, f"/api/v2/pages/?child_of={guides.pk}&limit=100")["items"]
    assert {item["meta"]["path"] for item in children} >= {"/guides/style-guide/"}
    assert all(item["meta"]["path"].startswith("/guides/") for item in children)


def test_site_endpoint_has_settings_menu_and_footer(client, demo_site):
    data = get(client, "/api/v2/site/")
    assert data["site_name"] == "The Northwind Journal"
    assert [item["path"] for item in data["menu"]] == ["/news/", "/guides/", "/stories/"]
    assert data["footer_links"][0] == {
        "label": "About",
        "page": {"id": Page.objects.get(slug="about").pk, "title": "About the journal", "path": "/about/"},
        "url": None,
        "href": "/about/",
    }
    assert data["default_social_image"]["renditions"]["social"]["width"] == 1200


def test_images_documents_and_redirects_endpoints(client, demo_site):
    images = get(client, "/api/v2/images/?limit=100")["items"]
    assert {image["title"] for image in images} >= {"Harbour at dawn"}
    documents = get(client, "/api/v2/documents/")["items"]
    assert {doc["title"] for doc in documents} == {"Reader's guide", "Annual report 2025"}
    redirects = get(client, "/api/v2/redirects/")["items"]
    assert redirects == [
        {"id": redirects[0]["id"], "old_path": "/news-archive", "location": "/news/", "is_permanent": True}
    ]
    found = get(client, "/api/v2/redirects/find/?html_path=/news-archive", follow=True)
    assert found["location"] == "/news/"


def test_search_finds_public_pages_by_their_words(client, demo_site):
    items = get(client, "/api/v2/pages/?search=accessibility&type=content.ArticlePage")["items"]
    assert "Results of the accessibility audit" in [item["title"] for item in items]


def test_rich_text_from_outside_the_editor_is_sanitised(client, demo_site):
    from content.demo import blocks

    article = ArticlePage.objects.get(slug="autumn-release")
    hostile = (
        '<p>Hi<script>alert(1)</script><img src="x" onerror="alert(2)">'
        '<a href="javascript:alert(3)">click</a><a href="https://example.com/" onclick="x()">ok</a></p>'
    )
    article.body = [blocks.paragraph(hostile)]
    article.save_revision().publish()
    html = get(client, f"/api/v2/pages/{article.pk}/")["body"][0]["value"]
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html
    assert "onclick" not in html
    assert '<a href="https://example.com/">ok</a>' in html and "<a>click</a>" in html
