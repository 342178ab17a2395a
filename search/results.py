"""Search results as JSON: each one a page summary from the serialization core, with its snippet and rank."""

from wagtail.models import Page, Site

from content.serialization.objects import api_detail_url
from content.serialization.search_result import page_summaries, search_result_json

from .snippets import highlight, searchable_text


def results_json(
    pages: list[Page], site: Site, query: str, first_rank: int, api_base: str, site_param
) -> list:
    """The JSON of a window of ranked results; a page the public may no longer see is left out."""
    summaries = page_summaries(pages, site)
    items = []
    for rank, page in enumerate(pages, first_rank):
        summary = summaries.get(page.pk)
        if summary is None:
            continue
        text = searchable_text(page)
        snippet = highlight(text, query) if text else ""
        detail_url = api_detail_url(api_base, page.pk, site_param)
        items.append(search_result_json(page, summary, snippet, rank, detail_url))
    return items
