"""The static site's templates turn the API's page JSON into valid, accessible HTML5.

Rendered from the contract's example JSON, so a change to the API shape that the templates
do not follow shows up here. No database: the templates only ever see dicts.
"""

import copy
import functools
import json
from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib
import pytest
from django.template import Context, Template
from django.template.loader import render_to_string

from publishing.templatetags.static_site import render_body

EXAMPLES = Path(__file__).resolve().parents[2] / "frontend-contract" / "examples"
BASE_URL = "https://www.example.com"
PAGES = [
    ("article-page", "content/pages/article_page.html"),
    ("home-page", "home/pages/home_page.html"),
    ("index-page", "content/pages/index_page.html"),
]
PAGINATION = {"number": 2, "num_pages": 3, "previous_path": "/news/", "next_path": "/news/page-3/"}


@functools.cache
def _load(name: str) -> dict:
    return json.loads((EXAMPLES / f"{name}.json").read_text())


def example(name: str) -> dict:
    """A fresh copy of an example, so a test may change it without affecting others."""
    return copy.deepcopy(_load(name))


def render_page(template_name: str, page: dict, **extra) -> str:
    context = {
        "page": page,
        "site": example("site"),
        "canonical_url": BASE_URL + page["meta"]["path"],
        "base_url": BASE_URL,
        "stylesheet": "/static/publishing/site.abc123.css",
        "lang": "en",
        "pagination": PAGINATION,
        **extra,
    }
    return render_to_string(template_name, context)


def parse(html: str) -> Element:
    """The document tree; any HTML5 parse error fails the test."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(html)


def text(element: Element) -> str:
    return " ".join("".join(element.itertext()).split())


def headings(root: Element) -> list[tuple[int, str]]:
    return [
        (int(element.tag[1]), text(element))
        for element in root.iter()
        if isinstance(element.tag, str) and element.tag in {"h1", "h2", "h3", "h4", "h5", "h6"}
    ]


def body_headings(body: list[dict]) -> list[tuple[int, str]]:
    page = example("article-page")
    page["body"] = body
    root = parse(render_page("content/pages/article_page.html", page))
    return headings(root.find(".//article"))


@pytest.fixture(params=PAGES, ids=[name for name, _ in PAGES])
def rendered(request) -> tuple[str, Element]:
    name, template_name = request.param
    return name, parse(render_page(template_name, example(name)))


def test_page_has_one_h1_and_never_skips_a_heading_level(rendered):
    _, root = rendered
    levels = [level for level, _ in headings(root)]

    assert levels.count(1) == 1
    assert levels[0] == 1
    for previous, level in zip(levels, levels[1:], strict=False):
        assert level <= previous + 1, levels


def test_page_has_language_and_landmarks(rendered):
    _, root = rendered
    body = root.find("body")

    assert root.get("lang") == "en"
    assert [child.tag for child in body if child.tag in {"header", "main", "footer"}] == [
        "header",
        "main",
        "footer",
    ]
    assert body.find("header/nav[@aria-label='Main']") is not None
    assert body.find("main").get("id") == "main"
    assert body.find("a[@href='#main']") is not None


def test_every_image_has_alt_and_srcset(rendered):
    _, root = rendered
    images = list(root.iter("img"))

    assert images
    for image in images:
        assert image.get("alt") is not None, image.attrib
        assert image.get("srcset"), image.attrib


def test_head_has_canonical_link_and_open_graph(rendered):
    name, root = rendered
    page = example(name)
    head = root.find("head")

    assert head.find("link[@rel='canonical']").get("href") == BASE_URL + page["meta"]["path"]
    assert head.find("meta[@property='og:title']").get("content") == page["meta"]["seo_title"]
    assert head.find("meta[@property='og:url']").get("content") == BASE_URL + page["meta"]["path"]
    expected_type = "article" if name == "article-page" else "website"
    assert head.find("meta[@property='og:type']").get("content") == expected_type
    assert head.find("link[@rel='stylesheet']").get("href") == "/static/publishing/site.abc123.css"


def test_title_names_the_site_unless_the_page_is_named_after_it():
    page = example("article-page")
    root = parse(render_page("content/pages/article_page.html", page))
    assert text(root.find("head/title")) == "The house style guide – The Northwind Journal"

    page["meta"]["seo_title"] = "The Northwind Journal"
    root = parse(render_page("content/pages/article_page.html", page))
    assert text(root.find("head/title")) == "The Northwind Journal"


def test_description_is_left_out_when_empty():
    home = parse(render_page("home/pages/home_page.html", example("home-page")))
    article = parse(render_page("content/pages/article_page.html", example("article-page")))

    assert home.find("head/meta[@name='description']") is None
    assert article.find("head/meta[@name='description']").get("content") == (
        "Every kind of block the editor offers, shown in one page."
    )


def test_root_relative_social_image_is_made_absolute_on_the_base_url():
    page = example("article-page")
    page["meta"]["social_image"]["renditions"]["social"]["url"] = "/media/images/road.jpg"
    head = parse(render_page("content/pages/article_page.html", page)).find("head")

    assert head.find("meta[@property='og:image']").get("content") == f"{BASE_URL}/media/images/road.jpg"
    assert head.find("meta[@property='og:image:width']").get("content") == "1200"
    assert head.find("meta[@property='og:image:alt']").get("content") == "Desert road"


def test_menu_marks_the_current_page_and_section():
    index = parse(render_page("content/pages/index_page.html", example("index-page")))
    article = parse(render_page("content/pages/article_page.html", example("article-page")))

    def current(root):
        links = root.findall(".//nav[@aria-label='Main']//a")
        return {text(link): link.get("aria-current") for link in links if link.get("aria-current")}

    assert current(index) == {"News": "page"}
    assert current(article) == {"Guides": "true"}


def test_breadcrumbs_end_with_the_current_page():
    root = parse(render_page("content/pages/article_page.html", example("article-page")))
    links = root.findall(".//nav[@aria-label='Breadcrumb']/ol/li/a")

    assert [text(link) for link in links] == ["Home", "Guides", "The house style guide"]
    assert links[-1].get("aria-current") == "page"
    assert [link.get("aria-current") for link in links[:-1]] == [None, None]


def test_footer_leaves_out_links_without_a_target():
    site = example("site")
    site["footer_links"].append({"label": "Withdrawn", "page": None, "url": None, "href": None})
    html = render_page("home/pages/home_page.html", example("home-page"), site=site)
    footer = parse(html).find("body/footer")

    assert [text(link) for link in footer.iter("a")] == ["About", "Source code"]
    assert text(footer.find("p")) == site["tagline"]


def test_index_lists_children_as_dated_articles_with_pagination():
    root = parse(render_page("content/pages/index_page.html", example("index-page")))
    cards = root.findall(".//main//article")
    pagination = root.find(".//nav[@aria-label='Pagination']")

    assert len(cards) == 7
    assert cards[0].find("h2/a").get("href") == "/news/autumn-release/"
    assert cards[0].find(".//time").get("datetime") == "2026-11-01"
    assert pagination.find("a[@rel='prev']").get("href") == "/news/"
    assert pagination.find("a[@rel='next']").get("href") == "/news/page-3/"
    assert "Page 2 of 3" in text(pagination)


def test_index_with_one_page_has_no_pagination():
    one_page = {"number": 1, "num_pages": 1, "previous_path": None, "next_path": None}
    html = render_page("content/pages/index_page.html", example("index-page"), pagination=one_page)

    assert parse(html).find(".//nav[@aria-label='Pagination']") is None


def test_not_found_page_parses_and_is_not_indexed():
    page = {
        "title": "Page not found",
        "meta": {
            "seo_title": "Page not found",
            "search_description": "",
            "path": "/404.html",
            "social_image": None,
        },
        "breadcrumbs": [],
    }
    root = parse(render_page("publishing/404.html", page))

    assert [text(h1) for h1 in root.iter("h1")] == ["Page not found"]
    assert root.find("head/meta[@name='robots']").get("content") == "noindex"
    assert root.find("body/main//a[@href='/']") is not None


def test_redirect_page_parses_and_points_at_the_new_location():
    context = {
        "location": "/guides/new-place/?a=1&b=2",
        "canonical_url": f"{BASE_URL}/guides/new-place/",
        "lang": "en",
    }
    html = render_to_string("publishing/redirect.html", context)
    root = parse(html)

    assert root.get("lang") == "en"
    refresh = root.find("head/meta[@http-equiv='refresh']")
    assert refresh.get("content") == "0; url=/guides/new-place/?a=1&b=2"
    assert root.find("head/link[@rel='canonical']").get("href") == f"{BASE_URL}/guides/new-place/"
    assert root.find("head/meta[@name='robots']").get("content") == "noindex"
    assert root.find(".//body//a").get("href") == "/guides/new-place/?a=1&b=2"


def test_heading_deeper_than_the_outline_allows_is_raised_to_fit():
    body = [
        {"type": "heading", "value": {"text": "Deep", "level": "h4"}, "id": "1"},
        {"type": "heading", "value": {"text": "Below", "level": "h4"}, "id": "2"},
        {"type": "heading", "value": {"text": "Top", "level": "h2"}, "id": "3"},
    ]

    assert body_headings(body) == [(1, "The house style guide"), (2, "Deep"), (3, "Below"), (2, "Top")]


def test_headings_inside_rich_text_follow_the_outline_too():
    body = [
        {"type": "paragraph", "value": "<h4>In text</h4><p>Words.</p><h3>Next</h3>", "id": "1"},
        {"type": "heading", "value": {"text": "After", "level": "h4"}, "id": "2"},
    ]

    assert body_headings(body)[1:] == [(2, "In text"), (3, "Next"), (4, "After")]


def test_null_block_value_renders_nothing():
    withheld = [{"type": "image", "value": None, "id": "1"}, {"type": "video", "value": None, "id": "2"}]

    assert render_body(withheld) == ""


def test_unknown_block_type_is_an_error():
    with pytest.raises(ValueError, match="no template for block type 'carousel'"):
        render_body([{"type": "carousel", "value": {}, "id": "1"}])
    with pytest.raises(ValueError, match="no template for block type"):
        render_body([{"type": "../404", "value": {}, "id": "1"}])


def test_render_body_tag_is_available_to_templates():
    template = Template("{% load static_site %}{% render_body body %}")
    html = template.render(Context({"body": [{"type": "paragraph", "value": "<p>Hi</p>", "id": "1"}]}))

    assert html.strip() == '<div class="rich-text"><p>Hi</p></div>'


def test_code_is_escaped_and_rich_text_table_cells_are_not():
    body = [
        {"type": "code", "value": {"language": "html", "code": "<script>alert(1)</script>"}, "id": "1"},
        {
            "type": "table",
            "value": {
                "caption": "Mixed",
                "columns": [{"type": "text", "heading": "Plain"}, {"type": "rich_text", "heading": "Rich"}],
                "rows": [["<b>not bold</b>", "<p><b>bold</b></p>"], [None, None]],
            },
            "id": "2",
        },
    ]
    root = parse(f"<!DOCTYPE html><title>t</title>{render_body(body)}")

    code = root.find(".//pre/code")
    assert code.get("class") == "language-html"
    assert text(code) == "<script>alert(1)</script>"
    assert root.find(".//script") is None
    assert text(root.find(".//table/caption")) == "Mixed"
    assert [th.get("scope") for th in root.iter("th")] == ["col", "col"]
    first_row = root.find(".//tbody/tr").findall("td")
    assert first_row[0].find("b") is None and text(first_row[0]) == "<b>not bold</b>"
    assert text(first_row[1].find("p/b")) == "bold"


def test_video_is_a_link_and_never_an_embed():
    article = parse(render_page("content/pages/article_page.html", example("article-page")))
    video = article.find(".//figure[@class='video']")

    assert video.find("a").get("href") == "https://www.youtube.com/watch?v=aqz-KE-bpKQ"
    assert not [element for element in article.iter() if element.tag in {"iframe", "script", "embed"}]


def test_decorative_image_has_empty_alt_and_links_without_target_are_plain_text():
    root = parse(render_page("content/pages/article_page.html", example("article-page")))
    forest = next(img for img in root.iter("img") if "forest-canopy" in img.get("src"))
    cta = next(block for block in example("article-page")["body"] if block["type"] == "call_to_action")
    cta["value"]["href"] = None

    assert forest.get("alt") == ""
    assert forest.get("loading") == "lazy"
    assert "<a" not in render_body([cta])


def test_stylesheet_fetches_nothing():
    css = (Path(__file__).resolve().parents[1] / "static" / "publishing" / "site.css").read_text()

    assert "url(" not in css
    assert "@import" not in css
