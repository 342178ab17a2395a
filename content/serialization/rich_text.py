"""Rich text for frontends: page links become site-relative paths, document links URLs.

A link to anything the scope does not hold (a draft, a restricted page, a private
document) keeps its text and loses its target.
"""

import html

import nh3
from wagtail.rich_text.rewriters import LinkRewriter

from .scope import active_scope

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


# What the editor's rich text features can produce; anything else is dropped.
ALLOWED_TAGS = {"p", "br", "b", "strong", "i", "em", "h2", "h3", "h4", "ol", "ul", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def rich_text_html(source: str) -> str:
    """Display HTML for the stored (database) form of rich text.

    Sanitised after the links are rewritten: rich text that reached the database
    without passing the editor (an import, the ORM, a migration) cannot carry a
    script, an event handler or a javascript: link to a frontend.
    """
    return nh3.clean(
        _rewriter(source or ""),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
    )


def linked_ids(source: str) -> tuple[set[int], set[int]]:
    """The page ids and document ids that stored rich text links to, read as Wagtail reads its links."""
    tags = _rewriter.extract_tags(source or "")
    pages = {_id(tag.attrs) for tag in tags.get("page", [])}
    documents = {_id(tag.attrs) for tag in tags.get("document", [])}
    return pages - {None}, documents - {None}
