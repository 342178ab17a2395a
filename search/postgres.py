"""Search on PostgreSQL: weighted tsvectors with GIN indexes, bounded candidates, rank and LIMIT in SQL.

Cost is bounded whatever the query matches. Candidates come from the GIN indexes
in order of promise (every word in the title, summary, tags or authors; every
word anywhere; any word in those; any word anywhere), at most RANKED_LIMIT of
them, and only those of the tiers the window reaches are ranked. One statement
does all of it and reads the window's text; the snippets are cut in Python
(snippets.py). The total is the number of candidates: exact below the bound,
"at least" at it.
"""

import re

from django.db.models import QuerySet

from content.delivery.served import run_statement

from .found import RANKED_LIMIT, Found
from .snippets import highlight
from .terms import Terms

# ts_rank: 1 divides by 1 + log(length), so long bodies do not win by length alone.
NORMALISATION = 1

# A phrase is checked on the positions of at most this many pages holding all its words:
# without the bound, a phrase of two common words would read every page holding both.
PHRASE_EXAMINED = 500


def _queries(terms: Terms) -> tuple[str, dict]:
    """The tsqueries of the terms: every phrase, every word, any word."""
    phrases = {f"phrase_{n}": phrase for n, phrase in enumerate(terms.phrases)}
    words = {f"word_{n}": word for n, word in enumerate(terms.words)}
    every = " && ".join(f"phraseto_tsquery('english', %({name})s)" for name in phrases)
    all_words = " && ".join(f"plainto_tsquery('english', %({name})s)" for name in words)
    some = " || ".join(f"plainto_tsquery('english', %({name})s)" for name in words)
    return f"SELECT ({every}) AS every, ({all_words}) AS words, ({some}) AS some", phrases | words


def _tiers(terms: Terms) -> list[tuple[str, str, str]]:
    """(vector, query, what an earlier tier already took): each tier is one GIN index scan."""
    tiers = [("head", "every", ""), ("document", "every", "e.head @@ q.every")]
    if len(terms.words) > 1:  # with one word, "any word" is "every word"
        tiers += [("head", "some", "e.head @@ q.every"), ("document", "some", "e.head @@ q.some")]
    return tiers


def _branches(terms: Terms, only: str) -> str:
    """Each tier's candidates, best tiers first, each tier at most RANKED_LIMIT."""
    branches = []
    phrased = len(terms.phrases) < len(terms.words)
    for tier, (vector, query, taken) in enumerate(_tiers(terms)):
        skip = f"AND NOT ({taken})" if taken else ""
        if query == "every" and phrased:
            # The GIN index finds pages with all the words; positions are read for a bounded few.
            examined = (
                f"SELECT e.* FROM search_searchentry e, q WHERE e.{vector} @@ q.words {skip} {only} "
                f"LIMIT {PHRASE_EXAMINED}"
            )
            branches.append(
                f"(SELECT e.page_id, {tier} AS tier FROM ({examined}) e, q WHERE e.{vector} @@ q.every "
                f"LIMIT {RANKED_LIMIT})"
            )
        else:
            branches.append(
                f"(SELECT e.page_id, {tier} AS tier FROM search_searchentry e, q "
                f"WHERE e.{vector} @@ q.{query} {skip} {only} LIMIT {RANKED_LIMIT})"
            )
    return " UNION ALL ".join(branches)


def ranked_window(terms: Terms, only: str = "") -> tuple[str, dict]:
    """WITH clauses ending in `ranked` (page_id, tier, score: the window, in order) and `counted`
    (reached: candidate rows read, total: distinct pages), and their parameters.

    Tiers are ordered, so only the candidates of tiers that overlap the window
    [%(offset)s, %(offset)s + %(limit)s) need a rank; the rows of earlier tiers are skipped
    by count. `only` narrows every tier (AND e.page_id IN (...)).
    """
    query_sql, params = _queries(terms)
    # Tiers 0 and 2 matched in the title, summary or keywords: their small vector ranks them
    # without reading the body's; tiers 1 and 3 matched in the body only.
    sql = f"""
        WITH q AS MATERIALIZED ({query_sql}),
        t AS MATERIALIZED (SELECT * FROM ({_branches(terms, only)}) tiers LIMIT {RANKED_LIMIT}),
        c AS MATERIALIZED (SELECT page_id, min(tier) AS tier FROM t GROUP BY page_id),
        sizes AS (
            SELECT tier, count(*) AS n, sum(count(*)) OVER (ORDER BY tier) - count(*) AS before
            FROM c GROUP BY tier
        ),
        reach AS (
            SELECT tier, before FROM sizes
            WHERE before + n > %(offset)s AND before < %(offset)s + %(limit)s
        ),
        ranked AS (
            SELECT c.page_id, c.tier,
                   CASE WHEN c.tier IN (0, 2) THEN ts_rank(e.head, q.some, {NORMALISATION})
                        ELSE ts_rank(e.document, q.some, {NORMALISATION}) END AS score
            FROM c JOIN reach r ON r.tier = c.tier JOIN search_searchentry e ON e.page_id = c.page_id, q
            ORDER BY c.tier, score DESC, c.page_id
            LIMIT %(limit)s OFFSET %(offset)s - (SELECT coalesce(min(before), 0) FROM reach)::int
        ),
        counted AS (SELECT (SELECT count(*) FROM t) AS reached, (SELECT count(*) FROM c) AS total)
    """
    return sql, params


def found_from(rows: list[tuple], query: str) -> Found:
    """Found from rows of (reached, total, page_id, summary, body), a row with no page_id when none."""
    reached, total = rows[0][:2] if rows else (0, 0)
    found = Found(total=total, exact=reached < RANKED_LIMIT)
    for _, _, page_id, summary, body in rows:
        if page_id is not None:
            found.page_ids.append(page_id)
            found.snippets[page_id] = highlight(f"{summary} {body}".strip(), query)
    return found


def find(terms: Terms, pages: QuerySet | None, limit: int, offset: int, filtered: bool) -> Found:
    """The window [offset, offset + limit) of the ranked pages: in `pages` when filtered, else every entry.

    Entries exist only for live, public pages; results_json checks the window again.
    """
    only, only_params = "", {}
    if filtered:  # a type or section: narrow inside each tier, so the bound counts only those
        public_sql, public_params = pages.values("pk").query.sql_with_params()
        only_sql, only_params = named(public_sql, public_params, "only")
        only = f"AND e.page_id IN ({only_sql})"
    window_sql, params = ranked_window(terms, only)
    sql = f"""{window_sql}
        SELECT k.reached, k.total, r.page_id, e.summary, e.body
        FROM counted k LEFT JOIN (ranked r JOIN search_searchentry e ON e.page_id = r.page_id) ON true
        ORDER BY r.tier, r.score DESC, r.page_id
    """
    rows = run_statement(sql, {**params, **only_params, "limit": limit, "offset": offset})
    return found_from(rows, " ".join(terms.words))


_PLACEHOLDER = re.compile(r"%%|%s")


def named(sql: str, params, prefix: str) -> tuple[str, dict]:
    """Django's SQL with positional %s parameters, as SQL with named ones (%% stays)."""
    names = iter(range(len(params)))

    def name(match: re.Match) -> str:
        return "%%" if match.group() == "%%" else f"%({prefix}_{next(names)})s"

    return _PLACEHOLDER.sub(name, sql), {f"{prefix}_{n}": value for n, value in enumerate(params)}
