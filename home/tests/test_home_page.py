"""The home page: the default site's root, with its hero and featured pages."""

from content.models import ArticlePage, IndexPage
from home.models import HomePage


def test_the_default_site_serves_the_home_page(client, demo_site):
    response = client.get("/")
    assert response.status_code == 200
    assert "Stories, guides and news from the journal" in response.text
    home = demo_site.root_page.specific
    assert isinstance(home, HomePage)
    assert [item.target.specific_class for item in home.featured_pages.all()] == [ArticlePage] * 3


def test_home_pages_only_sit_at_the_top_of_the_tree():
    assert HomePage.can_create_at(IndexPage()) is False
    assert set(HomePage.allowed_subpage_models()) == {IndexPage, ArticlePage}
