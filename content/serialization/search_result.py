"""The JSON of a search result: a page summary (as listings and linked pages give it) plus its match.

Search decides which pages match, in what order, and the snippet; what a result
says about its page comes from here, like every other page summary. So do the
meta of a search and the JSON of a title suggestion.
"""

from wagtail.models import Page, Site

from .listing import summary_annotation
from .objects import page_summary_json
from .registry import page_type_name
from .schema import BOOLEAN, HTML, INTEGER, STRING, array, nullable, obj, ref
from .visibility import public_pages, site_path

SEARCH_RESULT_SCHEMA = obj(
    {
        "id": INTEGER,
        "type": STRING,
        "title": STRING,
        "path": STRING,
        "summary": STRING,
        "snippet": HTML,  # escaped text; the matched words wrapped in <mark>
        "rank": INTEGER,  # 1 for the best match, across pages of results
        "detail_url": STRING,
    }
)
SEARCH_RESULTS_SCHEMA = obj(
    {
        "meta": obj(
            {
                # exact when total_count_exact; else at least this many (search counts to a bound)
                "total_count": INTEGER,
                "total_count_exact": BOOLEAN,
                "query": STRING,
                # the corrected query whose results these are, when q's words matched nothing
                "did_you_mean": nullable(STRING),
            }
        ),
        "items": array(ref("search-result")),
    }
)
SEARCH_SUGGESTION_SCHEMA = obj({"id": INTEGER, "title": STRING, "path": STRING, "detail_url": STRING})
SEARCH_SUGGESTIONS_SCHEMA = obj({"meta": obj({"query": STRING}), "items": array(ref("search-suggestion"))})


def search_meta(total: int, exact: bool, query: str, did_you_mean: str | None) -> dict:
    return {"total_count": total, "total_count_exact": exact, "query": query, "did_you_mean": did_you_mean}


def page_summaries(page_ids: list[int], site: Site) -> dict[int, tuple[Page, dict]]:
    """Each page the public may see, by id, with its summary, in one query."""
    found = (
        public_pages(site)
        .filter(pk__in=page_ids)
        .annotate(**summary_annotation())
        .only("id", "title", "path", "url_path", "content_type_id")
    )
    summaries = {}
    for page in found:
        page.api_path = site_path(page, site)
        summaries[page.pk] = (page, page_summary_json(page))
    return summaries


def search_result_json(
    page_id: int, model: type[Page] | None, summary: dict, snippet: str, rank: int, detail_url: str
) -> dict:
    """summary: page_summary_json's {id, title, path, summary}; model: the page's type, if known."""
    return {
        "id": page_id,
        "type": page_type_name(model or Page),
        "title": summary["title"],
        "path": summary["path"],
        "summary": summary["summary"],
        "snippet": snippet,
        "rank": rank,
        "detail_url": detail_url,
    }


def search_suggestion_json(page_id: int, title: str, path: str, detail_url: str) -> dict:
    """A completion: path is relative to the site (visibility.path_below)."""
    return {"id": page_id, "title": title, "path": path, "detail_url": detail_url}
