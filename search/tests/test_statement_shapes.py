"""PostgreSQL's search statement is built once per shape of terms (search/postgres.py shape): a
shape must build exactly the statement its terms would, whatever the words."""

from hypothesis import given, settings
from hypothesis import strategies as st

from search import postgres
from search.found import RANKED_LIMIT
from search.terms import parse

PIECES = st.sampled_from(
    ['"', " ", "harbour", "the", "a", "-", "of", "x", "2024", "é", '" "', "&|!():*<->'\\"]
)


@settings(max_examples=300, deadline=None)
@given(q=st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=40).map("".join))
def test_a_shape_builds_the_statement_of_its_terms(q):
    terms = parse(q)
    build = postgres._ranked_sql.__wrapped__  # the statement built afresh, not the cached one
    for only in ("", "AND e.page_id IN (SELECT 1)"):
        assert build(postgres.shape(terms), only, RANKED_LIMIT) == build(terms, only, RANKED_LIMIT)
    assert set(postgres.query_params(terms)) == set(postgres.query_params(postgres.shape(terms)))


def test_terms_of_one_shape_share_one_statement():
    assert postgres.ranked_sql(parse("harbour lights")) is postgres.ranked_sql(parse("granite meadow"))
    assert postgres.ranked_sql(parse('"harbour lights"')) != postgres.ranked_sql(parse("harbour lights"))
