"""Rich text for frontends: page links become site-relative paths, document links URLs.

A link to anything the scope does not hold (a draft, a restricted page, a private
document) keeps its text and loses its target.
"""

import html
import re

from wagtail.rich_text.rewriters import LinkRewriter

from .scope import active_scope

LINK_ID = re.compile(r'<a\s[^>]*linktype="(page|document)"[^>]*\bid="(\d+)"')
EMPTY_LINK = "<a>"


def _page_link(attrs: dict) -> str:
    scope = active_scope()
    page = scope.pages.get(_id(attrs)) if scope else None
    return f'<a href="{html.escape(page.api_path)}">' if page is not None else EMPTY_LINK


def _document_link(attrs: dict) -> str:
    scope = active_scope()
    document = scope.documents.get(_id(attrs)) if scope else None
    if document is None:
        return EMPTY_LINK
    return f'<a href="{html.escape(scope.absolute(document.url))}">'


def _id(attrs: dict) -> int | None:
    try:
        return int(attrs.get("id", ""))
    except ValueError:
        return None


_rewriter = LinkRewriter(rules={"page": _page_link, "document": _document_link})


def rich_text_html(source: str) -> str:
    """Display HTML for the stored (database) form of rich text."""
    return _rewriter(source or "")


def linked_ids(source: str) -> tuple[set[int], set[int]]:
    """The page ids and document ids that stored rich text links to."""
    pages, documents = set(), set()
    for kind, number in LINK_ID.findall(source or ""):
        (pages if kind == "page" else documents).add(int(number))
    return pages, documents
