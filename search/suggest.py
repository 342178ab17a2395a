"""Title completions for search-as-you-type: public pages with a title word starting with each word typed.

PostgreSQL answers from a GIN index on the titles' unstemmed words (prefix
tsquery); SQLite, the embedded default for small sites, scans the titles' words.
Titles that start with the first word come first, then shorter titles.

One statement finds the completions, checks each page is live and public in the
site at that moment (the delivery store's rule, content.delivery.served), and
reads the sites epoch beside them: a caller whose site was resolved before a Site
changed learns it from the same answer, and resolves again.
"""

from django.db import connection
from wagtail.models import Page

from content.delivery.served import PUBLIC_IN_SITE, SITES_EPOCH, SiteRef, run_statement, statement_params
from content.serialization.visibility import path_below

from .models import SearchEntry
from .terms import WORD

MAX_SUGGESTIONS = 10
MAX_WORDS = 8
CANDIDATES = 1000  # titles matched at most; bounds the cost of a one-letter prefix
# The best-ranked candidates whose visibility is checked. Entries exist only for public pages,
# so only a site that is a small part of a larger install may see fewer than MAX_SUGGESTIONS.
OVERFETCH = 50

_ENTRY = SearchEntry._meta.db_table
_PAGE = Page._meta.db_table


def prefixes(q: str) -> list[str]:
    return [word.lower() for word in WORD.findall(q)][:MAX_WORDS]


def _match(words: list[str]) -> tuple[str, dict]:
    if connection.vendor == "postgresql":
        # Only letters and digits reach the tsquery text, so it cannot be malformed.
        prefix_query = " & ".join(f"'{word}':*" for word in words)
        # Through a scalar subquery, so that the plan does not depend on the words: PostgreSQL
        # then keeps one generic plan for the prepared statement instead of planning every call.
        match = "e.title_vector @@ (SELECT to_tsquery('simple', %(prefix_query)s))"
        return match, {"prefix_query": prefix_query}
    match = " AND ".join(f"e.title_words LIKE %(word_{n})s" for n in range(len(words)))
    return match, {f"word_{n}": f"% {word}%" for n, word in enumerate(words)}


# The candidates first (materialized: the GIN index, never a rescan per page), ranked, the best
# OVERFETCH of them then each checked by primary key for its visibility, and the sites epoch
# beside the answer, even an empty one.
_STATEMENT = f"""
    WITH c AS MATERIALIZED (
        SELECT x.page_id, x.title, x.title_words LIKE %(first)s AS starts, length(x.title) AS size
        FROM (SELECT e.page_id, e.title, e.title_words FROM {_ENTRY} e WHERE {{match}} LIMIT {CANDIDATES}) x
        ORDER BY starts DESC, size, x.title, x.page_id
        LIMIT {OVERFETCH}
    )
    SELECT ep.sites, m.id, m.title, m.url_path FROM (SELECT {SITES_EPOCH} AS sites) ep
    LEFT JOIN (
        SELECT p.id, p.title, p.url_path, c.starts, c.size, c.title AS entry_title
        FROM c JOIN {_PAGE} p ON p.id = c.page_id
        WHERE {PUBLIC_IN_SITE}
        ORDER BY c.starts DESC, c.size, c.title, p.id
        LIMIT {MAX_SUGGESTIONS}
    ) m ON 1 = 1
    ORDER BY m.starts DESC, m.size, m.entry_title, m.id
"""


def suggestions(words: list[str], site: SiteRef) -> list[tuple[int, str, str]] | None:
    """(id, title, path in the site) of up to MAX_SUGGESTIONS completions, best first.

    None when the sites changed since the caller resolved its site (resolve it again).
    """
    if not words:
        return []
    match, params = _match(words)
    rows = run_statement(
        _STATEMENT.format(match=match), statement_params(site, first=f" {words[0]}%", **params)
    )
    if rows[0][0] != site.sites_epoch:
        return None
    return [(pk, title, path_below(url_path, site.root_url_path)) for _, pk, title, url_path in rows if pk]
