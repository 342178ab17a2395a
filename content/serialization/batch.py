"""Loads everything a set of pages needs for their JSON in a fixed number of queries.

Serializing one page or a listing of twenty costs the same handful of queries:
the related rows each page type declares (authors, tags, related and featured
pages), breadcrumbs, index children, and every image, document and linked page,
each kind loaded at once.
"""

from collections.abc import Callable

from django.core.paginator import Page as ListingPage
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.functional import cached_property
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Site

from .listing import listing_page, summary_annotation
from .references import References, collect
from .registry import declaration_for, site_settings_for
from .renditions import SPECS, ensure_renditions
from .scope import SerializationScope
from .visibility import public_collection_ids, public_documents, public_images, public_pages, site_path


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
            page.pk: self.listings[page.pk][0] if page.pk in self.listings else listing_page(page)
            for page in pages
            if _lists_children(page) and self.wants("children")
        }
        self.breadcrumbs = self._load_breadcrumbs() if self.wants("breadcrumbs") else {}
        self.local_media = local_media
        self.scope = self._load_scope(media_base)

    def wants(self, field_name: str) -> bool:
        return self.fields is None or field_name in self.fields

    @cached_property
    def site_settings(self):
        return site_settings_for(self.site)

    def path(self, page: Page) -> str:
        return site_path(page, self.site)

    def _prefetch_relations(self) -> None:
        """Each page type's declared relations, for the fields asked for; one query per relation."""
        by_type: dict[type[Page], list[Page]] = {}
        for page in self.pages:
            by_type.setdefault(type(page), []).append(page)
        for model, pages in by_type.items():
            declared = declaration_for(model)
            if declared is None:
                continue
            prefetches = [make() for name, make in declared.prefetches.items() if self.wants(name)]
            _keep_unsaved_relations(pages, prefetches)
            prefetch_related_objects(pages, *prefetches)

    def _load_breadcrumbs(self) -> dict[str, Page]:
        paths = {page.path[:end] for page in self.pages for end in range(8, len(page.path), Page.steplen)}
        ancestors = self.visible.filter(path__in=paths).only("id", "title", "path", "url_path")
        return {page.path: page for page in ancestors}

    def _references(self) -> References:
        refs = References()
        for page in self.pages:
            self._page_references(page, refs)
        listed = [*self.children.values(), *(page for pages in self.listings.values() for page in pages)]
        for listing in listed:
            refs.images |= {child.hero_image_id for child in listing if getattr(child, "hero_image_id", None)}
        return refs

    def references_of(self, page: Page) -> References:
        """What this page's JSON refers to (asked for, visible or not), its listing's cards included."""
        refs = References()
        self._page_references(page, refs)
        for child in getattr(self.children.get(page.pk), "object_list", ()):
            if getattr(child, "hero_image_id", None):
                refs.images.add(child.hero_image_id)
        return refs

    def _page_references(self, page: Page, refs: References) -> None:
        declared = declaration_for(type(page))
        if declared is None:
            return
        image_ids = (getattr(page, f"{name}_id", None) for name in declared.image_fields)
        if self.wants("meta") or any(self.wants(name) for name in declared.image_fields):
            refs.images |= {image_id for image_id in image_ids if image_id}
        for model_field in type(page)._meta.concrete_fields:
            if not self.wants(model_field.name):
                continue
            if isinstance(model_field, StreamField):
                value = getattr(page, model_field.name)
                collect(value.stream_block, value.raw_data, refs)
            elif isinstance(model_field, RichTextField):
                refs.add_rich_text(getattr(page, model_field.name))
        if declared.references is not None:
            declared.references(page, refs)
        refs.pages |= {item.target_id for item in self.linked_items(page)}

    def _load_images(self, image_ids: set[int], collection_ids: list[int]) -> list:
        query = public_images(collection_ids).prefetch_renditions(*SPECS)
        images = ensure_renditions(list(query.filter(pk__in=image_ids)))
        # The site's default social image, only when some page has no visible image of its own.
        loaded = {image.pk for image in images}
        if self.wants("meta") and any(not _has_own_image(page, loaded) for page in self.pages):
            default_id = self.site_settings.default_social_image_id
            if default_id and default_id not in loaded:
                images += ensure_renditions(list(query.filter(pk=default_id)))
        return images

    def linked_items(self, page: Page) -> list:
        declared = declaration_for(type(page))
        relations = declared.linked_pages if declared else ()
        return [item for relation in relations for item in prefetched(page, relation)]

    def _load_scope(self, media_base: str) -> SerializationScope:
        refs = self._references()
        collection_ids = public_collection_ids()
        images = self._load_images(refs.images, collection_ids)
        linked = (
            self.visible.filter(pk__in=refs.pages)
            .annotate(**summary_annotation())
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


def _lists_children(page: Page) -> bool:
    declared = declaration_for(type(page))
    return declared is not None and declared.lists_children


def _has_own_image(page: Page, loaded: set[int]) -> bool:
    declared = declaration_for(type(page))
    names = declared.image_fields if declared else ()
    return any(getattr(page, f"{name}_id", None) in loaded for name in names)


def _keep_unsaved_relations(pages: list[Page], prefetches: list[Prefetch]) -> None:
    """A previewed draft carries its child rows in memory: those are what it shows, not the saved ones.

    Marking them as prefetched makes prefetch_related_objects skip the draft; what
    each row reads through (a relation's select_related) is loaded for all rows at once.
    """
    for page in pages:
        unsaved = getattr(page, "_cluster_related_objects", {})
        if not unsaved:
            continue
        cache = page.__dict__.setdefault("_prefetched_objects_cache", {})
        cache.update({name: list(rows) for name, rows in unsaved.items()})
        for prefetch in prefetches:
            targets = prefetch.queryset.query.select_related if prefetch.queryset is not None else None
            if isinstance(targets, dict) and prefetch.prefetch_through in cache:
                prefetch_related_objects(cache[prefetch.prefetch_through], *targets)


def prefetched(page: Page, relation: str) -> list:
    """The rows of a relation the batch loaded (or a draft carries); empty when not loaded."""
    return list(getattr(page, "_prefetched_objects_cache", {}).get(relation, []))
