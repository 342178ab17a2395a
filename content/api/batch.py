"""Loads everything a set of pages needs for their JSON in a fixed number of queries.

Serializing one page or a listing of twenty costs the same handful of queries:
the related rows (authors, tags, related and featured pages, breadcrumbs, index
children) and every image, document and linked page, each kind loaded at once.
"""

from collections.abc import Callable

from django.conf import settings
from django.core.paginator import Page as ListingPage
from django.core.paginator import Paginator
from django.db.models import F, Prefetch, prefetch_related_objects
from django.utils.functional import cached_property
from wagtail.models import Page, Site

from content.models import (
    ArticlePage,
    ArticlePageAuthor,
    ArticlePageRelatedPage,
    ArticlePageTag,
    IndexPage,
    SiteSettings,
)
from home.models import HomePage, HomePageFeaturedPage

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
        detail_url: Callable[[Page], str],
        visible=None,
        fields: tuple[str, ...] | None = None,
        listings: dict[int, list[ListingPage]] | None = None,
        local_media: bool = False,
    ):
        """fields: the JSON fields that will be asked for (None: all); nothing else is loaded.

        detail_url: where a client fetches one page's JSON (the API, or the static mirror).
        listings: every page of some indexes' listings (the export renders them all);
        other indexes get the first page of theirs.
        local_media: link media under MEDIA_URL, where the export copies them.
        """
        self.pages, self.site, self.detail_url, self.fields = pages, site, detail_url, fields
        # The public pages of the site; evaluating view restrictions once per batch.
        self.visible = visible if visible is not None else public_pages(site)
        self._prefetch_relations()
        self.listings = listings or {}
        self.children = {
            page.pk: self.listings[page.pk][0] if page.pk in self.listings else first_listing_page(page)
            for page in pages
            if isinstance(page, IndexPage) and self.wants("children")
        }
        self.breadcrumbs = self._load_breadcrumbs() if self.wants("breadcrumbs") else {}
        self.local_media = local_media
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
        # Each Prefetch names its queryset: without one, modelcluster's managers build a
        # filtered queryset per page while distributing the results (a third of the cost).
        relations = {
            "authors": Prefetch("authors", queryset=authors),
            "tags": Prefetch("tagged_items", queryset=ArticlePageTag.objects.select_related("tag")),
            "related_pages": Prefetch("related_pages", queryset=ArticlePageRelatedPage.objects.all()),
        }
        _keep_unsaved_relations(self.pages)
        prefetch_related_objects(articles, *(v for k, v in relations.items() if self.wants(k)))
        if self.wants("featured_pages"):
            homes = [page for page in self.pages if isinstance(page, HomePage)]
            featured = HomePageFeaturedPage.objects.all()
            prefetch_related_objects(homes, Prefetch("featured_pages", queryset=featured))

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
        listed = [*self.children.values(), *(page for pages in self.listings.values() for page in pages)]
        for listing in listed:
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
            local_media=self.local_media,
        )


# What the JSON reads through each kind of in-memory child row, loaded for all rows at once.
UNSAVED_ROW_TARGETS = {"authors": "person", "tagged_items": "tag"}


def _keep_unsaved_relations(pages: list[Page]) -> None:
    """A previewed draft carries its child rows in memory: those are what it shows, not the saved ones.

    Marking them as prefetched makes prefetch_related_objects skip the draft.
    """
    for page in pages:
        unsaved = getattr(page, "_cluster_related_objects", {})
        if unsaved:
            cache = page.__dict__.setdefault("_prefetched_objects_cache", {})
            cache.update({name: list(rows) for name, rows in unsaved.items()})
            for relation, target in UNSAVED_ROW_TARGETS.items():
                prefetch_related_objects(cache.get(relation, []), target)


def _prefetched(page: Page, relation: str) -> list:
    return list(getattr(page, "_prefetched_objects_cache", {}).get(relation, []))


def _listed_children(index: IndexPage):
    """An index's children with what a listing card shows."""
    return (
        index.listed_children()
        .annotate(summary=F("articlepage__summary"), hero_image_id=F("articlepage__hero_image_id"))
        .only("id", "title", "path", "url_path", "content_type_id", "first_published_at")
    )


def first_listing_page(index: IndexPage) -> ListingPage:
    return Paginator(_listed_children(index), settings.INDEX_PAGE_SIZE).get_page(1)


def all_listing_pages(index: IndexPage) -> list[ListingPage]:
    """Every page of an index's listing, from one query (page 1 exists even when empty)."""
    paginator = Paginator(list(_listed_children(index)), settings.INDEX_PAGE_SIZE)
    return [paginator.page(number) for number in paginator.page_range]
