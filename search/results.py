"""The JSON of one search result, and its schema for frontend-contract/, side by side."""

from wagtail.models import Page, Site

from content.api.page_json import page_type
from content.api.visibility import site_path
from content.contract.json_schema import HTML, INTEGER, STRING, array, obj, ref

from .snippets import highlight, searchable_text

RESULT_FIELDS = {
    "id": INTEGER,
    "type": STRING,
    "title": STRING,
    "path": STRING,
    "summary": STRING,
    "snippet": HTML,  # escaped text; the matched words wrapped in <mark>
    "rank": INTEGER,  # 1 for the best match, across pages of results
    "detail_url": STRING,
}
SEARCH_RESULT_SCHEMA = obj(RESULT_FIELDS)
SEARCH_RESULTS_SCHEMA = obj(
    {
        "meta": obj({"total_count": INTEGER, "query": STRING}),
        "items": array(ref("search-result")),
    }
)


def result_json(page: Page, site: Site, query: str, rank: int, api_base: str) -> dict:
    text = searchable_text(page)
    return {
        "id": page.pk,
        "type": page_type(page),
        "title": page.title,
        "path": site_path(page, site),
        "summary": getattr(page, "summary", "") or "",
        "snippet": highlight(text, query) if text else "",
        "rank": rank,
        "detail_url": f"{api_base}pages/{page.pk}/",
    }
