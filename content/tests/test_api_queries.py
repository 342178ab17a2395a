"""The API's query counts stay fixed however many blocks, images, authors, tags or related pages.

The numbers asserted here are the ones quoted in docs/api.md.
"""

import copy

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Image
from wagtail.models import Page

from content.factories import PersonFactory
from content.models import ArticlePage, ArticlePageAuthor, ArticlePageRelatedPage

# Served from the delivery store, the host's site remembered: one query reads the fresh
# document(s) and checks, at that moment, that each page is live and public in the site
# (content.delivery.served); a listing's total comes in the same query.
DETAIL_QUERIES = 1
LISTING_QUERIES = 1
SITE_QUERIES = 1
# Read-through: the store's query finds nothing fresh, then the viewset's path resolves
# the site (and the sites epoch), builds the document with the serializer and keeps it.
BUILD_DETAIL_QUERIES = 25  # with the hash it had, for the change feed
BUILD_SITE_QUERIES = 23  # likewise, and its entry


def count_queries(client, url: str) -> int:
    # Warm, as in production: renditions exist, the host's site is remembered, the
    # listing's total is counted (once per store epoch).
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture(autouse=True)
def no_server_cache(settings):
    settings.API_RESPONSE_CACHE_SECONDS = 0


def grow(article: ArticlePage, factor: int) -> None:
    """Make the article several times richer: blocks, images, authors, tags, related pages."""
    images = list(Image.objects.filter(collection__name="Root"))
    body = []
    for round_ in range(factor):
        for block in article.body.raw_data:
            block = copy.deepcopy(dict(block))
            block.pop("id", None)
            if block["type"] == "image":
                block["value"]["image"]["image"] = images[round_ % len(images)].pk
            body.append(block)
    article.body = body
    article.authors = [ArticlePageAuthor(person=PersonFactory(), sort_order=i) for i in range(2 * factor)]
    article.tags.add(*[f"tag-{factor}-{i}" for i in range(3 * factor)])
    targets = ArticlePage.objects.live().public().exclude(pk=article.pk)[: 2 * factor]
    article.related_pages = [ArticlePageRelatedPage(target=t, sort_order=i) for i, t in enumerate(targets)]
    article.save_revision().publish()


def test_detail_queries_do_not_grow_with_the_page(client, demo_site, django_assert_max_num_queries):
    article = ArticlePage.objects.get(slug="style-guide")
    url = f"/api/v2/pages/{article.pk}/"
    small = count_queries(client, url)
    grow(ArticlePage.objects.get(pk=article.pk), 4)
    assert len(client.get(url).json()["body"]) == 4 * len(article.body)
    assert count_queries(client, url) == small
    with django_assert_max_num_queries(DETAIL_QUERIES):
        client.get(url)


def test_a_listing_of_20_articles_costs_the_same_as_a_listing_of_2(
    client, demo_site, django_assert_max_num_queries
):
    listing = "/api/v2/pages/?type=content.ArticlePage&fields=*&limit={}"
    two = count_queries(client, listing.format(2))
    twenty = count_queries(client, listing.format(20))
    assert twenty == two
    for slug in ("style-guide", "autumn-release", "writing-for-the-web"):
        grow(ArticlePage.objects.get(slug=slug), 3)
    assert count_queries(client, listing.format(20)) == twenty
    with django_assert_max_num_queries(LISTING_QUERIES):
        client.get(listing.format(20))


def test_index_and_home_pages_and_site_have_fixed_costs(client, demo_site, django_assert_max_num_queries):
    """First built through the store (read-through), then served from it."""
    news = Page.objects.get(slug="news")
    for url in (f"/api/v2/pages/{news.pk}/", f"/api/v2/pages/{demo_site.root_page_id}/"):
        with django_assert_max_num_queries(BUILD_DETAIL_QUERIES):
            client.get(url)
        with django_assert_max_num_queries(DETAIL_QUERIES):
            client.get(url)
    with django_assert_max_num_queries(BUILD_SITE_QUERIES):
        client.get("/api/v2/site/")
    with django_assert_max_num_queries(SITE_QUERIES):
        client.get("/api/v2/site/")
