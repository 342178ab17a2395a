"""The fixed set of image renditions every image in the API comes with.

Names are part of the frontend contract. Widths never upscale: an image narrower
than a rendition's width comes back at its own width.
"""

import logging

from wagtail.images.models import AbstractImage, Filter, SourceImageIOError

from .scope import current_scope

RENDITIONS: dict[str, str] = {
    "thumbnail": "fill-160x160|format-webp",
    "small": "width-480|format-webp",
    "medium": "width-960|format-webp",
    "large": "width-1600|format-webp",
    "medium_jpeg": "width-960|format-jpeg",
    "social": "fill-1200x630|format-jpeg",
}
# The renditions a browser picks from, by width, for the ready-made srcset.
SRCSET_RENDITIONS = ("small", "medium", "large")
logger = logging.getLogger(__name__)
SPECS = tuple(RENDITIONS.values())
# Filter objects parse their spec once; Wagtail would parse a string spec on every call.
FILTERS = tuple(Filter(spec=spec) for spec in SPECS)


def ensure_renditions(images: list[AbstractImage]) -> list[AbstractImage]:
    """Create any missing renditions and keep them on each image for image_json.

    The images must come from prefetch_renditions(*SPECS), so that finding the
    existing renditions costs no query. Returns the images that have renditions:
    one whose original file is missing or unreadable is logged and left out, so
    it is treated as absent instead of failing the response.
    """
    usable = []
    for image in images:
        try:
            image.api_renditions = image.get_renditions(*FILTERS)
        except SourceImageIOError:
            logger.warning("image %s has no readable file; left out of the API", image.pk)
            continue
        usable.append(image)
    return usable


def _renditions_json(image: AbstractImage) -> dict:
    scope = current_scope()
    cached = scope.image_renditions.get(image.pk)
    if cached is not None:
        return cached
    renditions = getattr(image, "api_renditions", None) or image.get_renditions(*FILTERS)
    named = {
        name: {
            "url": scope.media_url(renditions[spec].file),
            "width": renditions[spec].width,
            "height": renditions[spec].height,
        }
        for name, spec in RENDITIONS.items()
    }
    widths = {}
    for name in SRCSET_RENDITIONS:
        widths.setdefault(named[name]["width"], named[name]["url"])
    srcset = ", ".join(f"{url} {width}w" for width, url in sorted(widths.items()))
    scope.image_renditions[image.pk] = {"renditions": named, "srcset": srcset}
    return scope.image_renditions[image.pk]


def image_json(image: AbstractImage) -> dict:
    decorative = bool(getattr(image, "decorative", False))
    alt = getattr(image, "contextual_alt_text", None)
    return {
        "id": image.pk,
        "title": image.title,
        "alt": "" if decorative else (alt if alt is not None else image.default_alt_text or ""),
        "decorative": decorative,
        "width": image.width,
        "height": image.height,
        **_renditions_json(image),
    }
