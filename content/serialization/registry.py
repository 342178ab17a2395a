"""The page-type registry: what every reader needs to know about a page type, declared beside its model.

Each page type module calls register_page_type() with its JSON fields (and their
schemas), what to prefetch, its image and linked-page fields, its listing card, its
template and the text a search snippet is cut from. The API, the preview, the
export, the JSON mirror, the contract and search all read this one registry; none
of them lists page types.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db.models import Prefetch
from wagtail.models import Page

# (page, its PageBatch) -> the field's JSON. The batch is typed loosely here: batch.py
# reads this registry, and the registry must not import it back.
FieldBuilder = Callable[[Page, Any], Any]


class PageField(NamedTuple):
    """One field of a page's JSON: how it is built, and the JSON Schema of what it returns."""

    build: FieldBuilder
    schema: dict


@dataclass(frozen=True)
class ListingCard:
    """Model fields a listing card (an index's children, a linked page's summary) reads.

    Each names a field of the page type's own table; an empty name means the card
    has none (the date then falls back to the first publication).
    """

    summary: str = ""
    date: str = ""
    image: str = ""


@dataclass(frozen=True)
class PageType:
    """Everything the readers know about one page type."""

    model: type[Page]
    fields: dict[str, PageField]
    template: str  # the template the live site, the preview and the export render it with
    # JSON field name -> a function returning the Prefetch that field reads (loaded only when asked for)
    prefetches: dict[str, Callable[[], Prefetch]] = field(default_factory=dict)
    # Image foreign keys, the social image's candidates first: the first one the public may see wins.
    image_fields: tuple[str, ...] = ()
    # Relations whose rows point at other pages through `target` (related, featured pages).
    linked_pages: tuple[str, ...] = ()
    card: ListingCard = ListingCard()
    # Plain-text fields a search result's snippet is cut from, before the body.
    search_text_fields: tuple[str, ...] = ()
    # Adds what the page refers to beyond its image fields, stream fields and rich text.
    references: Callable[[Page, Any], None] | None = None  # (page, References)
    # Whether the page lists its children (an index): the batch then loads its listing.
    lists_children: bool = False

    @property
    def name(self) -> str:
        """The page type as the contract names it, e.g. content.ArticlePage."""
        return page_type_name(self.model)


_registry: dict[type[Page], PageType] = {}
_generation = 0  # moves on every registration, so derived values can be cached


def page_type_name(model: type[Page] | Page) -> str:
    meta = model._meta
    return f"{meta.app_label}.{meta.object_name}"


def register_page_type(model: type[Page], **declaration) -> PageType:
    """Register a page type; registering the same model again replaces its declaration."""
    global _generation
    declared = PageType(model=model, **declaration)
    _registry[model] = declared
    _generation += 1
    return declared


def unregister_page_type(model: type[Page]) -> None:
    global _generation
    _registry.pop(model, None)
    _generation += 1


def registry_generation() -> int:
    """A number that changes whenever a page type is registered or unregistered."""
    return _generation


def page_types() -> list[PageType]:
    """Every registered page type, in a stable order (by contract name)."""
    return sorted(_registry.values(), key=lambda declared: declared.name)


def declaration_for(model: type[Page]) -> PageType | None:
    return _registry.get(model)


_site_settings: list[type] = []


def register_site_settings(model: type) -> type:
    """Declare the per-site settings model the site JSON and social images read (a class decorator).

    It must have site_name, tagline, default_social_image and footer_links (a StreamField
    of link blocks), and for_site(site) as Wagtail's BaseSiteSetting gives.
    """
    _site_settings[:] = [model]
    return model


def site_settings_for(site):
    if not _site_settings:
        raise LookupError("no site settings model is registered (register_site_settings)")
    return _site_settings[0].for_site(site)
