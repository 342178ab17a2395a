"""Snippet marks follow the Snowball English stemmer, as PostgreSQL's `english` configuration matches."""

import re
from html import escape

from hypothesis import given, settings
from hypothesis import strategies as st

from search.snippets import WINDOW_WORDS, WORD, _prefix, highlight, stem


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


def test_a_match_deep_in_a_long_body_is_shown():
    body = "filler " * 2000 + "the harbour at dawn"
    snippet = highlight(body, "harbours")
    assert "<mark>harbour</mark> at dawn" in snippet and snippet.startswith("… ")


def test_forms_whose_stem_changes_their_ending_are_marked():
    # Snowball rewrites the end of these words (dying -> die, skies -> sky, hoping -> hope).
    assert "<mark>die</mark>" in highlight("Old stars die slowly.", "dying")
    assert "<mark>sky</mark>" in highlight("A clear sky tonight.", "skies")
    assert "<mark>hope</mark>" in highlight("We hope so.", "hoping")
    # and the other way round: the window is found where such a form first appears
    assert "<mark>hoping</mark>" in highlight("filler " * 40 + "we were hoping", "hope")
    assert "<mark>dying</mark>" in highlight("filler " * 40 + "a dying star", "die")


def test_a_word_is_stemmed_as_written_not_as_lower_cased_in_its_text():
    # "ΛΟΓΟΣ.Com".lower() ends the Greek word in a final sigma; the word alone does not.
    text = "filler " * 20 + "ΛΟΓΟΣ.Com " + "filler " * 30 + "λογος end"
    assert highlight(text, "λογος") == reference_highlight(text, "λογος")


def reference_highlight(text: str, query: str) -> str:
    """The plain algorithm: stem every word, take WINDOW_WORDS from a third of it before the first hit."""
    stems = {stem(word) for word in WORD.findall(query)}
    words = text.split(" ")
    hits = [i for i, word in enumerate(words) if any(stem(part) in stems for part in WORD.findall(word))]
    start = max(0, (hits[0] if hits else 0) - WINDOW_WORDS // 3)
    window = words[start : start + WINDOW_WORDS]
    marked = " ".join(
        "".join(
            f"<mark>{escape(piece)}</mark>"
            if WORD.fullmatch(piece) and stem(piece) in stems
            else escape(piece)
            for piece in re.split(r"(\w+)", word)
        )
        for word in window
    )
    return ("… " if start else "") + marked + (" …" if start + WINDOW_WORDS < len(words) else "")


VOCABULARY = [
    "harbour",
    "harbours",
    "Harbour",
    "dying",
    "die",
    "skies",
    "sky",
    "the",
    "news",
    "new",
    "<b>",
    "&",
    "É",
    "élan",
    "x",
    # short stems, whose forms are found by a two-letter prefix (use: using, useful; tie: tying)
    "use",
    "using",
    "Useful",
    "day",
    "days",
    "tie",
    "tying",
    "lies",
    "lying",
]


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.one_of(st.sampled_from(VOCABULARY), st.text(max_size=6)), max_size=80),
    query=st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=3),
)
def test_the_quick_scan_cuts_and_marks_as_stemming_every_word_would(words, query):
    text = " ".join(words)
    assert highlight(text, " ".join(query)) == reference_highlight(text, " ".join(query))


def english_words() -> list[str]:
    from wordfreq import get_frequency_dict  # a dev dependency, as for the realistic corpus

    return [word for word in get_frequency_dict("en") if word.isascii() and WORD.fullmatch(word)]


def test_every_english_word_starts_as_its_stem_says():
    # The quick scan of ASCII text stems only the words that start like a stem's forms
    # (snippets._prefix, case aside); a word that did not would be left unmarked.
    words = english_words()
    assert len(words) > 100_000
    assert [word for word in words if not word.lower().startswith(_prefix(stem(word)))] == []
    for word in words[::500]:  # and end to end, in every case
        for form in (word, word.capitalize(), word.upper()):
            assert highlight(f"({form})", form) == f"(<mark>{form}</mark>)", form


ASCII_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzAEIOUY_019", min_size=1, max_size=9)
ASCII_GAP = st.sampled_from([" ", "  ", ", ", ". ", "-", "'", " & ", " <i>", "</i> ", '"'])


@settings(max_examples=400, deadline=None)
@given(
    words=st.lists(st.one_of(st.sampled_from(VOCABULARY[:12] + VOCABULARY[15:]), ASCII_WORD), max_size=80),
    gaps=st.lists(ASCII_GAP, min_size=80, max_size=80),
    query=st.lists(st.one_of(st.sampled_from(VOCABULARY), ASCII_WORD), min_size=1, max_size=3),
)
def test_ascii_text_is_cut_and_marked_as_stemming_every_word_would(words, gaps, query):
    text = "".join(word + gap for word, gap in zip(words, gaps, strict=False))
    assert text.isascii()
    assert highlight(text, " ".join(query)) == reference_highlight(text, " ".join(query))
