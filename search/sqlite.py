"""Search on SQLite, the embedded default: FTS5 with the Porter stemmer, ranked by bm25().

Every term reaches FTS5 as a quoted string, so no input is query syntax. The
ranking is the same as on PostgreSQL: pages with every word first, then those
with every word in the title, summary, tags or authors, then bm25 with the title
weighted above the summary, the keywords and the body.
"""

from django.db import connection
from django.db.models import QuerySet

from .found import RANKED_LIMIT, Found
from .models import SearchEntry
from .snippets import highlight
from .terms import Terms

# bm25 weights of the FTS5 columns: title, summary, keywords, body.
WEIGHTS = "10.0, 4.0, 2.0, 1.0"
HEAD_COLUMNS = "{title summary keywords}"


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def match_expressions(terms: Terms) -> tuple[str, str, str]:
    """FTS5 queries: every term (phrases kept), every term in the head columns, any word."""
    every = " AND ".join(_quoted(phrase) for phrase in terms.phrases)
    some = " OR ".join(_quoted(word) for word in terms.words)
    return every, f"{HEAD_COLUMNS} : ({every})", some


def find(terms: Terms, pages: QuerySet, limit: int, offset: int, filtered: bool) -> Found:
    every, head_every, some = match_expressions(terms)
    public_sql, public_params = pages.values("pk").query.sql_with_params()
    ranked = f"""
        SELECT rowid FROM search_fts
        WHERE search_fts MATCH %s AND rowid IN ({public_sql})
        ORDER BY rowid IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s) DESC,
                 rowid IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s) DESC,
                 bm25(search_fts, {WEIGHTS}), rowid
        LIMIT %s OFFSET %s
    """
    count = f"""
        SELECT count(*) FROM (
            SELECT 1 FROM search_fts WHERE search_fts MATCH %s AND rowid IN ({public_sql})
            LIMIT {RANKED_LIMIT}
        )
    """
    found = Found()
    with connection.cursor() as cursor:
        cursor.execute(ranked, [some, *public_params, every, head_every, limit, offset])
        found.page_ids = [row[0] for row in cursor.fetchall()]
        cursor.execute(count, [some, *public_params])
        found.total = cursor.fetchone()[0]
        found.exact = found.total < RANKED_LIMIT
    texts = SearchEntry.objects.filter(pk__in=found.page_ids).values_list("pk", "summary", "body")
    query = " ".join(terms.words)
    found.snippets = {pk: highlight(f"{summary} {body}".strip(), query) for pk, summary, body in texts}
    return found
