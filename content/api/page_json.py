"""The JSON of a page: the one place it is decided, for the API, preview, export and mirror.

Each page type has an ordered set of fields, each built by one small function from
the page and its PageBatch (which loaded everything the fields need in bulk).
"""

from collections.abc import Callable
from typing import NamedTuple

from django.conf import settings
from wagtail.models import Page, Site

from content.contract.json_schema import DATE, HTML, INTEGER, STRING, array, nullable, ref
from content.models import ArticlePage, IndexPage
from home.models import HomePage

from .batch import PageBatch
from .objects import page_summary_json
from .renditions import image_json
from .rich_text import rich_text_html
from .scope import serialization_scope

FieldBuilder = Callable[[Page, PageBatch], object]


def _iso(moment) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None


def page_type(page_or_model) -> str:
    meta = page_or_model._meta
    return f"{meta.app_label}.{meta.object_name}"


def _image(image_id: int | None, batch: PageBatch) -> dict | None:
    image = batch.scope.images.get(image_id) if image_id else None
    return image_json(image) if image is not None else None


def public_base_url(site: Site) -> str:
    """Where the public reads a site: PUBLIC_BASE_URL for the default site, else its own root URL."""
    return ((settings.PUBLIC_BASE_URL if site.is_default_site else "") or site.root_url).rstrip("/")


def meta_json(page: Page, batch: PageBatch) -> dict:
    path = batch.path(page)
    # The first of these the public may see: the page's own, its hero, the site's.
    own = (getattr(page, "social_image_id", None), getattr(page, "hero_image_id", None))
    social = next((image_id for image_id in own if image_id in batch.scope.images), None)
    if social is None and batch.site_settings.default_social_image_id in batch.scope.images:
        social = batch.site_settings.default_social_image_id
    public_base = public_base_url(batch.site)
    return {
        "type": page_type(page),
        "detail_url": batch.detail_url(page),
        "html_url": f"{public_base}{path}",
        "path": path,
        "slug": page.slug,
        "seo_title": page.seo_title or page.title,
        "search_description": page.search_description or getattr(page, "summary", ""),
        "social_image": _image(social, batch),
        "first_published_at": _iso(page.first_published_at),
        "last_published_at": _iso(page.last_published_at),
    }


def breadcrumbs_json(page: Page, batch: PageBatch) -> list[dict]:
    """Each live, public ancestor from the home page down, the page itself excluded."""
    prefixes = (page.path[:end] for end in range(8, len(page.path), Page.steplen))
    ancestors = [batch.breadcrumbs[p] for p in prefixes if p in batch.breadcrumbs]
    return [{"id": a.pk, "title": a.title, "path": batch.path(a)} for a in ancestors]


def body_json(page: Page, batch: PageBatch) -> list[dict]:
    return page.body.stream_block.get_api_representation(page.body, context={})


def authors_json(page: ArticlePage, batch: PageBatch) -> list[dict]:
    return [
        {
            "id": author.person.pk,
            "name": author.person.name,
            "role": author.person.role,
            "photo": _image(author.person.photo_id, batch),
        }
        for author in page.authors.all()
    ]


def tags_json(page: ArticlePage, batch: PageBatch) -> list[str]:
    return sorted(item.tag.name for item in page.tagged_items.all())


def _linked_pages(items, batch: PageBatch) -> list[dict]:
    linked = (page_summary_json(batch.scope.pages.get(item.target_id)) for item in items)
    return [page for page in linked if page is not None]


def children_json(page: IndexPage, batch: PageBatch) -> dict:
    listing = batch.children[page.pk]
    return {
        "total_count": listing.paginator.count,
        "page_size": listing.paginator.per_page,
        "items": [
            {
                "id": child.pk,
                "type": page_type(child.specific_class or Page),
                "title": child.title,
                "path": batch.path(child),
                "summary": child.summary or "",
                "date": _iso(child.listing_date),
                "hero_image": _image(child.hero_image_id, batch),
            }
            for child in listing
        ],
    }


class PageField(NamedTuple):
    build: FieldBuilder
    schema: dict  # JSON Schema of what build returns, for frontend-contract/


LINKED_PAGES = array(ref("page-summary"))

COMMON_FIELDS: dict[str, PageField] = {
    # A draft previewed before its first save has no id yet: 0, which no saved page has.
    "id": PageField(lambda page, batch: page.pk or 0, INTEGER),
    "meta": PageField(meta_json, ref("page-meta")),
    "title": PageField(lambda page, batch: page.title, STRING),
    "breadcrumbs": PageField(breadcrumbs_json, array(ref("page-link"))),
}

FIELDS_BY_TYPE: dict[type[Page], dict[str, PageField]] = {
    HomePage: {
        **COMMON_FIELDS,
        "hero_heading": PageField(lambda page, batch: page.hero_heading, STRING),
        "intro": PageField(lambda page, batch: rich_text_html(page.intro), HTML),
        "hero_image": PageField(
            lambda page, batch: _image(page.hero_image_id, batch), nullable(ref("image"))
        ),
        "body": PageField(body_json, ref("body")),
        "featured_pages": PageField(
            lambda page, batch: _linked_pages(page.featured_pages.all(), batch), LINKED_PAGES
        ),
    },
    IndexPage: {
        **COMMON_FIELDS,
        "intro": PageField(lambda page, batch: rich_text_html(page.intro), HTML),
        "children": PageField(children_json, ref("index-children")),
    },
    ArticlePage: {
        **COMMON_FIELDS,
        "summary": PageField(lambda page, batch: page.summary, STRING),
        "date": PageField(lambda page, batch: _iso(page.date), DATE),
        "hero_image": PageField(
            lambda page, batch: _image(page.hero_image_id, batch), nullable(ref("image"))
        ),
        "authors": PageField(authors_json, array(ref("author"))),
        "tags": PageField(tags_json, array(STRING)),
        "body": PageField(body_json, ref("body")),
        "related_pages": PageField(
            lambda page, batch: _linked_pages(page.related_pages.all(), batch), LINKED_PAGES
        ),
    },
}

DEFAULT_LISTING_FIELDS = ("id", "meta", "title")


def field_names(model: type[Page]) -> tuple[str, ...]:
    """Every field the JSON of this page type has (only the common ones for Page)."""
    return tuple(FIELDS_BY_TYPE.get(model, COMMON_FIELDS))


def page_json(page: Page, batch: PageBatch, fields: tuple[str, ...] | None = None) -> dict:
    """The page's JSON: all its fields, or those named (unknown names are skipped)."""
    known = FIELDS_BY_TYPE.get(type(page), COMMON_FIELDS)
    names = known if fields is None else [name for name in fields if name in known]
    with serialization_scope(batch.scope):
        return {name: known[name].build(page, batch) for name in names}


def listing_page_json(page: IndexPage, batch: PageBatch, number: int) -> dict:
    """An index's JSON with page `number` of its listing as children (the export's pagination).

    The batch must have been given every listing page of this index (PageBatch listings).
    """
    first = batch.children[page.pk]
    batch.children[page.pk] = batch.listings[page.pk][number - 1]
    try:
        return page_json(page, batch)
    finally:
        batch.children[page.pk] = first
