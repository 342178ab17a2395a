"""Field builders: the common fields of every page, and the kinds page types declare theirs with.

A page type's registration reads like its JSON: text_field("summary"),
image_field("hero_image"), stream_field("body"), linked_pages_field("related_pages").
"""

from django.conf import settings
from wagtail.models import Page, Site

from .batch import PageBatch
from .objects import page_summary_json
from .registry import PageField, declaration_for, page_type_name
from .renditions import image_json
from .rich_text import rich_text_html
from .schema import DATE, HTML, INTEGER, STRING, array, nullable, ref


def iso(moment) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None


def image_by_id(image_id: int | None, batch: PageBatch) -> dict | None:
    image = batch.scope.images.get(image_id) if image_id else None
    return image_json(image) if image is not None else None


def public_base_url(site: Site) -> str:
    """Where the public reads a site: PUBLIC_BASE_URL for the default site, else its own root URL."""
    return ((settings.PUBLIC_BASE_URL if site.is_default_site else "") or site.root_url).rstrip("/")


def social_image_id(page: Page, batch: PageBatch) -> int | None:
    """The first of the page's own images the public may see, else the site's default."""
    declared = declaration_for(type(page))
    own = (getattr(page, f"{name}_id", None) for name in (declared.image_fields if declared else ()))
    social = next((image_id for image_id in own if image_id in batch.scope.images), None)
    if social is None and batch.site_settings.default_social_image_id in batch.scope.images:
        social = batch.site_settings.default_social_image_id
    return social


def meta_json(page: Page, batch: PageBatch) -> dict:
    path = batch.path(page)
    return {
        "type": page_type_name(page),
        "detail_url": batch.detail_url(page),
        "html_url": f"{public_base_url(batch.site)}{path}",
        "path": path,
        "slug": page.slug,
        "seo_title": page.seo_title or page.title,
        "search_description": page.search_description or getattr(page, "summary", ""),
        "social_image": image_by_id(social_image_id(page, batch), batch),
        "first_published_at": iso(page.first_published_at),
        "last_published_at": iso(page.last_published_at),
    }


def breadcrumbs_json(page: Page, batch: PageBatch) -> list[dict]:
    """Each live, public ancestor from the home page down, the page itself excluded."""
    prefixes = (page.path[:end] for end in range(8, len(page.path), Page.steplen))
    ancestors = [batch.breadcrumbs[p] for p in prefixes if p in batch.breadcrumbs]
    return [{"id": a.pk, "title": a.title, "path": batch.path(a)} for a in ancestors]


COMMON_FIELDS: dict[str, PageField] = {
    # A draft previewed before its first save has no id yet: 0, which no saved page has.
    "id": PageField(lambda page, batch: page.pk or 0, INTEGER),
    "meta": PageField(meta_json, ref("page-meta")),
    "title": PageField(lambda page, batch: page.title, STRING),
    "breadcrumbs": PageField(breadcrumbs_json, array(ref("page-link"))),
}


def text_field(name: str) -> PageField:
    return PageField(lambda page, batch: getattr(page, name), STRING)


def date_field(name: str) -> PageField:
    return PageField(lambda page, batch: iso(getattr(page, name)), DATE)


def rich_text_field(name: str) -> PageField:
    return PageField(lambda page, batch: rich_text_html(getattr(page, name)), HTML)


def image_field(name: str) -> PageField:
    """An image foreign key: the image's JSON, or null when it is unset or not public."""
    return PageField(
        lambda page, batch: image_by_id(getattr(page, f"{name}_id"), batch), nullable(ref("image"))
    )


def stream_field(name: str) -> PageField:
    """A StreamField of the body blocks: each block shapes its own JSON."""

    def build(page: Page, batch: PageBatch) -> list[dict]:
        value = getattr(page, name)
        return value.stream_block.get_api_representation(value, context={})

    return PageField(build, ref("body"))


def linked_pages_field(relation: str) -> PageField:
    """Rows pointing at other pages through `target`: the summaries of those the public may see."""

    def build(page: Page, batch: PageBatch) -> list[dict]:
        linked = (
            page_summary_json(batch.scope.pages.get(item.target_id)) for item in getattr(page, relation).all()
        )
        return [summary for summary in linked if summary is not None]

    return PageField(build, array(ref("page-summary")))


def card_json(child: Page, batch: PageBatch) -> dict:
    """One child in an index's listing, from the card columns listing.py annotates."""
    return {
        "id": child.pk,
        "type": page_type_name(child.specific_class or Page),
        "title": child.title,
        "path": batch.path(child),
        "summary": child.summary or "",
        "date": iso(child.listing_date),
        "hero_image": image_by_id(child.hero_image_id, batch),
    }


def children_json(page: Page, batch: PageBatch) -> dict:
    listing = batch.children[page.pk]
    return {
        "total_count": listing.paginator.count,
        "page_size": listing.paginator.per_page,
        "items": [card_json(child, batch) for child in listing],
    }


# An index's field: one page of its listing (the first, or the export's page N).
CHILDREN_FIELD = PageField(children_json, ref("index-children"))
