"""Builds stored documents with the serializer, and notes what each was built from.

A document holds the JSON the API serves, rendered by the API's own renderer, with
ORIGIN where the requesting host goes (media and detail URLs are absolute, and the
same document serves every host the site answers on); reading puts the host back.
"""

import hashlib
import json
from dataclasses import dataclass, field

from rest_framework.renderers import JSONRenderer
from wagtail.models import Page, Site

from content.serialization.batch import PageBatch
from content.serialization.objects import api_detail_url
from content.serialization.page_json import fields_of, page_json
from content.serialization.references import References, collect
from content.serialization.registry import declaration_for, page_types, registry_generation, site_settings_for
from content.serialization.schema import CONTRACT_VERSION
from content.serialization.site_json import site_json

# A reserved domain (RFC 2606): no real URL in content can contain it.
ORIGIN = "http://cms-origin.invalid"
# Bump when a field builder's output changes without a change of fields or schemas.
SERIALIZER_REVISION = 1
_renderer = JSONRenderer()


@dataclass
class Built:
    body: bytes
    content_hash: str
    dependencies: set[tuple[str, int]] = field(default_factory=set)
    path: str = ""  # a page's path relative to its site (meta.path); "" for a site document
    page_type: str = ""  # a page's meta.type


_version_cache: dict[int, str] = {}


def serializer_version() -> str:
    """What documents are built with: the contract version, the revision and every registered field."""
    generation = registry_generation()
    if generation not in _version_cache:
        _version_cache.clear()
        _version_cache[generation] = _computed_version()
    return _version_cache[generation]


def _computed_version() -> str:
    registry = {
        declared.name: {name: field.schema for name, field in fields_of(declared.model).items()}
        for declared in page_types()
    }
    text = json.dumps([CONTRACT_VERSION, SERIALIZER_REVISION, registry], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def render(data: dict) -> bytes:
    """Bytes exactly as the API's JSONRenderer writes them (compact, UTF-8)."""
    return _renderer.render(data, renderer_context={"indent": None})


def _built(data: dict, dependencies: set[tuple[str, int]], meta: dict | None = None) -> Built:
    body = render(data)
    meta = meta or {}
    return Built(
        body, hashlib.sha256(body).hexdigest(), dependencies, meta.get("path", ""), meta.get("type", "")
    )


def build_page_documents(pages: list[Page], site: Site) -> dict[int, Built]:
    """Each page's document and dependencies, from one PageBatch (a fixed number of queries)."""
    api_base = f"{ORIGIN}/api/v2/"
    batch = PageBatch(pages, site, ORIGIN, lambda page: api_detail_url(api_base, page.pk))
    built = {}
    for page in pages:
        data = page_json(page, batch)
        built[page.pk] = _built(data, page_dependencies(page, batch), data["meta"])
    return built


def page_dependencies(page: Page, batch: PageBatch) -> set[tuple[str, int]]:
    """Rows this page's JSON was read from, beyond the page itself, its parent and its ancestors.

    Pages, images and documents it refers to count whether or not the public may see
    them now: one becoming public changes the JSON too.
    """
    refs = batch.references_of(page)
    dependencies = {("page", pk) for pk in refs.pages}
    dependencies |= {("image", pk) for pk in refs.images} | {("document", pk) for pk in refs.documents}
    dependencies |= refs.others
    declared = declaration_for(type(page))
    own_images = (getattr(page, f"{name}_id", None) for name in (declared.image_fields if declared else ()))
    if not any(image_id in batch.scope.images for image_id in own_images):
        # Its social image is the site's default: which one the settings name, and that image.
        dependencies.add(("settings", batch.site.pk))
        default_id = batch.site_settings.default_social_image_id
        if default_id:
            dependencies.add(("image", default_id))
    return dependencies


def build_site_document(site: Site) -> Built:
    data = site_json(site, ORIGIN)
    settings = site_settings_for(site)
    refs = References()
    collect(settings.footer_links.stream_block, settings.footer_links.raw_data, refs)
    dependencies = {("settings", site.pk)} | {("page", pk) for pk in refs.pages}
    dependencies |= {("page", item["id"]) for item in data["menu"]}
    if settings.default_social_image_id:
        dependencies.add(("image", settings.default_social_image_id))
    return _built(data, dependencies)
