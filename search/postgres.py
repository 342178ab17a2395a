"""Search on PostgreSQL: weighted tsvectors with GIN indexes, bounded candidates, rank and LIMIT in one query.

Cost is bounded whatever the query matches: candidates are taken from the GIN
indexes in order of promise (every word in the title, summary, tags or authors;
every word anywhere; any word in those; any word anywhere) and at most
RANKED_LIMIT of them are ranked, so a word in every page costs the same as a
word in a thousand. ts_headline runs on the returned window only, and the total
is counted up to the same bound.
"""

from django.db import connection
from django.db.models import QuerySet

from .found import RANKED_LIMIT, Found
from .snippets import START, STOP, marked
from .terms import Terms

HEADLINE_OPTIONS = (
    f"StartSel={START}, StopSel={STOP}, MaxWords=30, MinWords=15, ShortWord=3, "
    "MaxFragments=1, FragmentDelimiter=' … '"
)
# ts_rank: 1 divides by 1 + log(length), so long bodies do not win by length alone.
NORMALISATION = 1


def _queries(terms: Terms) -> tuple[str, list]:
    every = " && ".join(["phraseto_tsquery('english', %s)"] * len(terms.phrases))
    some = " || ".join(["plainto_tsquery('english', %s)"] * len(terms.words))
    return f"SELECT ({every}) AS every, ({some}) AS some", [*terms.phrases, *terms.words]


def _candidates(filtered: bool) -> str:
    """Up to RANKED_LIMIT entries, the most promising tiers first; each tier is one GIN index scan."""
    only = "AND e.page_id IN (SELECT id FROM public)" if filtered else ""
    tiers = [
        ("head", "every"),
        ("document", "every"),
        ("head", "some"),
        ("document", "some"),
    ]
    branches = " UNION ALL ".join(
        f"(SELECT e.page_id FROM search_searchentry e, q WHERE e.{vector} @@ q.{query} {only} "
        f"LIMIT {RANKED_LIMIT})"
        for vector, query in tiers
    )
    return f"SELECT DISTINCT page_id FROM (SELECT page_id FROM ({branches}) tiers LIMIT {RANKED_LIMIT}) c"


def find(terms: Terms, pages: QuerySet, limit: int, offset: int, filtered: bool) -> Found:
    """The window [offset, offset + limit) of the ranked live, public pages in `pages`."""
    query_sql, query_params = _queries(terms)
    public_sql, public_params = pages.values("pk").query.sql_with_params()
    ranked = f"""
        WITH q AS MATERIALIZED ({query_sql}),
        public AS MATERIALIZED ({public_sql}),
        candidates AS ({_candidates(filtered)}),
        ranked AS (
            SELECT e.page_id,
                   e.document @@ q.every AS every_hit,
                   e.head @@ q.every AS head_hit,
                   ts_rank(e.document, q.some, {NORMALISATION}) AS score
            FROM candidates c JOIN search_searchentry e ON e.page_id = c.page_id, q
            WHERE c.page_id IN (SELECT id FROM public)
            ORDER BY every_hit DESC, head_hit DESC, score DESC, e.page_id
            LIMIT %s OFFSET %s
        )
        SELECT r.page_id, ts_headline('english', e.summary || ' ' || e.body, q.some, %s), e.summary, e.body
        FROM ranked r JOIN search_searchentry e ON e.page_id = r.page_id, q
        ORDER BY r.every_hit DESC, r.head_hit DESC, r.score DESC, r.page_id
    """
    only = "AND e.page_id IN (SELECT id FROM public)"
    count = f"""
        WITH q AS MATERIALIZED ({query_sql}), public AS MATERIALIZED ({public_sql})
        SELECT count(*) FROM (
            SELECT 1 FROM search_searchentry e, q WHERE e.document @@ q.some {only} LIMIT {RANKED_LIMIT}
        ) matches
    """
    found = Found()
    with connection.cursor() as cursor:
        cursor.execute(ranked, [*query_params, *public_params, limit, offset, HEADLINE_OPTIONS])
        for page_id, headline, summary, body in cursor.fetchall():
            found.page_ids.append(page_id)
            found.snippets[page_id] = marked(headline, f"{summary} {body}")
        cursor.execute(count, [*query_params, *public_params])
        found.total = cursor.fetchone()[0]
    return found
