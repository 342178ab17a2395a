"""PostgreSQL's tiers (search/postgres.py): every window equals the ranking computed from scratch, and a
tier the window does not need is never read."""

import json
import random

import pytest
from django.db import connection
from wagtail.models import Page

from search import postgres
from search.index import _write_vectors
from search.models import SearchEntry
from search.terms import parse
from site_config.testing.plans import plan_nodes

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the tiers are PostgreSQL's")

WORDS = ["harbour", "lantern", "orchard", "granite", "meadow", "copper"]


def scratch(q: str, only: list[int] | None = None) -> tuple[list[int], int]:
    """Every matching entry ranked without tiers, limits or laziness: (page ids in order, how many)."""
    terms = parse(q)
    query_sql, params = postgres._queries(terms), postgres.query_params(terms)
    narrowed = "AND e.page_id = ANY(%(only)s)" if only is not None else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""WITH q AS ({query_sql})
            SELECT e.page_id FROM (
                SELECT e.page_id,
                       CASE WHEN e.head @@ q.every THEN 0 WHEN e.document @@ q.every THEN 1
                            WHEN e.head @@ q.some THEN 2 ELSE 3 END AS tier,
                       e.head, e.document
                FROM search_searchentry e, q WHERE (e.document @@ q.some OR e.document @@ q.every) {narrowed}
            ) e, q
            ORDER BY e.tier,
                     CASE WHEN e.tier IN (0, 2) THEN ts_rank(e.head, q.some, 1)
                          ELSE ts_rank(e.document, q.some, 1) END DESC,
                     e.page_id""",  # noqa: S608 (the engine's tsqueries; every value a parameter)
            {**params, "only": only},
        )
        ranked = [page_id for (page_id,) in cursor.fetchall()]
    return ranked, len(ranked)


@pytest.fixture
def shuffled_entries(demo_site):
    """The demo pages' entries rewritten with words from a small vocabulary, so that every tier is
    full of pages and a page often matches several tiers."""
    chooser = random.Random(7)  # noqa: S311 (test data, not secrets)
    entries = list(SearchEntry.objects.all())
    assert len(entries) >= 20
    for entry in entries:
        entry.title = " ".join(chooser.sample(WORDS, chooser.randint(0, 2)))
        entry.summary = " ".join(chooser.sample(WORDS, chooser.randint(0, 1)))
        entry.keywords = ""
        entry.body = " ".join(chooser.choices(WORDS, k=chooser.randint(0, 12)))
    SearchEntry.objects.bulk_update(entries, ["title", "summary", "keywords", "body"])
    _write_vectors([entry.pk for entry in entries])
    return entries


def random_query(chooser: random.Random) -> str:
    """Words (70%), or a phrase of one to three words, sometimes with a stop word inside (which the
    pairs index cannot answer alone), and a word."""
    words = chooser.sample(WORDS, chooser.randint(1, 3))
    if chooser.random() < 0.7:
        return " ".join(words)
    if len(words) > 1 and chooser.random() < 0.3:
        words.insert(1, "the")
    return f'"{" ".join(words)}" {chooser.choice(WORDS)}'


@pytest.mark.parametrize("narrowed", [False, True], ids=["whole site", "narrowed"])
def test_every_window_is_the_ranking_from_scratch(shuffled_entries, narrowed):
    chooser = random.Random(11)  # noqa: S311 (test data, not secrets)
    ids = sorted(entry.pk for entry in shuffled_entries)
    only = ids[::2] if narrowed else None
    pages = Page.objects.filter(pk__in=only) if narrowed else None
    checked = 0
    for _ in range(120):
        q = random_query(chooser)
        ranked, total = scratch(q, only)
        limit, offset = chooser.randint(1, 8), chooser.randint(0, len(ranked) + 2)
        found = postgres.find(parse(q), pages, limit, offset, filtered=narrowed)
        assert (found.total, found.exact) == (total, True), q
        assert found.page_ids == ranked[offset : offset + limit], (q, limit, offset)
        checked += bool(found.page_ids)
    assert checked > 50  # most windows held pages


def test_at_the_bound_the_tiers_keep_their_order_and_the_total_says_at_least(shuffled_entries, monkeypatch):
    bound = 7
    monkeypatch.setattr(postgres, "RANKED_LIMIT", bound)
    chooser = random.Random(13)  # noqa: S311 (test data, not secrets)
    capped = 0
    for _ in range(80):
        q = random_query(chooser)
        ranked, total = scratch(q)
        whole = postgres.find(parse(q), None, bound, 0, filtered=False)
        assert (whole.total, whole.exact) == (min(total, bound), total < bound), q
        assert len(whole.page_ids) == min(total, bound) == len(set(whole.page_ids))
        # Pages of a tier cut at the bound are any of that tier's, but the tiers keep their order.
        position = {page_id: at for at, page_id in enumerate(ranked)}
        tiers = [tier_of(q, page_id) for page_id in whole.page_ids]
        assert tiers == sorted(tiers), q
        if total <= bound:
            assert whole.page_ids == ranked, q
        else:
            capped += 1
            assert all(page_id in position for page_id in whole.page_ids)
        offset = chooser.randint(0, bound - 1)
        window = postgres.find(parse(q), None, bound - offset, offset, filtered=False)
        assert window.page_ids == whole.page_ids[offset:], (q, offset)
    assert capped > 20


def tier_of(q: str, page_id: int) -> int:
    query_sql, params = postgres._queries(parse(q)), postgres.query_params(parse(q))
    with connection.cursor() as cursor:
        cursor.execute(
            f"""WITH q AS ({query_sql})
            SELECT CASE WHEN e.head @@ q.every THEN 0 WHEN e.document @@ q.every THEN 1
                        WHEN e.head @@ q.some THEN 2 ELSE 3 END
            FROM search_searchentry e, q WHERE e.page_id = %(page_id)s""",  # noqa: S608
            {**params, "page_id": page_id},
        )
        return cursor.fetchone()[0]


def test_the_total_is_never_below_the_pages_listed(shuffled_entries):
    # 32 stop words fill the words (which then match nothing); 31 more terms keep "harbour" in
    # the phrases. Through the API, a two-letter word instead of "harbour" fits in 200 characters.
    stop_words = (
        "a an the of to in is it on at by be as or if so no do me my we he up am them our you his her its"
    )
    q = f'"{stop_words} was are" ' + "harbour " * 31
    terms = parse(q)
    assert len(terms.words) == 32 and "harbour" not in terms.words and len(terms.phrases) == 32
    found = postgres.find(terms, None, 10, 0, filtered=False)
    assert found.page_ids, "pages with harbour"
    assert found.total >= len(found.page_ids)


def window_plan(q: str, limit: int) -> dict:
    """The executed plan (EXPLAIN ANALYZE) of the first window of q's ranking."""
    sql, params = postgres.ranked_window(parse(q))
    with connection.cursor() as cursor:
        cursor.execute(
            f"EXPLAIN (ANALYZE, FORMAT JSON) {sql} SELECT * FROM ranked, counted",  # noqa: S608
            {**params, "limit": limit, "offset": 0},
        )
        plan = cursor.fetchone()[0]
    plan = plan if isinstance(plan, list) else json.loads(plan)
    return plan[0]["Plan"]


def test_a_body_tier_is_not_read_when_the_head_tier_fills_the_window(shuffled_entries):
    in_head = SearchEntry.objects.filter(title__contains="harbour").count()
    assert in_head >= 3
    body_tier = [
        node for node in plan_nodes(window_plan("harbour", limit=2)) if node.get("Subplan Name") == "CTE t1"
    ]
    assert body_tier, "the body tier is in the plan"
    scans = [node for node in plan_nodes(body_tier[0]) if node.get("Relation Name") == "search_searchentry"]
    assert scans, "the body tier reads the entries"
    assert all(node["Actual Loops"] == 0 for node in scans), json.dumps(body_tier[0], indent=1)


def document_index_reads(plan: dict) -> int:
    return sum(
        node["Actual Loops"]
        for node in plan_nodes(plan)
        if node.get("Index Name") == "search_entry_document_gin"
    )


def test_a_word_many_entries_hold_bounds_the_total_without_reading_its_posting_list(
    shuffled_entries, monkeypatch
):
    """With the window filled from the titles, the total of a word that more entries hold than the
    bound is "at least the bound" from the lexeme counts (search/lexemes.py): the body vectors'
    index is not read. A bound above the word's count counts from that index, exactly."""
    in_head = SearchEntry.objects.filter(head="harbour").count()
    holding = SearchEntry.objects.filter(document="harbour").count()
    assert 3 <= in_head < holding
    monkeypatch.setattr(postgres, "RANKED_LIMIT", in_head + 1)
    assert document_index_reads(window_plan("harbour", limit=2)) == 0
    found = postgres.find(parse("harbour"), None, 2, 0, filtered=False)
    assert (found.total, found.exact) == (in_head + 1, False)

    monkeypatch.setattr(postgres, "RANKED_LIMIT", holding + 1)
    assert document_index_reads(window_plan("harbour", limit=2)) > 0
    found = postgres.find(parse("harbour"), None, 2, 0, filtered=False)
    assert (found.total, found.exact) == (holding, True)


def test_every_entry_holds_the_pairs_of_its_document(shuffled_entries):
    """The trigger keeps word_pairs in step with each write of document (derived data: equal to
    the pairs computed again from the vector)."""
    written = SearchEntry.objects.exclude(document=None).count()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM search_searchentry "
            "WHERE word_pairs IS DISTINCT FROM search_word_pairs(document)"
        )
        assert cursor.fetchone()[0] == 0
    assert written >= 20


@pytest.fixture
def phrases_in_bodies(shuffled_entries):
    """Bodies of three words in random orders, titles and summaries without them: every phrase of
    those words is a body tier's."""
    chooser = random.Random(17)  # noqa: S311 (test data, not secrets)
    body_words = WORDS[:3]
    for entry in shuffled_entries:
        entry.title = entry.summary = "copper"
        entry.body = " ".join(chooser.choices(body_words, k=chooser.randint(2, 8)))
    SearchEntry.objects.bulk_update(shuffled_entries, ["title", "summary", "body"])
    _write_vectors([entry.pk for entry in shuffled_entries])
    return body_words


def test_a_two_word_phrase_is_found_on_every_page_that_holds_it(phrases_in_bodies, monkeypatch):
    # Positions are read for one page at most: a two-word phrase needs none (the pairs index).
    monkeypatch.setattr(postgres, "PHRASE_EXAMINED", 1)
    chooser = random.Random(19)  # noqa: S311 (test data, not secrets)
    for _ in range(40):
        first, second = chooser.choices(phrases_in_bodies, k=2)
        word = chooser.choice(phrases_in_bodies) if chooser.random() < 0.5 else ""
        q = f'"{first} {second}" {word}'.strip()
        ranked, total = scratch(q)
        found = postgres.find(parse(q), None, 100, 0, filtered=False)
        assert (found.page_ids, found.total) == (ranked, total), q
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM search_searchentry WHERE document @@ phraseto_tsquery('english', %s)",
                [f"{first} {second}"],
            )
            holding = cursor.fetchone()[0]
        assert holding > 1, "more pages hold the phrase than the bound lets be examined"


def test_a_two_word_phrase_reads_no_body_vector(phrases_in_bodies):
    plan = window_plan('"harbour lantern"', limit=100)
    body_tier = next(node for node in plan_nodes(plan) if node.get("Subplan Name") == "CTE t1")
    nodes = list(plan_nodes(body_tier))
    # The pages come from word_pairs (by its index, or a scan of a table as small as this one's).
    conditions = ("Index Cond", "Recheck Cond", "Filter", "Join Filter")
    from_pairs = [node for node in nodes if "word_pairs" in " ".join(node.get(c, "") for c in conditions)]
    assert any(node["Actual Rows"] for node in from_pairs), json.dumps(body_tier, indent=1)
    # The branch that checks positions (its filter reads `document`) never reads an entry.
    checking = [node for node in nodes if "document" in node.get("Filter", "") + node.get("Join Filter", "")]
    assert checking, json.dumps(body_tier, indent=1)
    read = [node for node in plan_nodes(checking[0]) if node.get("Relation Name") == "search_searchentry"]
    assert read, "the checking branch reads the entries"
    assert all(node["Actual Loops"] == 0 for node in read), json.dumps(body_tier, indent=1)


PAIR_FUNCTIONS = (
    "search_word_pairs",
    "search_all_of",
    "search_pairs_query",
    "search_pairs_alone",
    "search_pairs_exact",
)
PAIR_PHRASES = [
    ["water book"],
    ["water book", "old harbour wall"],
    ["the harbour"],
    ["harbour of the town"],
    ["harbour"],
    ["harbour", "copper lantern"],
    ["it's o\\k", "e-mail address"],
    ["the"],
    [""],
    ["'; DROP TABLE x; --", "a & b | !c"],
]


@pytest.fixture
def functions_as_written_in_sql(db):
    """Migration 0004's SQL functions, as pg_temp.sql_search_…: what the PL/pgSQL ones replaced."""
    from importlib import import_module

    written = import_module("search.migrations.0004_word_pairs").POSTGRES
    with connection.cursor() as cursor:
        for statement in written:
            if statement.startswith("CREATE FUNCTION search_") and "RETURNS trigger" not in statement:
                for name in PAIR_FUNCTIONS:
                    statement = statement.replace(f"{name}(", f"pg_temp.sql_{name}(")
                cursor.execute(statement)


def test_the_pair_functions_run_as_planned_statements_and_answer_as_before(functions_as_written_in_sql):
    """PL/pgSQL keeps the functions' plans for the connection (SQL functions planned at every call);
    for phrases of every kind they answer exactly as the SQL ones did."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.proname, l.lanname FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang "
            "WHERE p.proname = ANY(%s)",
            [list(PAIR_FUNCTIONS)],
        )
        assert dict(cursor.fetchall()) == dict.fromkeys(PAIR_FUNCTIONS, "plpgsql")
        every_answer = []
        for phrases in PAIR_PHRASES:
            answers = []
            for prefix in ("", "pg_temp.sql_"):
                cursor.execute(
                    f"SELECT {prefix}search_pairs_query('english', %(p)s::text[])::text, "
                    f"{prefix}search_pairs_alone('english', %(p)s::text[])::text, "
                    f"{prefix}search_pairs_exact('english', %(p)s::text[]), "
                    f"{prefix}search_word_pairs("
                    f"to_tsvector('english', array_to_string(%(p)s::text[], ' ')))::text",
                    {"p": phrases},
                )
                answers.append(cursor.fetchone())
            assert answers[0] == answers[1], phrases
            every_answer.append(answers[0])
    # The phrases reach every kind of answer: pairs and lone lexemes found, phrases they do not say all of.
    queries, alone, exact, _ = zip(*every_answer, strict=True)
    assert any(queries) and any(alone) and True in exact and False in exact


def test_a_written_body_and_its_vectors_are_compressed_with_lz4(shuffled_entries):
    with connection.cursor() as cursor:
        setting = "default_toast_compression"
        cursor.execute("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = %s", [setting])
        if not cursor.fetchone()[0]:  # a server built without it
            pytest.skip("this PostgreSQL was built without lz4")
    chooser = random.Random(3)  # noqa: S311 (test data, not secrets)
    vocabulary = ["".join(chooser.choices("abcdefghij", k=7)) for _ in range(400)]
    entry = shuffled_entries[0]
    entry.body = " ".join(chooser.choices(vocabulary, k=3000))  # a vector too large to keep in the row
    entry.save(update_fields=["body"])
    _write_vectors([entry.pk])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_compression(body), pg_column_compression(document), "
            "pg_column_compression(word_pairs) FROM search_searchentry WHERE page_id = %s",
            [entry.pk],
        )
        body, document, pairs = cursor.fetchone()
    assert (body, document) == ("lz4", "lz4")
    assert pairs in ("lz4", None)  # a few pairs stay small enough to be stored as they are
