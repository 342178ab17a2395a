"""Search on PostgreSQL: weighted tsvectors with GIN indexes, bounded candidates, rank and LIMIT in SQL.

Cost is bounded whatever the query matches. Candidates come from the GIN indexes
in order of promise (every word in the title, summary, tags or authors; every
word anywhere; any word in those; any word anywhere), at most RANKED_LIMIT of
them, and only those are ranked: a word in every page costs the same as a word
in a thousand. The candidates that are still public are ranked, cut to the
window and given a ts_headline snippet in one more query. The total is the
number of candidates: exact below the bound, "at least" at it.
"""

from django.db import connection
from django.db.models import QuerySet

from .found import RANKED_LIMIT, Found
from .snippets import GT, LT, START, STOP, marked
from .terms import Terms

HEADLINE_OPTIONS = (
    f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=15, ShortWord=3, "
    "MaxFragments=1, FragmentDelimiter=' … '"
)
# A snippet is cut from the first this many characters of summary and body (ts_headline reads them all).
SNIPPET_SOURCE = 4000
# ts_rank: 1 divides by 1 + log(length), so long bodies do not win by length alone.
NORMALISATION = 1


# A phrase is checked on the positions of at most this many pages holding all its words:
# without the bound, a phrase of two common words would read every page holding both.
PHRASE_EXAMINED = 500


def _queries(terms: Terms) -> tuple[str, list]:
    every = " && ".join(["phraseto_tsquery('english', %s)"] * len(terms.phrases))
    words = " && ".join(["plainto_tsquery('english', %s)"] * len(terms.words))
    some = " || ".join(["plainto_tsquery('english', %s)"] * len(terms.words))
    sql = f"SELECT ({every}) AS every, ({words}) AS words, ({some}) AS some"
    return sql, [*terms.phrases, *terms.words, *terms.words]


def _tiers(terms: Terms) -> list[tuple[str, str, str]]:
    """(vector, query, what an earlier tier already took): each tier is one GIN index scan."""
    tiers = [("head", "every", ""), ("document", "every", "e.head @@ q.every")]
    if len(terms.words) > 1:  # with one word, "any word" is "every word"
        tiers += [("head", "some", "e.head @@ q.every"), ("document", "some", "e.head @@ q.some")]
    return tiers


def _candidates(terms: Terms, pages: QuerySet | None, filtered: bool) -> tuple[list[tuple[int, int]], bool]:
    """Up to RANKED_LIMIT (page id, tier), best tiers first; and whether every match was reached."""
    query_sql, query_params = _queries(terms)
    only, only_params = "", []
    if filtered:  # a type or section: narrow inside each tier, so the bound counts only those
        public_sql, public_params = pages.values("pk").query.sql_with_params()
        only, only_params = f"AND e.page_id IN ({public_sql})", list(public_params)
    branches, params = [], [*query_params]
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
                f"(SELECT e.page_id, {tier} FROM ({examined}) e, q WHERE e.{vector} @@ q.every "
                f"LIMIT {RANKED_LIMIT})"
            )
        else:
            branches.append(
                f"(SELECT e.page_id, {tier} FROM search_searchentry e, q "
                f"WHERE e.{vector} @@ q.{query} {skip} {only} LIMIT {RANKED_LIMIT})"
            )
        params += only_params
    sql = f"""
        WITH q AS MATERIALIZED ({query_sql})
        SELECT * FROM ({" UNION ALL ".join(branches)}) tiers LIMIT {RANKED_LIMIT}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    first_tier = {}
    for page_id, tier in rows:
        first_tier.setdefault(page_id, tier)
    return list(first_tier.items()), len(rows) < RANKED_LIMIT


def _window_tiers(candidates: list[tuple[int, int]], offset: int, limit: int) -> tuple[list[int], int]:
    """The ids of the tiers the window reaches, and how many rows of earlier tiers it skips.

    Tiers are ordered, so only the pages of tiers that overlap the window need a rank.
    """
    sizes: dict[int, int] = {}
    for _, tier in candidates:
        sizes[tier] = sizes.get(tier, 0) + 1
    before, reached, skipped = 0, set(), 0
    for tier in sorted(sizes):
        after = before + sizes[tier]
        if after > offset and before < offset + limit:
            reached.add(tier)
        elif after <= offset:
            skipped = after
        before = after
    return [page_id for page_id, tier in candidates if tier in reached], skipped


def find(terms: Terms, pages: QuerySet | None, limit: int, offset: int, filtered: bool) -> Found:
    """The window [offset, offset + limit) of the ranked pages: in `pages` when filtered, else every entry.

    Entries exist only for live, public pages; results_json checks the window again.
    """
    candidates, complete = _candidates(terms, pages, filtered)
    found = Found(total=len(candidates), exact=complete)
    ranked_ids, skipped = _window_tiers(candidates, offset, limit)
    if not ranked_ids:
        return found
    tiers = dict(candidates)
    query_sql, query_params = _queries(terms)
    # Tiers 0 and 2 matched in the title, summary or keywords: their small vector ranks them
    # without reading the body's; tiers 1 and 3 matched in the body only.
    sql = f"""
        WITH q AS MATERIALIZED ({query_sql}),
        window_ids AS (SELECT * FROM unnest(%s::int[], %s::int[]) AS w (page_id, tier)),
        ranked AS (
            SELECT w.page_id, w.tier,
                   CASE WHEN w.tier IN (0, 2) THEN ts_rank(e.head, q.some, {NORMALISATION})
                        ELSE ts_rank(e.document, q.some, {NORMALISATION}) END AS score
            FROM window_ids w JOIN search_searchentry e ON e.page_id = w.page_id, q
            ORDER BY w.tier, score DESC, w.page_id
            LIMIT %s OFFSET %s
        )
        SELECT r.page_id,
               ts_headline('english', translate(left(e.summary || ' ' || e.body, {SNIPPET_SOURCE}), '<>', %s),
                           q.some, %s),
               e.summary, e.body
        FROM ranked r JOIN search_searchentry e ON e.page_id = r.page_id, q
        ORDER BY r.tier, r.score DESC, r.page_id
    """
    window = [ranked_ids, [tiers[page_id] for page_id in ranked_ids], limit, offset - skipped]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*query_params, *window, LT + GT, HEADLINE_OPTIONS])
        for page_id, headline, summary, body in cursor.fetchall():
            found.page_ids.append(page_id)
            found.snippets[page_id] = marked(headline, f"{summary} {body}")
    return found
