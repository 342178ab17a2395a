"""Demo images and documents, drawn and written locally: nothing is downloaded."""

import io

from django.core.files.base import ContentFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction

from . import markers

# (title, size, two gradient colours)
IMAGE_SPECS = [
    ("Harbour at dawn", (1600, 900), ((18, 52, 86), (240, 160, 80))),
    ("Forest canopy", (1200, 800), ((20, 70, 40), (170, 210, 120))),
    ("City at night", (1600, 1000), ((10, 10, 40), (120, 60, 160))),
    ("Desert road", (1400, 933), ((200, 120, 60), (250, 220, 160))),
    ("Mountain lake", (1800, 1200), ((30, 90, 140), (200, 230, 250))),
    ("Portrait placeholder", (600, 600), ((90, 90, 110), (210, 200, 190))),
]


def draw_image(size: tuple[int, int], colours) -> bytes:
    """A vertical gradient with a few shapes, so renditions have real detail to resize."""
    width, height = size
    (r1, g1, b1), (r2, g2, b2) = colours
    picture = PILImage.new("RGB", size)
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        t = y / max(height - 1, 1)
        draw.line(
            [(0, y), (width, y)],
            fill=(round(r1 + (r2 - r1) * t), round(g1 + (g2 - g1) * t), round(b1 + (b2 - b1) * t)),
        )
    for i in range(5):
        x, y, r = width * (i + 1) // 6, height // 2 + (i % 2) * height // 8, min(size) // 10
        draw.ellipse([x - r, y - r, x + r, y + r], outline=(255, 255, 255), width=4)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def private_collection() -> Collection:
    """A collection only signed-in users may see, for files that must never go public."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name="Private").first()
    if collection is None:
        collection = root.add_child(name="Private")
    CollectionViewRestriction.objects.get_or_create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collection


def ensure_image(title: str, size, colours, collection: Collection | None = None) -> Image:
    image = Image.objects.filter(title=title).first()
    if image is None:
        slug = title.lower().replace(" ", "-")
        image = Image(title=title, file=ContentFile(draw_image(size, colours), name=f"{slug}.png"))
        if collection is not None:
            image.collection = collection
        image.save()
    return image


def ensure_images() -> dict[str, Image]:
    images = {title: ensure_image(title, size, colours) for title, size, colours in IMAGE_SPECS}
    private_title = f"Private floor plan {markers.PRIVATE_COLLECTION}"
    images["private"] = ensure_image(
        private_title, (800, 600), ((60, 60, 60), (150, 40, 40)), private_collection()
    )
    return images


def ensure_document(title: str, text: str, collection: Collection | None = None) -> Document:
    document = Document.objects.filter(title=title).first()
    if document is None:
        slug = title.lower().replace(" ", "-")
        content = text.encode()
        document = Document(
            title=title, file=ContentFile(content, name=f"{slug}.txt"), file_size=len(content)
        )
        if collection is not None:
            document.collection = collection
        document.save()
    return document


def ensure_documents() -> dict[str, Document]:
    return {
        "guide": ensure_document("Reader's guide", "How to read this site: sections, tags and authors.\n"),
        "annual_report": ensure_document(
            "Annual report 2025", "Summary of the year: 48 articles, 12 authors, 3 sections.\n"
        ),
        "private": ensure_document(
            f"Internal memo {markers.PRIVATE_COLLECTION}",
            f"Staff only. {markers.PRIVATE_COLLECTION}\n",
            private_collection(),
        ),
    }
