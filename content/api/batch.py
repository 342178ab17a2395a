"""Loads everything a set of pages needs for their JSON in a fixed number of queries.

Serializing one page or a listing of twenty costs the same handful of queries:
the related rows (authors, tags, related and featured pages, breadcrumbs, index
children) and every image, document and linked page, each kind loaded at once.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import F, Prefetch, prefetch_related_objects
from django.utils.functional import cached_property
from wagtail.models import Page, Site

from content.models import ArticlePage, ArticlePageAuthor, ArticlePageTag, IndexPage, SiteSettings

from .references import References, collect
from .renditions import SPECS, ensure_renditions
from .scope import SerializationScope
from .visibility import public_collection_ids, public_documents, public_images, public_pages, site_path

IMAGE_FIELDS = ("hero_image_id", "social_image_id")


class PageBatch:
    """The pages of one response, with what their serialization will look up."""

    def __init__(
        self,
        pages: list[Page],
        site: Site,
        media_base: str,
        api_base: str,
        visible=None,
        fields: tuple[str, ...] | None = None,
        detail_suffix: str = "",
    ):
        """fields: the JSON fields that will be asked for (None: all); nothing else is loaded."""
        self.pages, self.site, self.api_base, self.fields = pages, site, api_base, fields
        self.detail_suffix = detail_suffix  # e.g. ?site=... so detail URLs stay on the same site
        # The public pages of the site; evaluating view restrictions once per batch.
        self.visible = visible if visible is not None else public_pages(site)
        self._prefetch_relations()
        self.children = {
            page.pk: first_listing_page(page)
            for page in pages
            if isinstance(page, IndexPage) and self.wants("children")
        }
        self.breadcrumbs = self._load_breadcrumbs() if self.wants("breadcrumbs") else {}
        self.scope = self._load_scope(media_base)

    def wants(self, field_name: str) -> bool:
        return self.fields is None or field_name in self.fields

    @cached_property
    def site_settings(self) -> SiteSettings:
        return SiteSettings.for_site(self.site)

    def path(self, page: Page) -> str:
        return site_path(page, self.site)

    def _prefetch_relations(self) -> None:
        articles = [page for page in self.pages if isinstance(page, ArticlePage)]
        authors = ArticlePageAuthor.objects.select_related("person").order_by("sort_order")
        relations = {
            "authors": Prefetch("authors", queryset=authors),
            "tags": Prefetch("tagged_items", queryset=ArticlePageTag.objects.select_related("tag")),
            "related_pages": "related_pages",
        }
        prefetch_related_objects(articles, *(v for k, v in relations.items() if self.wants(k)))
        if self.wants("featured_pages"):
            homes = [page for page in self.pages if hasattr(page, "featured_pages")]
            prefetch_related_objects(homes, "featured_pages")

    def _load_breadcrumbs(self) -> dict[str, Page]:
        paths = {page.path[:end] for page in self.pages for end in range(8, len(page.path), Page.steplen)}
        ancestors = self.visible.filter(path__in=paths).only("id", "title", "path", "url_path")
        return {page.path: page for page in ancestors}

    def _references(self) -> References:
        refs = References()
        for page in self.pages:
            if self.wants("meta") or self.wants("hero_image"):
                refs.images |= {getattr(page, name) for name in IMAGE_FIELDS if getattr(page, name, None)}
            if hasattr(page, "body") and self.wants("body"):
                collect(page.body.stream_block, page.body.raw_data, refs)
            if self.wants("intro"):
                refs.add_rich_text(getattr(page, "intro", ""))
            authors = _prefetched(page, "authors")
            refs.images |= {author.person.photo_id for author in authors if author.person.photo_id}
            refs.pages |= {item.target_id for item in self.linked_items(page)}
        for listing in self.children.values():
            refs.images |= {child.hero_image_id for child in listing if getattr(child, "hero_image_id", None)}
        return refs

    def _load_images(self, image_ids: set[int], collection_ids: list[int]) -> list:
        query = public_images(collection_ids).prefetch_renditions(*SPECS)
        images = ensure_renditions(list(query.filter(pk__in=image_ids)))
        # The site's default social image, only when some page has no visible image of its own.
        loaded = {image.pk for image in images}
        if self.wants("meta") and any(
            not any(getattr(page, name, None) in loaded for name in IMAGE_FIELDS) for page in self.pages
        ):
            default_id = self.site_settings.default_social_image_id
            if default_id and default_id not in loaded:
                images += ensure_renditions(list(query.filter(pk=default_id)))
        return images

    def linked_items(self, page: Page) -> list:
        return [*_prefetched(page, "related_pages"), *_prefetched(page, "featured_pages")]

    def _load_scope(self, media_base: str) -> SerializationScope:
        refs = self._references()
        collection_ids = public_collection_ids()
        images = self._load_images(refs.images, collection_ids)
        linked = (
            self.visible.filter(pk__in=refs.pages)
            .annotate(summary=F("articlepage__summary"))
            .only("id", "title", "path", "url_path", "content_type_id")
        )
        pages = {}
        for page in linked:
            page.api_path = self.path(page)
            pages[page.pk] = page
        return SerializationScope(
            images={image.pk: image for image in images},
            documents={doc.pk: doc for doc in public_documents(collection_ids).filter(pk__in=refs.documents)},
            pages=pages,
            media_base=media_base,
        )


def _prefetched(page: Page, relation: str) -> list:
    return list(getattr(page, "_prefetched_objects_cache", {}).get(relation, []))


def first_listing_page(index: IndexPage):
    """The first page of an index's children, with what a listing card shows."""
    children = index.listed_children().annotate(
        summary=F("articlepage__summary"), hero_image_id=F("articlepage__hero_image_id")
    )
    return Paginator(children, settings.INDEX_PAGE_SIZE).get_page(1)
