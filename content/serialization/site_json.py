"""The site response: what every page's chrome needs, in one request."""

from wagtail.models import Site

from .navigation import main_menu_pages
from .references import References, collect
from .registry import site_settings_for
from .renditions import SPECS, ensure_renditions, image_json
from .scope import SerializationScope, serialization_scope
from .visibility import public_images, public_pages, site_path


def _scope(settings, site: Site, media_base: str, local_media: bool) -> SerializationScope:
    refs = References()
    collect(settings.footer_links.stream_block, settings.footer_links.raw_data, refs)
    if settings.default_social_image_id:
        refs.images.add(settings.default_social_image_id)
    images = ensure_renditions(list(public_images().filter(pk__in=refs.images).prefetch_renditions(*SPECS)))
    pages = {}
    for page in public_pages(site).filter(pk__in=refs.pages).only("id", "title", "url_path"):
        page.api_path = site_path(page, site)
        pages[page.pk] = page
    return SerializationScope(
        images={image.pk: image for image in images},
        pages=pages,
        media_base=media_base,
        local_media=local_media,
    )


def site_json(site: Site, media_base: str, local_media: bool = False) -> dict:
    """local_media: link media under MEDIA_URL, where the export copies them."""
    settings = site_settings_for(site)
    scope = _scope(settings, site, media_base, local_media)
    with serialization_scope(scope):
        social = scope.images.get(settings.default_social_image_id)
        return {
            "site_name": settings.site_name,
            "tagline": settings.tagline,
            "root": {"id": site.root_page_id, "path": "/"},
            "default_social_image": image_json(social) if social else None,
            "menu": [
                {"id": page.pk, "title": page.title, "path": site_path(page, site)}
                for page in main_menu_pages(site).only("id", "title", "url_path")
            ],
            "footer_links": [
                link["value"]
                for link in settings.footer_links.stream_block.get_api_representation(settings.footer_links)
            ],
        }
