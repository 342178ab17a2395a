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

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Site

from content.delivery.served import PUBLIC_IN_SITE, SITES_EPOCH, SiteRef, run_statement, statement_params
from content.serialization.listing import summary_subquery
from content.serialization.objects import api_detail_url
from content.serialization.registry import registry_generation
from content.serialization.search_result import search_meta, search_result_json
from content.serialization.visibility import path_below

from . import correction
from .found import Found
from .postgres import found_from, named, ranked_window
from .query import SearchRequest
from .terms import Terms, parse

_PAGE = Page._meta.db_table
_SITE = Site._meta.db_table


@dataclass
class Result:
    page_id: int
    content_type_id: int
    title: str
    url_path: str
    summary: str | None


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
    summary_sql, summary_params = _card_summary()
    window_sql, window_params = ranked_window(terms)
    sql = f"""{window_sql}
        SELECT ep.sites, ep.site_count, k.reached, k.total,
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
    return sql, {**summary_params, **window_params}


def _window(site: SiteRef, terms: Terms, request: SearchRequest) -> tuple[Found, dict[int, Result]] | None:
    sql, params = _statement(terms)
    rows = run_statement(sql, statement_params(site, **params, limit=request.limit, offset=request.offset))
    sites, site_count = rows[0][:2]
    if sites != site.sites_epoch or site_count != 1:
        return None
    found = found_from([(row[2], row[3], row[4], row[9], row[10]) for row in rows], " ".join(terms.words))
    results = {row[4]: Result(*row[4:9]) for row in rows if row[4] is not None}
    return found, results


def search_json(site: SiteRef, request: SearchRequest, api_base: str, site_param: str | None) -> dict | None:
    """The whole answer to a search of the site, or None when the ordinary path must answer it."""
    terms = parse(request.q)
    if not terms:  # nothing a word could match: operators, punctuation
        return {"meta": search_meta(0, True, request.q, None), "items": []}
    answer = _window(site, terms, request)
    if answer is None:
        return None
    did_you_mean = None
    if not answer[0].total:
        for corrected in correction.candidates(request.q):
            corrected_terms = parse(corrected)
            retry = _window(site, corrected_terms, request) if corrected_terms else answer
            if retry is None:
                return None
            if retry[0].total:
                answer, did_you_mean = retry, corrected
                break
    found, results = answer
    items = []
    for rank, page_id in enumerate(found.page_ids, request.offset + 1):
        result = results[page_id]
        model = ContentType.objects.get_for_id(result.content_type_id).model_class()
        summary = {
            "title": result.title,
            "path": path_below(result.url_path, site.root_url_path),
            "summary": result.summary or "",
        }
        detail_url = api_detail_url(api_base, page_id, site_param)
        items.append(search_result_json(page_id, model, summary, found.snippets[page_id], rank, detail_url))
    return {"meta": search_meta(found.total, found.exact, request.q, did_you_mean), "items": items}
