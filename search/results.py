"""Search results as JSON: each one a page summary from the serialization core, with its snippet and rank."""

from wagtail.models import Page, Site

from content.serialization.objects import api_detail_url
from content.serialization.search_result import page_summaries, search_result_json

# page id -> (its page type, if known; page_summary_json's {id, title, path, summary})
Summaries = dict[int, tuple[type[Page] | None, dict]]


def results_json(
    page_ids: list[int], snippets: dict[int, str], site: Site, first_rank: int, api_base: str, site_param
) -> list:
    """The JSON of a window of ranked results; a page the public may no longer see is left out."""
    summaries = {
        pk: (page.specific_class, summary) for pk, (page, summary) in page_summaries(page_ids, site).items()
    }
    return items_json(page_ids, snippets, summaries, first_rank, api_base, site_param)


def items_json(
    page_ids: list[int],
    snippets: dict[int, str],
    summaries: Summaries,
    first_rank: int,
    api_base: str,
    site_param,
) -> list:
    """The window's items, ranked from first_rank; a page without a summary is left out."""
    items = []
    for rank, page_id in enumerate(page_ids, first_rank):
        if page_id not in summaries:
            continue
        model, summary = summaries[page_id]
        detail_url = api_detail_url(api_base, page_id, site_param)
        snippet = snippets.get(page_id, "")
        items.append(search_result_json(page_id, model, summary, snippet, rank, detail_url))
    return items
