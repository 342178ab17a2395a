"""Rich text links are read the way Wagtail reads them, whatever order their attributes come in."""

import pytest
from wagtail.models import Page

from content.demo import blocks
from content.models import ArticlePage
from content.serialization.rich_text import linked_ids
from content.serialization.visibility import public_documents

from .api_client import get


def test_links_are_found_whatever_the_attribute_order():
    source = (
        '<p><a id="7" linktype="page">first</a> <a linktype="page" id="8">second</a> '
        '<a href="#" id="9" linktype="document" title="x">file</a> <a id="10">no type</a></p>'
    )
    assert linked_ids(source) == ({7, 8}, {9})


def test_a_link_with_a_malformed_id_is_skipped():
    assert linked_ids('<a linktype="page" id="x">bad</a><a linktype="page" id="3">ok</a>') == ({3}, set())


@pytest.mark.django_db
def test_the_api_keeps_a_link_written_id_first(demo_site, client):
    """Rich text from an import or a migration need not put linktype first; its links must survive."""
    news, document = (
        Page.objects.get(slug="news"),
        public_documents().order_by("pk").first(),
    )
    article = ArticlePage.objects.get(slug="autumn-release")
    article.body = [
        blocks.paragraph(
            f'<p><a id="{news.pk}" linktype="page">the news</a> and '
            f'<a id="{document.pk}" linktype="document">the file</a></p>'
        )
    ]
    article.save_revision().publish()
    body = get(client, f"/api/v2/pages/{article.pk}/")["body"]
    assert '<a href="/news/">the news</a>' in body[0]["value"]
    assert f"/documents/{document.pk}/" in body[0]["value"]
