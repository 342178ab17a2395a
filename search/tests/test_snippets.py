"""Snippet marks follow the Snowball English stemmer, as PostgreSQL's `english` configuration matches."""

from search.snippets import highlight, stem


def test_forms_of_a_word_share_a_stem():
    assert stem("publishing") == stem("published") == stem("publish")
    assert stem("releases") == stem("released") == stem("release")


def test_words_that_merely_start_alike_do_not():
    # The hand-written stemmer cut "news" to "new" and "early" to "ear".
    assert stem("news") != stem("new")
    assert stem("early") != stem("ear")


def test_a_query_marks_only_its_own_word_forms():
    snippet = highlight("New rules for the news desk, early in the year: ear plugs advised.", "news early")
    assert "<mark>news</mark>" in snippet and "<mark>early</mark>" in snippet
    assert "<mark>New</mark>" not in snippet and "<mark>ear</mark>" not in snippet
