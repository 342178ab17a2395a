"""Reads a search request's parameters and runs it over the site's live, public pages."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from django.conf import settings
from django.db import connection
from django.http import QueryDict
from wagtail.api.v2.utils import BadRequestError, page_models_from_string
from wagtail.models import Page, Site

from content.api.params import check_integer, check_query
from content.api.search_filter import normalise_search
from content.serialization.visibility import public_pages

from . import correction, postgres, sqlite
from .found import RANKED_LIMIT, Found
from .terms import Terms, parse

MAX_QUERY_LENGTH = 200


class Counted(Protocol):
    total: int
    unknown: dict[str, list[str]] | None


Answer = TypeVar("Answer", bound=Counted)
DEFAULT_LIMIT = 10
PARAMETERS = {"q", "type", "descendant_of", "limit", "offset", "site"}


@dataclass(frozen=True)
class SearchRequest:
    q: str
    models: tuple[type[Page], ...]
    descendant_of: int | None
    limit: int
    offset: int

    @classmethod
    def from_query(cls, query: QueryDict) -> "SearchRequest":
        check_query(query)
        unknown = sorted(set(query) - PARAMETERS)
        if unknown:
            raise BadRequestError(f"unknown parameters: {', '.join(unknown)}")
        q = " ".join(normalise_search(query.get("q", "")).split())
        if not q:
            raise BadRequestError("q must not be empty: give the words to search for")
        if len(q) > MAX_QUERY_LENGTH:
            raise BadRequestError(f"q is longer than {MAX_QUERY_LENGTH} characters")
        limit = check_integer("limit", query["limit"]) if "limit" in query else DEFAULT_LIMIT
        if limit > settings.WAGTAILAPI_LIMIT_MAX:
            raise BadRequestError(f"limit must be at most {settings.WAGTAILAPI_LIMIT_MAX}")
        offset = check_integer("offset", query["offset"]) if "offset" in query else 0
        if offset + limit > RANKED_LIMIT:
            raise BadRequestError(
                f"offset + limit must be at most {RANKED_LIMIT}: search ranks the best {RANKED_LIMIT} matches"
            )
        return cls(
            q=q,
            models=_page_models(query.get("type")),
            descendant_of=check_integer("descendant_of", query["descendant_of"])
            if "descendant_of" in query
            else None,
            limit=limit,
            offset=offset,
        )


def _page_models(raw: str | None) -> tuple[type[Page], ...]:
    if not raw:
        return ()
    try:
        return tuple(page_models_from_string(raw))
    except (LookupError, ValueError) as error:
        raise BadRequestError(f"type: '{raw}' is not a page type, e.g. content.ArticlePage") from error


def searchable_pages(site: Site, request: SearchRequest):
    """The live, public pages of the site the request narrows to; never drafts or restricted pages."""
    pages = public_pages(site)
    if request.models:
        pages = pages.type(*request.models)
    if request.descendant_of is not None:
        section = public_pages(site).filter(pk=request.descendant_of).first()
        if section is None:
            raise BadRequestError(f"descendant_of: no public page with id {request.descendant_of}")
        pages = pages.descendant_of(section)
    return pages


def run_search(site: Site, request: SearchRequest) -> "Outcome":
    """One window of the ranked results, with a correction when nothing matched."""
    # The index holds only live, public pages (index.py), and the window is checked again
    # when its summaries are read; the page tree is filtered in SQL only when the request or
    # a second site narrows it, or on SQLite, whose small sites make it cheap.
    narrowed = bool(request.models or request.descendant_of is not None)
    filtered = narrowed or len(Site.get_site_root_paths()) > 1
    pages = searchable_pages(site, request) if filtered or connection.vendor != "postgresql" else None
    found, did_you_mean = corrected(request.q, lambda terms: _find(terms, pages, request, filtered))
    return Outcome(found, did_you_mean)


def corrected(q: str, find: Callable[[Terms], Answer]) -> tuple[Answer, str | None]:
    """find(q's terms); when that matches nothing, the first correction of q that matches,
    and the correction (did_you_mean)."""
    answer = find(parse(q))
    if not answer.total:
        for rewrite in correction.candidates(q, answer.unknown):
            retry = find(parse(rewrite))
            if retry.total:
                return retry, rewrite
    return answer, None


def _find(terms: Terms, pages, request: SearchRequest, filtered: bool) -> Found:
    if not terms:
        return Found()
    engine = postgres if connection.vendor == "postgresql" else sqlite
    return engine.find(terms, pages, request.limit, request.offset, filtered)


@dataclass
class Outcome:
    found: Found
    did_you_mean: str | None
