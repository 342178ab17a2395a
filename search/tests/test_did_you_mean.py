"""did_you_mean: a query whose words match nothing is corrected from the public pages' own words."""

import json

import pytest
from wagtail.models import Page, PageViewRestriction

from content.demo import blocks
from content.models import ArticlePage
from search.models import SearchWord

SEARCH = "/api/v2/search/"
# A word no demo page holds: planted only in private places, it must never be revealed.
MARKER_WORD = "zorblaxian"
MARKER_TYPO = "zorblaxan"


def search(client, q: str, **extra) -> dict:
    response = client.get(SEARCH, {"q": q, **extra})
    assert response.status_code == 200, response.content
    return response.json()


def test_a_misspelt_word_finds_what_was_meant(client, demo_site):
    data = search(client, "harbur")
    assert data["meta"]["did_you_mean"] == "harbour"
    slugs = set(Page.objects.filter(pk__in=[i["id"] for i in data["items"]]).values_list("slug", flat=True))
    assert "the-photographers-eye" in slugs
    assert "<mark>harbour</mark>" in json.dumps(data["items"]).lower()


def test_the_other_words_of_the_query_are_kept(client, demo_site):
    assert search(client, "acessibility audit")["meta"]["did_you_mean"] in (None, "accessibility audit")
    assert search(client, "acessibility")["meta"]["did_you_mean"] == "accessibility"


def test_no_correction_when_the_words_match(client, demo_site):
    assert search(client, "harbour")["meta"]["did_you_mean"] is None


def test_no_correction_when_nothing_is_close(client, demo_site):
    data = search(client, "qqqqxxzz")
    assert data["meta"]["did_you_mean"] is None and data["items"] == []


def _plant(parent: Page, slug: str, publish: bool = True) -> ArticlePage:
    article = ArticlePage(
        title=f"Notes {slug}",
        slug=slug,
        summary=f"About the {MARKER_WORD} plan.",
        body=[blocks.paragraph(f"<p>The {MARKER_WORD} committee met.</p>")],
        live=False,
    )
    parent.add_child(instance=article)
    revision = article.save_revision()
    if publish:
        revision.publish()
    return article


@pytest.fixture
def marker_in_private_places(demo_site):
    """The marker word in a draft, an unpublished change, a password page and a login-only section."""
    news = Page.objects.get(slug="news")
    _plant(news, "marker-draft", publish=False)
    changed = ArticlePage.objects.get(slug="autumn-release")
    changed.summary = f"Soon: {MARKER_WORD}."
    changed.save_revision()  # not published
    password = _plant(news, "marker-password")
    PageViewRestriction.objects.create(page=password, restriction_type="password", password="x")
    members = Page.objects.get(slug="members")
    _plant(members, "marker-members")


def test_a_word_only_private_pages_hold_is_never_revealed(client, marker_in_private_places):
    assert not SearchWord.objects.filter(word=MARKER_WORD).exists()
    for q in (MARKER_WORD, MARKER_TYPO, f"{MARKER_TYPO} committee"):
        data = search(client, q)
        assert MARKER_WORD not in json.dumps(data).replace(q, ""), q
        assert data["meta"]["did_you_mean"] is None or MARKER_WORD not in data["meta"]["did_you_mean"]


def test_a_word_leaves_the_vocabulary_when_its_only_page_does(client, demo_site):
    page = _plant(Page.objects.get(slug="news"), "marker-public")
    assert SearchWord.objects.get(word=MARKER_WORD).pages == 1
    assert search(client, MARKER_TYPO)["meta"]["did_you_mean"] == MARKER_WORD
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    assert not SearchWord.objects.filter(word=MARKER_WORD).exists()
    assert search(client, MARKER_TYPO)["meta"]["did_you_mean"] is None
