"""PostgreSQL: how many entries hold each lexeme of the entries' vectors, so a search's total can stop at
the bound without reading a long posting list.

A search reports how many pages hold any of its words, counted up to RANKED_LIMIT
(search/postgres.py). Counted from the GIN index, a common word costs its whole
posting list (several thousand page ids for a word in half the pages) before the
count can stop. With this table, a word that is one lexeme held by RANKED_LIMIT
entries or more makes the total "at least RANKED_LIMIT" at once; otherwise every
posting list is short and the index counts them.

Derived data, kept by the indexer in the same transaction as the entries: an entry
written adds its vector's lexemes, an entry removed takes them away. Equal, after
any sequence of changes, to PostgreSQL's own ts_stat() over the entries
(content/tests/test_delivery_oracle.py). SQLite has no table: FTS5 counts itself.
"""

from collections import Counter
from collections.abc import Iterable

from django.db import connection

from .models import SearchLexeme

TABLE = SearchLexeme._meta.db_table

# The lexemes of these entries' vectors and how many of the entries hold each.
_COUNTED = """
    SELECT lexeme, count(*)::int AS pages
    FROM search_searchentry e, unnest(tsvector_to_array(e.document)) AS lexeme
    WHERE e.page_id = ANY(%(ids)s) GROUP BY lexeme
"""

_LOCKED = "SELECT 1 FROM search_searchentry WHERE page_id = ANY(%(ids)s) ORDER BY page_id FOR UPDATE"

# Moves each count by what leaves (%(left)s, %(left_counts)s) and what the entries hold now.
# Rows in lexeme order, so that two writers lock the rows they share in one order.
_MOVE = f"""
    INSERT INTO {TABLE} (lexeme, pages)
    SELECT lexeme, sum(pages)::int FROM (
        SELECT * FROM unnest(%(left)s::text[], %(left_counts)s::int[]) AS l(lexeme, pages)
        UNION ALL {_COUNTED}
    ) moved GROUP BY lexeme HAVING sum(pages) <> 0 ORDER BY lexeme
    ON CONFLICT (lexeme) DO UPDATE SET pages = {TABLE}.pages + excluded.pages
"""


class Leaving:
    """The lexeme counts of entries that leave: those rewritten in place, or those deleted."""

    def __init__(self, counts: Counter | None = None):
        counts = counts or Counter()
        self.lexemes: list[str] = sorted(counts)
        self.counts: list[int] = [-counts[lexeme] for lexeme in self.lexemes]

    @classmethod
    def held_now(cls, page_ids: Iterable[int]) -> "Leaving":
        """The counts of the vectors these entries hold now, their rows locked first, so that the
        vectors cannot change before they are rewritten."""
        ids = sorted(page_ids)
        if connection.vendor != "postgresql" or not ids:
            return cls()
        with connection.cursor() as cursor:
            cursor.execute(_LOCKED, {"ids": ids})
            cursor.execute(_COUNTED, {"ids": ids})
            return cls(Counter(dict(cursor.fetchall())))


def move(leaving: Leaving, written_ids: Iterable[int]) -> None:
    """Take away what left and add what the entries `written_ids` hold now, in one statement."""
    ids = list(written_ids)
    if connection.vendor != "postgresql" or not (ids or leaving.lexemes):
        return
    with connection.cursor() as cursor:
        cursor.execute(_MOVE, {"left": leaving.lexemes, "left_counts": leaving.counts, "ids": ids})
        if leaving.lexemes:
            cursor.execute(f"DELETE FROM {TABLE} WHERE lexeme = ANY(%s) AND pages <= 0", [leaving.lexemes])


def clear() -> None:
    SearchLexeme.objects.all().delete()


def common(words_sql: str, bound: int) -> str:
    """SQL: whether one of the words (a text[] expression) is a single lexeme that `bound` entries or
    more hold, so that at least `bound` entries hold one of the words."""
    return f"""EXISTS (
        SELECT FROM unnest({words_sql}) AS w(word)
        CROSS JOIN tsvector_to_array(to_tsvector('english', w.word)) AS x(lexemes)
        JOIN {TABLE} l ON l.lexeme = x.lexemes[1]
        WHERE cardinality(x.lexemes) = 1 AND l.pages >= {bound}
    )"""
