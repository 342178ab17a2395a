"""The JSON of a search result: a page summary (as listings and linked pages give it) plus its match.

Search decides which pages match, in what order, and the snippet; what a result
says about its page comes from here, like every other page summary.
"""

from wagtail.models import Page, Site

from .listing import summary_annotation
from .objects import page_summary_json
from .registry import page_type_name
from .schema import HTML, INTEGER, STRING, array, obj, ref
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
        "meta": obj({"total_count": INTEGER, "query": STRING}),
        "items": array(ref("search-result")),
    }
)


def page_summaries(pages: list[Page], site: Site) -> dict[int, dict]:
    """The summary of each of the pages the public may see, by id, in one query."""
    found = (
        public_pages(site)
        .filter(pk__in=[page.pk for page in pages])
        .annotate(**summary_annotation())
        .only("id", "title", "path", "url_path", "content_type_id")
    )
    summaries = {}
    for page in found:
        page.api_path = site_path(page, site)
        summaries[page.pk] = page_summary_json(page)
    return summaries


def search_result_json(page: Page, summary: dict, snippet: str, rank: int, detail_url: str) -> dict:
    return {
        "id": summary["id"],
        "type": page_type_name(page),
        "title": summary["title"],
        "path": summary["path"],
        "summary": summary["summary"],
        "snippet": snippet,
        "rank": rank,
        "detail_url": detail_url,
    }
