"""IndexPage lists its live, public children newest first, a page at a time."""

import datetime

import pytest
from wagtail.models import PageViewRestriction

from content.factories import ArticlePageFactory, IndexPageFactory


@pytest.fixture
def section(home_page):
    return IndexPageFactory(parent=home_page, title="Reviews", slug="reviews")


def article(section, title, days_ago, **kwargs):
    return ArticlePageFactory(
        parent=section,
        title=title,
        date=datetime.date(2026, 11, 1) - datetime.timedelta(days=days_ago),
        **kwargs,
    )


def test_children_are_listed_newest_first(section):
    article(section, "Old", 30)
    article(section, "Newest", 1)
    article(section, "Middle", 10)
    assert [page.title for page in section.listing_page(1)] == ["Newest", "Middle", "Old"]


def test_drafts_and_restricted_children_are_not_listed(section):
    article(section, "Public", 1)
    article(section, "Draft", 2, live=False)
    private = article(section, "Private", 3)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    assert [page.title for page in section.listing_page(1)] == ["Public"]


def test_the_listing_is_paginated_and_bad_page_numbers_fall_back(section, settings, client):
    settings.INDEX_PAGE_SIZE = 2
    for days in range(5):
        article(section, f"Article {days}", days)
    assert [page.title for page in section.listing_page(2)] == ["Article 2", "Article 3"]
    assert [page.title for page in section.listing_page(99)] == ["Article 4"]
    assert [page.title for page in section.listing_page("abc")] == ["Article 0", "Article 1"]
    assert client.get(section.url, {"page": "abc"}).status_code == 200
