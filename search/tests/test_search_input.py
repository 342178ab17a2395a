"""Whatever q holds (operators, tsquery and FTS5 syntax, any Unicode, long words): 200 or 400, never 500."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SYNTAX = "&|!():*<->'\\\"-+^~@%_{}[].,;/"
SYNTAX_QUERIES = st.text(alphabet=SYNTAX + " ", min_size=1, max_size=40)
ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=200)
LONG_WORDS = st.builds(lambda char, n: char * n, st.sampled_from("aé字ßx"), st.integers(50, 200))
MIXED = st.lists(
    st.one_of(st.sampled_from(["harbour", "AND", "OR", "NOT", "NEAR", "<->", "!", ":*", "'", '"']), ANY_TEXT),
    min_size=1,
    max_size=6,
).map(" ".join)
QUERIES = st.one_of(SYNTAX_QUERIES, ANY_TEXT, LONG_WORDS, MIXED)


@pytest.mark.parametrize("path", ["/api/v2/search/", "/api/v2/search/suggest/"])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=QUERIES)
def test_any_query_gets_200_or_a_clear_400(client, demo_site, path, q):
    response = client.get(path, {"q": q})
    assert response.status_code in (200, 400), (q, response.content)
    if response.status_code == 400:
        assert response.json()["message"]


@pytest.mark.parametrize(
    "q",
    [
        "&",
        "|",
        "!",
        "(",
        ")",
        ":*",
        "<->",
        "'",
        "\\",
        "!!!",
        "()",
        "a & b | !c",
        "'harbour':*",
        "harbour <-> sunrise",
        "(harbour",
        "*",
        '""',
        '"',
        "NEAR(harbour sunrise)",
        "harbour*",
        "-harbour",
        "title:harbour",
        "{title}:harbour",
        "^harbour",
        "x" * 200,
        "é" * 200,
        "🙂" * 50,
        "\u200b",
        "\ue000",
    ],
)
def test_syntax_characters_are_words_or_nothing(client, demo_site, q):
    for path in ("/api/v2/search/", "/api/v2/search/suggest/"):
        response = client.get(path, {"q": q})
        assert response.status_code in (200, 400), (path, q, response.content)
