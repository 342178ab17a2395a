"""/search/ on the live site: the API's search in the site's chrome; never a private page."""

import pytest

from content.demo import markers
from content.factories import IndexPageFactory


def test_results_are_the_search_apis_with_marked_snippets(demo_site, client):
    html = client.get("/search/?q=harbour").text
    assert "results for “harbour”" in html
    assert '<a href="/stories/the-photographers-eye/">' in html
    assert "<mark>harbour</mark>" in html
    assert '<form class="site-search" action="/search/"' in html and 'value="harbour"' in html


@pytest.mark.parametrize("marker", [markers.DRAFT_ONLY, markers.PASSWORD_PROTECTED, markers.LOGIN_RESTRICTED])
def test_private_pages_are_never_found(demo_site, client, restricted, marker):
    """The marker is in each private page's title and text; public pages may match its other words."""
    html = client.get("/search/", {"q": marker}).text
    assert "results for" in html
    for page in restricted.values():
        assert f'href="{page.url_path.removeprefix("/home")}"' not in html


def test_the_empty_page_asks_for_words_and_bad_input_says_why(demo_site, client):
    assert "Type the words to search for" in client.get("/search/").text
    bad = client.get("/search/?q=harbour&limit=x")
    assert bad.status_code == 400
    assert "limit must be a whole number" in bad.text


def test_results_page_through_with_offset(demo_site, client):
    first = client.get("/search/?q=harbour&limit=2").text
    assert 'rel="next" href="/search/?q=harbour&amp;offset=2"' in first and 'rel="prev"' not in first
    second = client.get("/search/?q=harbour&limit=2&offset=2").text
    assert 'rel="prev" href="/search/?q=harbour"' in second


def test_an_editors_page_at_search_wins(home_page, client):
    IndexPageFactory(parent=home_page, title="Find things", slug="search")
    html = client.get("/search/?q=harbour").text
    assert "<h1>Find things</h1>" in html


def test_a_misspelt_search_shows_the_results_of_the_correction(client, demo_site):
    html = client.get("/search/", {"q": "harbur"}).content.decode()
    assert "for “harbour”" in html and "The photographer" in html
