"""A search over a whole site on PostgreSQL in one statement: the ranked window, its pages checked
and summarised, and the sites as they stand.

The search path of nearly every request (no ?type= or ?descendant_of=, one Site):
the candidates, their rank, the window's visibility (the delivery store's rule,
content.delivery.served), each result's card summary and text, and the sites epoch
and count, read at one moment by one prepared statement. A caller whose site was
resolved before a Site changed, or an install with several sites, learns it from
the answer (None) and takes the ordinary path. The JSON is the ordinary path's
(results.py): the same serialization functions, the same bytes.
"""

import functools
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Site

from content.delivery.served import PUBLIC_IN_SITE, SITES_EPOCH, SiteRef, run_statement, statement_params
from content.serialization.listing import summary_subquery
from content.serialization.objects import page_summary_json
from content.serialization.registry import registry_generation
from content.serialization.search_result import search_meta
from content.serialization.visibility import path_below

from . import vocabulary
from .found import Found
from .postgres import found_from, named, query_params, ranked_sql
from .query import SearchRequest, corrected
from .results import Summaries, items_json
from .terms import Terms

_PAGE = Page._meta.db_table
_SITE = Site._meta.db_table


@dataclass
class Result:
    """A result's page as the statement read it: what page_summary_json reads of a page."""

    pk: int
    title: str
    api_path: str  # below the site's root
    summary: str | None


@dataclass
class Window:
    found: Found
    summaries: Summaries

    @property
    def total(self) -> int:
        return self.found.total

    @property
    def unknown(self) -> dict[str, list[str]] | None:
        return self.found.unknown


class SitesChanged(Exception):
    """The sites changed since the caller resolved its site, or there is more than one."""


# The sites epoch at which this process last read more than one Site. A site resolved at that
# epoch or before (epochs only grow) would make the statement see several sites or a newer
# epoch: either way the ordinary path answers, so the statement is not tried in vain.
_several_sites_at = -1


def several_sites(site: SiteRef) -> bool:
    """Whether this site's statement could only learn that the ordinary path must answer."""
    return site.sites_epoch <= _several_sites_at


def forget_several_sites() -> None:
    global _several_sites_at  # noqa: PLW0603 (one int, swapped whole)
    _several_sites_at = -1


_summaries: dict[int, tuple[str, dict]] = {}


def _card_summary() -> tuple[str, dict]:
    """The card summary's subquery and its parameters, built once per set of page types."""
    generation = registry_generation()
    built = _summaries.get(generation)
    if built is None:  # a local, so another thread clearing the table meanwhile cannot lose it
        built = named(*summary_subquery("p.id"), "summary")
        _summaries.clear()
        _summaries[generation] = built
    return built


def _statement(terms: Terms) -> tuple[str, dict]:
    _, summary_params = _card_summary()
    return _statement_sql(ranked_sql(terms), registry_generation()), {**summary_params, **query_params(terms)}


@functools.lru_cache(maxsize=256)
def _statement_sql(window_sql: str, generation: int) -> str:
    """The statement around this window (one per shape of terms) for this set of page types."""
    summary_sql, _ = _card_summary()
    return f"""{window_sql}
        SELECT ep.sites, ep.site_count, k.total,
               CASE WHEN k.total = 0 THEN {vocabulary.UNKNOWN_WITH_NEIGHBOURS} END AS unknown,
               m.page_id, m.content_type_id, m.title, m.url_path, m.card_summary, m.summary, m.body
        FROM (SELECT {SITES_EPOCH} AS sites, (SELECT count(*) FROM {_SITE}) AS site_count) ep
        CROSS JOIN counted k
        LEFT JOIN (
            SELECT r.page_id, r.tier, r.score, p.content_type_id, p.title, p.url_path,
                   {summary_sql} AS card_summary, e.summary, e.body
            FROM ranked r JOIN {_PAGE} p ON p.id = r.page_id
            JOIN search_searchentry e ON e.page_id = r.page_id
            WHERE {PUBLIC_IN_SITE}
        ) m ON true
        ORDER BY m.tier, m.score DESC, m.page_id
    """


def _window(site: SiteRef, terms: Terms, request: SearchRequest) -> Window:
    if not terms:  # nothing a word could match: operators, punctuation
        return Window(Found(), {})
    sql, params = _statement(terms)
    # When nothing matches, the statement also reads q's unknown words and their neighbours (the
    # corrections' vocabulary statement, query.corrected), which the statement of a retry ignores.
    unknown_params = vocabulary.neighbour_params(vocabulary.words_of(request.q))
    params = statement_params(site, **params, **unknown_params, limit=request.limit, offset=request.offset)
    rows = run_statement(sql, params)
    sites, site_count = rows[0][:2]
    if site_count != 1:
        global _several_sites_at  # noqa: PLW0603 (one int, swapped whole)
        _several_sites_at = sites
    if sites != site.sites_epoch or site_count != 1:
        raise SitesChanged
    query = " ".join(terms.words)
    found = found_from([(total, pk, text, body) for _, _, total, _, pk, *_, text, body in rows], query)
    found.unknown = rows[0][3] if found.total == 0 else None
    summaries = {}
    for *_, pk, content_type_id, title, url_path, card_summary, _, _ in rows:
        if pk is not None:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            page = Result(pk, title, path_below(url_path, site.root_url_path), card_summary)
            summaries[pk] = (model, page_summary_json(page))
    return Window(found, summaries)


def search_json(site: SiteRef, request: SearchRequest, api_base: str, site_param: str | None) -> dict | None:
    """The whole answer to a search of the site, or None when the ordinary path must answer it."""
    try:
        window, did_you_mean = corrected(request.q, lambda terms: _window(site, terms, request))
    except SitesChanged:
        return None
    found = window.found
    items = items_json(
        found.page_ids, found.snippets, window.summaries, request.offset + 1, api_base, site_param
    )
    return {"meta": search_meta(found.total, found.exact, request.q, did_you_mean), "items": items}
