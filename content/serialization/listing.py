"""Listings: an index's live, public children as cards, and the summaries of linked pages.

A card reads a few fields of each child's own table (summary, date, image), named
by each page type's ListingCard. They are read in the same query as the children,
through the one-to-one link from Page to each type's table, so listing twenty
children of mixed types costs one query.
"""

from django.conf import settings
from django.core.paginator import Page as ListingPage
from django.core.paginator import Paginator
from django.db.models import DateField, F, Field, IntegerField, QuerySet, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, TruncDate
from wagtail.models import Page

from .registry import page_types

CARD_COLUMNS = ("id", "title", "path", "url_path", "content_type_id", "first_published_at")


def _card_columns(part: str, suffix: str = "") -> list[F]:
    """Each registered type's column for one part of the card (summary, date or image)."""
    return [
        F(f"{declared.model._meta.model_name}__{getattr(declared.card, part)}{suffix}")
        for declared in page_types()
        if getattr(declared.card, part)
    ]


def _first_set(columns: list, output_field: Field):
    """The first column that is not null; a page has a row in one type's table only."""
    if not columns:
        return Value(None, output_field=output_field)
    return columns[0] if len(columns) == 1 else Coalesce(*columns, output_field=output_field)


def card_annotations() -> dict:
    """summary, listing_date and hero_image_id of every page, whatever its type.

    A card's date must be a DateField; pages without one are dated by their first publication.
    """
    dates = [*_card_columns("date"), TruncDate("first_published_at")]
    return {
        "summary": _first_set(_card_columns("summary"), TextField()),
        "listing_date": _first_set(dates, DateField()),
        "hero_image_id": _first_set(_card_columns("image", "_id"), IntegerField()),
    }


def summary_annotation() -> dict:
    return {"summary": card_annotations()["summary"]}


def summary_subquery(page_id_sql: str) -> tuple[str, list]:
    """SQL for the card summary of the page whose id is page_id_sql, for a hand-written statement."""
    page = RawSQL(page_id_sql, ())  # noqa: S611 (a column reference of the caller's statement, no value)
    pages = Page.objects.filter(pk=page).annotate(**summary_annotation()).values("summary")
    sql, params = pages.query.sql_with_params()
    return f"({sql})", list(params)


def listed_children(index: Page) -> QuerySet[Page]:
    """Live, public children, newest first (by their card's date), with what a card shows."""
    return (
        index.get_children()
        .live()
        .public()
        .annotate(**card_annotations())
        .order_by("-listing_date", "-pk")
        .only(*CARD_COLUMNS)
    )


def listing_page(index: Page, number: int | str | None = 1) -> ListingPage:
    """One page of the listing; an out-of-range or malformed number gives the nearest page."""
    return Paginator(listed_children(index), settings.INDEX_PAGE_SIZE).get_page(number)


# Later pages of a listing live below the index: /news/page/2/ (page 1 is the index itself).
LISTING_PAGE_SEGMENT = "page"


def listing_page_path(path: str, number: int) -> str:
    return path if number == 1 else f"{path}{LISTING_PAGE_SEGMENT}/{number}/"


def listing_page_number(path_components: list[str]) -> int | None:
    """N for the components of page/N below an index (N > 1), else None."""
    if len(path_components) != 2 or path_components[0] != LISTING_PAGE_SEGMENT:
        return None
    number = path_components[1]
    return int(number) if number.isascii() and number.isdigit() and int(number) > 1 else None
