"""Title completions for search-as-you-type: public pages with a title word starting with each word typed.

PostgreSQL answers from a GIN index on the titles' unstemmed words (prefix
tsquery); SQLite, the embedded default for small sites, scans the titles' words.
Titles that start with the first word come first, then shorter titles.
"""

from django.db import connection
from django.db.models import QuerySet

from .terms import WORD

MAX_SUGGESTIONS = 10
MAX_WORDS = 8
CANDIDATES = 1000  # titles ordered at most; bounds the cost of a one-letter prefix
OVERFETCH = 50  # completions read before the visibility check keeps MAX_SUGGESTIONS


def prefixes(q: str) -> list[str]:
    return [word.lower() for word in WORD.findall(q)][:MAX_WORDS]


def suggest(words: list[str], pages: QuerySet) -> list[int]:
    """Ids of up to MAX_SUGGESTIONS pages whose titles complete the words, best first."""
    if not words:
        return []
    if connection.vendor == "postgresql":
        # Only letters and digits reach the tsquery text, so it cannot be malformed.
        prefix_query = " & ".join(f"'{word}':*" for word in words)
        match, params = "e.title_vector @@ to_tsquery('simple', %s)", [prefix_query]
    else:
        match = " AND ".join(["e.title_words LIKE %s"] * len(words))
        params = [f"% {word}%" for word in words]
    sql = f"""
        SELECT page_id FROM (
            SELECT e.page_id, e.title, e.title_words FROM search_searchentry e
            WHERE {match} LIMIT {CANDIDATES}
        ) c
        ORDER BY c.title_words LIKE %s DESC, length(c.title), c.title, c.page_id
        LIMIT {OVERFETCH}
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, f" {words[0]}%"])
        ids = [row[0] for row in cursor.fetchall()]
    # Entries exist only for public pages; the check by primary key also keeps to the request's site.
    visible = set(pages.filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    return [pk for pk in ids if pk in visible][:MAX_SUGGESTIONS]
