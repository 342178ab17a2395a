"""The search index follows the publish path: entries for live, public pages only, and a bounded total."""

import io
import itertools
import string

import pytest
from django.core.management import call_command
from django.db import connection
from wagtail.models import Page, PageViewRestriction

from search import found as found_module
from search import postgres, sqlite, vocabulary
from search.models import SearchEntry, SearchWord

SEARCH = "/api/v2/search/"


def test_only_live_public_pages_have_entries(demo_site, restricted):
    public = set(Page.objects.live().public().exclude(depth=1).values_list("pk", flat=True))
    assert set(SearchEntry.objects.values_list("pk", flat=True)) == public
    assert not {page.pk for page in restricted.values()} & public


def test_an_entry_splits_the_text_by_weight(demo_site):
    entry = SearchEntry.objects.get(page__slug="the-photographers-eye")
    assert entry.title == "The photographer's eye"
    assert "perfect harbour shot" in entry.summary
    page = entry.page.specific
    authors = [author.person.name for author in page.authors.all()]
    assert authors and all(name in entry.keywords for name in authors)
    assert "images" in entry.keywords.split()  # a tag
    assert entry.body


def test_restricting_a_section_takes_its_pages_out_and_lifting_it_puts_them_back(demo_site):
    guides = Page.objects.get(slug="guides")
    inside = set(guides.get_descendants(inclusive=True).live().public().values_list("pk", flat=True))
    restriction = PageViewRestriction.objects.create(page=guides, restriction_type="login")
    assert not SearchEntry.objects.filter(pk__in=inside).exists()
    assert not SearchWord.objects.filter(word="quickstart").exists()  # only a guide's title held it
    restriction.delete()
    assert set(SearchEntry.objects.filter(pk__in=inside).values_list("pk", flat=True)) == inside


def test_moving_a_page_into_a_restricted_section_takes_it_out(demo_site):
    page = Page.objects.get(slug="frontend-quickstart")
    page.move(Page.objects.get(slug="members"), pos="last-child")
    assert not SearchEntry.objects.filter(pk=page.pk).exists()


def test_deleting_a_page_removes_its_entry_and_words(demo_site):
    page = Page.objects.get(slug="frontend-quickstart")
    page.delete()
    assert not SearchEntry.objects.filter(pk=page.pk).exists()
    assert not SearchWord.objects.filter(word="quickstart").exists()


def test_deleting_a_section_with_a_restricted_page_inside_leaves_no_entry(demo_site):
    news = Page.objects.get(slug="news")
    inside = list(news.get_descendants(inclusive=True).values_list("pk", flat=True))
    assert PageViewRestriction.objects.filter(page__in=inside).exists()
    news.delete()  # the restriction goes first, while its page still exists
    assert not SearchEntry.objects.filter(pk__in=inside).exists()


def test_rebuild_writes_the_same_index(demo_site):
    fields = ("title", "summary", "keywords", "body", "title_words")
    before = {row[0]: row[1:] for row in SearchEntry.objects.values_list("pk", *fields)}
    words = dict(SearchWord.objects.values_list("word", "pages"))
    call_command("rebuild_search_index", stdout=io.StringIO())
    after = {row[0]: row[1:] for row in SearchEntry.objects.values_list("pk", *fields)}
    assert after.keys() == before.keys()
    for pk, row in after.items():
        # PostgreSQL's jsonb gives a block's keys back in its own order, so a rebuilt body may
        # list a block's fields in another order: the same words.
        rebuilt, written = (dict(zip(fields, r, strict=True)) for r in (row, before[pk]))
        assert sorted(rebuilt.pop("body").split()) == sorted(written.pop("body").split()), pk
        assert rebuilt == written, pk
    assert dict(SearchWord.objects.values_list("word", "pages")) == words


def test_past_the_bound_the_total_is_at_least(client, demo_site, monkeypatch):
    for module in (found_module, postgres, sqlite):
        monkeypatch.setattr(module, "RANKED_LIMIT", 5)
    meta = client.get(SEARCH, {"q": "editors", "limit": 3}).json()["meta"]
    assert (meta["total_count"], meta["total_count_exact"]) == (5, False)
    few = client.get(SEARCH, {"q": "quickstart"}).json()["meta"]
    assert few["total_count_exact"] is True


def test_offset_past_the_ranked_bound_is_a_400(client, demo_site):
    response = client.get(SEARCH, {"q": "editors", "offset": found_module.RANKED_LIMIT - 5, "limit": 10})
    assert response.status_code == 400
    assert f"offset + limit must be at most {found_module.RANKED_LIMIT}" in response.json()["message"]


def test_the_contract_states_the_bound():
    from content.contract.openapi import SEARCH_ENDPOINT

    description = SEARCH_ENDPOINT["get"]["responses"]["200"]["description"]
    assert f"at most {found_module.RANKED_LIMIT} matches" in description


@pytest.mark.parametrize("q", ['"harbour before sunrise"', '"sunrise before harbour"'])
def test_a_quoted_phrase_ranks_pages_holding_it_first(client, demo_site, q):
    items = client.get(SEARCH, {"q": q}).json()["items"]
    first = Page.objects.get(pk=items[0]["id"]).slug
    if q.startswith('"harbour'):
        assert first in ("style-guide", "about")  # both show every block: "The harbour before sunrise."
    else:
        assert items  # no page holds the phrase: pages with the words still come back


def test_rebuild_if_empty_fills_an_index_from_before_it(demo_site):
    call_command("rebuild_search_index", "--if-empty", stdout=io.StringIO())  # full: nothing to do
    count = SearchEntry.objects.count()
    SearchEntry.objects.all().delete()
    SearchWord.objects.all().delete()
    call_command("rebuild_search_index", "--if-empty", stdout=io.StringIO())
    assert SearchEntry.objects.count() == count and SearchWord.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's row versions")
def test_moving_page_counts_updates_the_vocabulary_in_place(demo_site):
    """Every word's count moves with no new index keys: each update is a heap-only tuple (migration 0005)."""
    words = [
        "".join(letters)
        for letters in itertools.islice(itertools.product(string.ascii_lowercase, repeat=4), 3000)
    ]
    entry = SearchEntry(title="", summary="", keywords="", body=" ".join(words))
    vocabulary.replace([], [entry])  # new rows, on pages as full as the table keeps them
    updated, in_place = _vocabulary_updates()
    # Each count moved once: within one transaction a row's old version keeps its room on the page.
    vocabulary.replace([], [entry])
    after_updated, after_in_place = _vocabulary_updates()
    assert after_updated - updated == len(words)
    assert after_in_place - in_place == after_updated - updated


def _vocabulary_updates() -> tuple[int, int]:
    """Rows of search_searchword updated in this transaction, and how many of them in place."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables "
            "WHERE relname = 'search_searchword'"
        )
        return cursor.fetchone()
