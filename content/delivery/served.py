"""The store's fast reads: a fresh document and the live visibility of its page, in one query.

Each read answers only when everything it needs holds at the moment of the query:
the document is fresh and of this serializer version, its page is live, inside the
site's root and under no view restriction (checked against the tables, not a copy),
and the sites have not changed since the caller resolved its site (the sites epoch).
Otherwise it answers None and the caller takes the ordinary path, which builds what
is missing and decides every error. SQL written once, for PostgreSQL and SQLite alike,
but for the check of view restrictions.
"""

import functools
import re
import sys
import time
from dataclasses import dataclass
from typing import NamedTuple

from django.db import DEFAULT_DB_ALIAS, connections
from wagtail.models import Page, PageViewRestriction

from .build import serializer_version
from .held import held, held_bodies, met
from .models import PageDocument, SiteDocument, StoreEpoch
from .store import Stored, intact


@dataclass(frozen=True)
class SiteRef:
    """A site as a reader resolved it, and the sites epoch it read before resolving."""

    site_id: int
    root_path: str
    root_url_path: str
    sites_epoch: int


class ServedPage(NamedTuple):
    page_id: int
    content_type_id: int
    document: Stored | None  # None: no fresh document (the caller builds it)


def current_sites_epoch() -> int:
    epoch = StoreEpoch.objects.filter(pk=1).values_list("sites", flat=True).first()
    return epoch if epoch is not None else 0


_PAGE = Page._meta.db_table
_DOCUMENT = PageDocument._meta.db_table
_SITE_DOCUMENT = SiteDocument._meta.db_table
_RESTRICTION = PageViewRestriction._meta.db_table
_EPOCH = StoreEpoch._meta.db_table

# p is in no restricted section: its path does not start with a restricted page's path. PostgreSQL
# reads those paths once per statement (an uncorrelated ARRAY is computed once), each restricted
# page by its primary key. Written as a join to the restricted pages, the plan walked the page
# table's primary key up to the newest restricted page, once for every row checked: one
# restriction on a recent page made each search and suggestion about 11 times slower
# (docs/benchmarks.md). SQLite's plan looks each restricted page up.
if connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
    _NOT_RESTRICTED = f"""NOT (p.path LIKE ANY (ARRAY(
        SELECT (SELECT rp.path FROM {_PAGE} rp WHERE rp.id = r.page_id) || '%%' FROM {_RESTRICTION} r
    )))"""
else:
    _NOT_RESTRICTED = f"""NOT EXISTS (
        SELECT 1 FROM {_RESTRICTION} r JOIN {_PAGE} rp ON rp.id = r.page_id
        WHERE substr(p.path, 1, length(rp.path)) = rp.path
    )"""

# p is live and public inside the site, and the sites are as the caller saw them.
PUBLIC_IN_SITE = f"""
    p.live = %(live)s
    AND substr(p.path, 1, %(root_length)s) = %(root_path)s
    AND {_NOT_RESTRICTED}
    AND COALESCE((SELECT e.sites FROM {_EPOCH} e WHERE e.id = 1), 0) = %(sites_epoch)s
"""
# The sites epoch now: a caller that reads it beside its rows knows whether its site still holds.
SITES_EPOCH = f"COALESCE((SELECT e.sites FROM {_EPOCH} e WHERE e.id = 1), 0)"
_FRESH = "d.site_id = %(site_id)s AND d.stale = %(stale)s AND d.serializer_version = %(version)s"

# The body only when the caller does not hold it yet (%(held)s: the hashes it holds, comma-
# separated; content.delivery.held): a held body is neither read from its TOAST table nor
# sent. The hash always comes, and the caller serves held bytes only for that exact hash,
# so a match LIKE gets wrong costs a fallback to the ordinary path, never wrong bytes.
_BODY = "CASE WHEN %(held)s LIKE ('%%' || d.content_hash || '%%') THEN NULL ELSE d.body END"

_DOCUMENT_OF_PAGE = f"""
    SELECT p.content_type_id, {_BODY}, d.content_hash
    FROM {_PAGE} p JOIN {_DOCUMENT} d ON d.page_id = p.id
    WHERE p.id = %(page_id)s AND {_FRESH} AND {PUBLIC_IN_SITE}
"""

_PAGE_AT_PATH = f"SELECT p.id FROM {_PAGE} p WHERE p.url_path = %(url_path)s AND {PUBLIC_IN_SITE}"

_STORE_EPOCH = f"COALESCE((SELECT e.value FROM {_EPOCH} e WHERE e.id = 1), 0)"

# A window in tree order: the path index, read until the window is full.
_WINDOW = f"""
    SELECT p.id, p.content_type_id, {_BODY}, d.content_hash, {_STORE_EPOCH}
    FROM {_PAGE} p LEFT JOIN {_DOCUMENT} d ON d.page_id = p.id AND {_FRESH}
    WHERE {{types}} {PUBLIC_IN_SITE}
    ORDER BY p.path LIMIT %(limit)s OFFSET %(offset)s
"""

_TOTAL = f"SELECT COUNT(*), {_STORE_EPOCH} FROM {_PAGE} p WHERE {{types}} {PUBLIC_IN_SITE}"

_SITE_DOCUMENT_OF = f"""
    SELECT {_BODY}, d.content_hash FROM {_SITE_DOCUMENT} d
    WHERE {_FRESH} AND COALESCE((SELECT e.sites FROM {_EPOCH} e WHERE e.id = 1), 0) = %(sites_epoch)s
"""


def statement_params(site: SiteRef, **extra) -> dict:
    return {
        "live": True,
        "stale": False,
        "site_id": site.site_id,
        "root_length": len(site.root_path),
        "root_path": site.root_path,
        "sites_epoch": site.sites_epoch,
        "version": serializer_version(),
        **extra,
    }


ONLY_WHEN_ASKED = sys.maxsize  # psycopg's prepare_threshold: never by count


def run_statement(sql: str, params: dict) -> list[tuple]:
    db = connections[DEFAULT_DB_ALIAS]  # once: django.db.connection looks it up on every attribute
    if db.vendor == "postgresql":
        return _prepared_rows(db, sql, params)
    with db.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _prepared_rows(db, sql: str, params: dict) -> list[tuple]:
    """On PostgreSQL, a prepared statement: planned once per connection, not on every request.

    Django binds parameters on the client and never prepares (to keep transaction-mode
    poolers working); these few statements, run by nearly every API request, plan in
    more time than they run. Results come in binary: a document's bytes as they are,
    not hex-encoded by the server and decoded here (a listing of 20: 200 KB that became
    400 KB). They are logged like Django's own queries.
    """
    from psycopg import RawCursor  # PostgreSQL's driver, absent from a SQLite-only setup

    db.ensure_connection()
    raw = db.connection
    if raw.prepare_threshold is None:
        # Django's None turns psycopg's preparing off altogether, prepare=True included;
        # a threshold no count reaches prepares only what asks (Django's own client-side
        # cursors never prepare, whatever the threshold).
        raw.prepare_threshold = ONLY_WHEN_ASKED
    started = time.monotonic()
    numbered, names = _numbered(sql)
    with db.wrap_database_errors, RawCursor(raw) as cursor:
        cursor.execute(numbered, [params[name] for name in names], prepare=True, binary=True)
        rows = cursor.fetchall()
    if db.queries_logged:
        db.queries_log.append({"sql": sql, "time": f"{time.monotonic() - started:.3f}"})
    return rows


_NAMED = re.compile(r"%%|%\((\w+)\)s|%")


@functools.lru_cache(maxsize=256)
def _numbered(sql: str) -> tuple[str, tuple[str, ...]]:
    """SQL with %(name)s parameters as PostgreSQL's own $1, $2 … (a name used twice, one number),
    and the names in that order: worked out once per statement text. psycopg would parse each
    statement longer than 4,096 characters again at every execution (most searches')."""
    names: list[str] = []

    def number(match: re.Match) -> str:
        if match.group() == "%%":
            return "%"
        name = match.group(1)
        if name is None:  # as psycopg refused it, and SQLite's %-formatting would
            raise ValueError(f"a % that is neither %% nor %(name)s in: {sql[:200]}")
        if name not in names:
            names.append(name)
        return f"${names.index(name) + 1}"

    return _NAMED.sub(number, sql), tuple(names)


def _held_params(site: SiteRef, offered: dict[str, bytes], **extra) -> dict:
    return statement_params(site, held=",".join(offered), **extra)


def _stored(body, content_hash: str | None, offered: dict[str, bytes]) -> Stored | None:
    """The document as stored, or as held when the statement left its body out; None when
    there is none or its bytes are not those it was stored with."""
    if body is None:  # no document, or one the caller holds
        body = offered.get(content_hash) if content_hash is not None else None
        return Stored(body, content_hash) if body is not None else None
    if not intact(body, content_hash):
        return None
    body = bytes(body)
    held.put(content_hash, body)
    return Stored(body, content_hash)


def public_page_document(site: SiteRef, page_id: int) -> ServedPage | None:
    """The page's fresh, intact document, if the page is public in the site now; else None."""
    read = ("page", site.site_id, page_id)
    offered = held_bodies(read)
    rows = run_statement(_DOCUMENT_OF_PAGE, _held_params(site, offered, page_id=page_id))
    document = _stored(*rows[0][1:], offered) if rows else None
    if document is None:
        return None
    met(read, (document.content_hash,))
    return ServedPage(page_id, rows[0][0], document)


def public_page_at(site: SiteRef, components: list[str]) -> int | None:
    """The public page at this path below the site's root (its url_path), if any."""
    url_path = site.root_url_path + "".join(f"{part}/" for part in components)
    rows = run_statement(_PAGE_AT_PATH, statement_params(site, url_path=url_path))
    return rows[0][0] if rows else None


# The listing's parent (?child_of=): a live page one level up; p's own checks cover the rest
# (inside the site, no restriction on any ancestor).
_CHILD_OF = f"""EXISTS (
    SELECT 1 FROM {_PAGE} pp WHERE pp.id = %(parent_id)s AND pp.live = %(live)s
    AND pp.depth = p.depth - 1 AND substr(p.path, 1, length(pp.path)) = pp.path
) AND"""


def public_pages_window(
    site: SiteRef, content_type_ids: list[int] | None, offset: int, limit: int, parent_id: int | None = None
) -> tuple[int, list[ServedPage]]:
    """(total, one window of pages in tree order) of these page types (None: all), children of parent_id."""
    filters = ""
    if content_type_ids is not None:
        filters = "p.content_type_id IN ({}) AND".format(", ".join(str(int(pk)) for pk in content_type_ids))
    if parent_id is not None:
        filters += " " + _CHILD_OF
    read = ("window", site, filters, parent_id, offset, limit)
    offered = held_bodies(read)
    params = _held_params(site, offered, offset=offset, limit=limit, parent_id=parent_id)
    rows = run_statement(_WINDOW.format(types=filters), params)
    served = [
        ServedPage(pk, content_type_id, _stored(body, content_hash, offered))
        for pk, content_type_id, body, content_hash, _ in rows
    ]
    met(read, tuple(page.document.content_hash for page in served if page.document is not None))
    epoch = rows[0][4] if rows else None
    return _total(site, filters, parent_id, epoch), served


MAX_TOTALS = 1000
_totals: dict[tuple, int] = {}


def _total(site: SiteRef, filters: str, parent_id: int | None, epoch: int | None) -> int:
    """How many pages the listing has: counted once per store epoch (every change that can
    change it bumps the epoch), and kept in this process for the reads at the same epoch."""
    key = (site, filters, parent_id, epoch)
    if epoch is not None and key in _totals:
        return _totals[key]
    total, counted_at = run_statement(
        _TOTAL.format(types=filters), statement_params(site, parent_id=parent_id)
    )[0]
    if counted_at == epoch:  # else a change committed between the two reads: use it, keep nothing
        if len(_totals) >= MAX_TOTALS:
            _totals.clear()
        _totals[key] = total
    return total


def forget_totals() -> None:
    _totals.clear()


def fresh_site_document(site: SiteRef) -> Stored | None:
    read = ("site", site.site_id)
    offered = held_bodies(read)
    rows = run_statement(_SITE_DOCUMENT_OF, _held_params(site, offered))
    document = _stored(*rows[0], offered) if rows else None
    if document is not None:
        met(read, (document.content_hash,))
    return document
