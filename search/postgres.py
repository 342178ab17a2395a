"""Search on PostgreSQL: weighted tsvectors with GIN indexes, bounded candidates, rank and LIMIT in SQL.

Cost is bounded whatever the query matches. Candidates come from the GIN indexes
in tiers, in order of promise (every word in the title, summary, tags or authors;
every word anywhere; any word in those; any word anywhere), at most RANKED_LIMIT
of them. A tier is read only when the earlier ones leave part of the window
empty; a body tier is ranked only when the window reaches it. One statement
does all of it and reads the window's text; the snippets are cut in Python
(snippets.py). The total is counted apart, to the bound, from the indexes:
exact below it, "at least" at it.
"""

import functools
import re

from django.db.models import QuerySet

from content.delivery.served import run_statement

from . import lexemes
from .found import RANKED_LIMIT, Found
from .snippets import highlight
from .terms import Terms

# ts_rank: 1 divides by 1 + log(length), so long bodies do not win by length alone.
NORMALISATION = 1

# A phrase the pairs index cannot answer (three words or more, a stop word inside; and any phrase
# in the title, summary, tags or authors) is checked on the positions of at most this many pages
# holding its words: without the bound, a phrase of common words would read every page holding them.
PHRASE_EXAMINED = 500


def _queries(terms: Terms) -> str:
    """The tsqueries of the terms: every phrase, every word, any word; and for a query with a
    phrase, the adjacent pairs its pages hold (`pairs`, for word_pairs; NULL if none), the lexemes
    of its one-lexeme terms (`alone`; NULL if none) and whether holding both is matching every
    phrase (`paired`: no phrase longer than two words or with a stop word inside)."""
    phrases, words = _phrase_params(terms), _word_params(terms)
    every = " && ".join(f"phraseto_tsquery('english', %({name})s)" for name in phrases)
    all_words = " && ".join(f"plainto_tsquery('english', %({name})s)" for name in words)
    some = " || ".join(f"plainto_tsquery('english', %({name})s)" for name in words)
    listed_words = f"ARRAY[{', '.join(f'%({name})s' for name in words)}]::text[]"
    sql = (
        f"SELECT ({every}) AS every, ({all_words}) AS words, ({some}) AS some, "
        f"{lexemes.common(listed_words, RANKED_LIMIT)} AS common"
    )
    if _phrased(terms):
        listed = f"ARRAY[{', '.join(f'%({name})s' for name in phrases)}]::text[]"
        sql += (
            f", search_pairs_query('english', {listed}) AS pairs,"
            f" search_pairs_alone('english', {listed}) AS alone,"
            f" search_pairs_exact('english', {listed}) AS paired"
        )
    return sql


def _phrase_params(terms: Terms) -> dict[str, str]:
    return {f"phrase_{n}": phrase for n, phrase in enumerate(terms.phrases)}


def _word_params(terms: Terms) -> dict[str, str]:
    return {f"word_{n}": word for n, word in enumerate(terms.words)}


def query_params(terms: Terms) -> dict[str, str]:
    """The parameters of ranked_sql's statement for these terms."""
    return _phrase_params(terms) | _word_params(terms)


def _phrased(terms: Terms) -> bool:
    """Whether a term holds several words: a phrase, whose positions matter."""
    return any(" " in phrase for phrase in terms.phrases)


def _tiers(terms: Terms) -> list[tuple[str, str, str]]:
    """(vector, query, what keeps the tier apart from the earlier ones): each tier is one GIN index scan.

    The tiers share no page: a page is in the first tier it matches. A page of the second
    tier may also match the third or the fourth, so those leave out the second's pages.
    """
    tiers = [("head", "every", ""), ("document", "every", "NOT (e.head @@ q.every)")]
    if len(terms.words) > 1:  # with one word, "any word" is "every word"
        apart = "NOT (e.head @@ q.every) AND e.page_id NOT IN (SELECT page_id FROM t1)"
        tiers += [("head", "some", apart), ("document", "some", apart.replace("q.every", "q.some"))]
    return tiers


def _read(tier: int) -> str:
    """How many candidates the tiers before `tier` found: `read{tier}`, their running count, in
    which each tier is counted once however often the statement asks."""
    return f"(SELECT n FROM read{tier})" if tier else "0"


def _counted_after(tier: int) -> str:
    """The CTE `read{tier + 1}`: the running count of candidates up to and including `tier`."""
    return f"read{tier + 1} AS MATERIALIZED (SELECT {_read(tier)} + (SELECT count(*) FROM t{tier}) AS n)"


def _tier(terms: Terms, tier: int, kind: tuple[str, str, str], only: str) -> str:
    """A tier's candidates, `t{tier}`: read only when the tiers before it do not fill the window,
    and at most what is left of RANKED_LIMIT. A head tier's rank comes with it (the small head
    vector is in the row); a body tier keeps its vector's pointer, ranked only if the window
    reaches the tier."""
    vector, query, apart = kind
    before = _read(tier)
    when = f"{before} < %(offset)s + %(limit)s AND" if tier else ""
    conditions = f"{when} e.{vector} @@ q.{query} {'AND ' + apart if apart else ''} {only}"
    kept = f"ts_rank(e.head, q.some, {NORMALISATION}) AS score" if vector == "head" else "e.document"
    columns = f"e.page_id, {kept}"
    left = f"LIMIT {RANKED_LIMIT} - ({before})" if tier else f"LIMIT {RANKED_LIMIT}"
    if query == "every" and _phrased(terms):
        matched = f"e.{vector} @@ q.every"
        if vector == "head":  # the GIN index finds pages with all the words; their small heads are checked
            having = conditions.replace(matched, f"e.{vector} @@ q.words", 1)
            examined = f"SELECT e.* FROM search_searchentry e, q WHERE {having} LIMIT {PHRASE_EXAMINED}"
            return f"SELECT {columns} FROM ({examined}) e, q WHERE {matched} {left}"
        # The body, by what the phrases are (one branch runs). Two adjacent words: from the pairs,
        # and the one-word terms' lexemes (`alone`), no positions read. No pair at all (the other
        # words are stop words): from the words, whose index is exact. Longer, or with a stop word
        # inside: checked on the positions of a bounded few pages holding the words.
        pairs = conditions.replace(matched, "e.word_pairs @@ q.pairs", 1)
        pairs_alone = conditions.replace(matched, "e.word_pairs @@ q.pairs AND e.document @@ q.alone", 1)
        having = conditions.replace(matched, "e.document @@ q.words", 1)
        examined = f"SELECT e.* FROM search_searchentry e, q WHERE {having} LIMIT {PHRASE_EXAMINED}"
        paired = "q.paired AND q.pairs IS NOT NULL"
        branches = [
            ("search_searchentry", f"{paired} AND q.alone IS NULL AND {pairs}"),
            ("search_searchentry", f"{paired} AND q.alone IS NOT NULL AND {pairs_alone}"),
            ("search_searchentry", f"q.paired AND q.pairs IS NULL AND {conditions}"),
            (f"({examined})", f"NOT q.paired AND {matched}"),
        ]
        selects = (f"(SELECT {columns} FROM {rows} e, q WHERE {where} {left})" for rows, where in branches)
        return " UNION ALL ".join(selects)
    return f"SELECT {columns} FROM search_searchentry e, q WHERE {conditions} {left}"


def _total(terms: Terms, only: str) -> str:
    """The number of pages with any of the words, counted to RANKED_LIMIT: at once when one word is
    a lexeme that many entries hold, else from the head index alone when that reaches the bound,
    else from the body's; never fewer than the tiers read (a phrase keeps words that the cut to
    MAX_TERMS words leaves out of `some`)."""
    head, document = (
        f"(SELECT count(*) FROM (SELECT FROM search_searchentry e, q WHERE e.{vector} @@ q.some {only} "
        f"LIMIT {RANKED_LIMIT}) x)"
        for vector in ("head", "document")
    )
    if len(terms.words) == 1:  # the first tier is that count: with one word, every is some
        head = _read(1)
    indexed = f"CASE WHEN {head} >= {RANKED_LIMIT} THEN {RANKED_LIMIT} ELSE {document} END"
    if not only:  # a common word's count says it at once (search/lexemes.py); it counts the whole index
        indexed = f"CASE WHEN (SELECT common FROM q) THEN {RANKED_LIMIT} ELSE {indexed} END"
    return f"GREATEST({indexed}, {_read(len(_tiers(terms)))})"


def ranked_window(terms: Terms, only: str = "") -> tuple[str, dict]:
    """ranked_sql's statement for these terms, and its parameters."""
    return ranked_sql(terms, only), query_params(terms)


def shape(terms: Terms) -> Terms:
    """Terms that build the same SQL as these: the SQL depends on how many words and terms there
    are and on which terms hold several words, never on the words themselves."""
    phrases = tuple("x x" if " " in phrase else "x" for phrase in terms.phrases)
    return Terms(phrases, ("x",) * len(terms.words))


def ranked_sql(terms: Terms, only: str = "") -> str:
    """_ranked_sql's statement for these terms, built once per shape of terms."""
    return _ranked_sql(shape(terms), only, RANKED_LIMIT)


@functools.lru_cache(maxsize=256)
def _ranked_sql(terms: Terms, only: str, bound: int) -> str:
    """WITH clauses ending in `ranked` (page_id, tier, score: the window, in order) and `counted`
    (total: pages with any of the words, to RANKED_LIMIT), for terms of this shape.

    Tiers are ordered, so a tier is read only when the earlier ones leave part of the window
    [%(offset)s, %(offset)s + %(limit)s) empty, and a body tier is ranked only when the window
    reaches into it. `only` narrows every tier and the total (AND e.page_id IN (...)). `bound` is
    RANKED_LIMIT, which the statement holds: part of the key (tests lower it).
    """
    query_sql = _queries(terms)
    tiers = list(enumerate(_tiers(terms)))
    candidates = ",\n".join(
        f"t{n} AS MATERIALIZED ({_tier(terms, n, kind, only)}),\n{_counted_after(n)}" for n, kind in tiers
    )
    scored = []
    for tier, (vector, _, _) in tiers:
        if vector == "head":  # a head tier: ranked as it was read
            scored.append(f"SELECT page_id, {tier} AS tier, score FROM t{tier}")
        else:  # a body tier: ranked from the body's vector if the window reaches it (else in its place)
            reached = f"{_read(tier + 1)} > %(offset)s"
            rank = f"CASE WHEN {reached} THEN ts_rank(t.document, q.some, {NORMALISATION}) END"
            scored.append(f"SELECT t.page_id, {tier}, {rank} FROM t{tier} t, q")
    sql = f"""
        WITH q AS MATERIALIZED ({query_sql}),
        {candidates},
        ranked AS (
            SELECT * FROM ({" UNION ALL ".join(scored)}) s
            ORDER BY tier, score DESC, page_id LIMIT %(limit)s OFFSET %(offset)s
        ),
        counted AS (SELECT {_total(terms, only)} AS total)
    """
    return sql


def found_from(rows: list[tuple], query: str) -> Found:
    """Found from rows of (total, page_id, summary, body), a row with no page_id when none."""
    total = rows[0][0] if rows else 0
    found = Found(total=total, exact=total < RANKED_LIMIT)
    for _, page_id, summary, body in rows:
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
        SELECT k.total, r.page_id, e.summary, e.body
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
