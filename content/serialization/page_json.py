"""The JSON of a page: the one place it is decided, for the API, preview, live site, export and mirror.

Every page has the common fields; a registered page type adds its own (see
registry.py). Each field is built by one small function from the page and its
PageBatch, which loaded everything the fields need in bulk.
"""

from wagtail.models import Page

from .batch import PageBatch
from .fields import COMMON_FIELDS
from .registry import PageField, declaration_for
from .scope import serialization_scope

DEFAULT_LISTING_FIELDS = ("id", "meta", "title")


def fields_of(model: type[Page]) -> dict[str, PageField]:
    """Every field of this page type's JSON: the common ones, then its own."""
    declared = declaration_for(model)
    return {**COMMON_FIELDS, **declared.fields} if declared else COMMON_FIELDS


def field_names(model: type[Page]) -> tuple[str, ...]:
    """Every field the JSON of this page type has (only the common ones for Page)."""
    return tuple(fields_of(model))


def page_json(page: Page, batch: PageBatch, fields: tuple[str, ...] | None = None) -> dict:
    """The page's JSON: all its fields, or those named (unknown names are skipped)."""
    known = fields_of(type(page))
    names = known if fields is None else [name for name in fields if name in known]
    with serialization_scope(batch.scope):
        return {name: known[name].build(page, batch) for name in names}


def listing_page_json(page: Page, batch: PageBatch, number: int) -> dict:
    """An index's JSON with page `number` of its listing as children (the export's pagination).

    The batch must have been given every listing page of this index (PageBatch listings).
    """
    first = batch.children[page.pk]
    batch.children[page.pk] = batch.listings[page.pk][number - 1]
    try:
        return page_json(page, batch)
    finally:
        batch.children[page.pk] = first
