"""Builders for body blocks in StreamField's stored form, used by the demo content."""

import uuid

from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page


def _block(block_type: str, value) -> dict:
    return {"type": block_type, "value": value, "id": str(uuid.uuid4())}


def heading(text: str, level: str = "h2") -> dict:
    return _block("heading", {"text": text, "level": level})


def paragraph(html: str) -> dict:
    return _block("paragraph", html)


def page_link(page: Page, text: str) -> str:
    return f'<a linktype="page" id="{page.pk}">{text}</a>'


def document_link(document: Document, text: str) -> str:
    return f'<a linktype="document" id="{document.pk}">{text}</a>'


def image(picture: Image, caption: str = "", credit: str = "", decorative: bool = False) -> dict:
    alt_text = "" if decorative else f"{picture.title}, photographed for the demo site"
    return _block(
        "image",
        {
            "image": {"image": picture.pk, "decorative": decorative, "alt_text": alt_text},
            "caption": caption,
            "credit": credit,
        },
    )


def quote(text: str, attribution: str = "") -> dict:
    return _block("quote", {"text": text, "attribution": attribution})


def call_to_action(title: str, text: str, label: str, page: Page | None = None, url: str = "") -> dict:
    return _block(
        "call_to_action",
        {
            "title": title,
            "text": text,
            "button_label": label,
            "page": page.pk if page else None,
            "url": url,
        },
    )


def code(language: str, source: str) -> dict:
    return _block("code", {"language": language, "code": source})


def table(caption: str, headings: list[tuple[str, str]], rows: list[list]) -> dict:
    """headings: (column type, heading) pairs; rows: cell values in column order."""
    return _block(
        "table",
        {
            "caption": caption,
            "columns": [{"type": kind, "heading": text} for kind, text in headings],
            "rows": [{"values": values} for values in rows],
        },
    )


def cards(heading_text: str, items: list[dict]) -> dict:
    """items: dicts with title, text and optionally image (Image), page (Page) or url."""
    return _block(
        "cards",
        {
            "heading": heading_text,
            "cards": [
                {
                    "type": "item",
                    "id": str(uuid.uuid4()),
                    "value": {
                        "title": item["title"],
                        "text": item.get("text", ""),
                        "image": item["image"].pk if item.get("image") else None,
                        "page": item["page"].pk if item.get("page") else None,
                        "url": item.get("url", ""),
                    },
                }
                for item in items
            ],
        },
    )


def document(doc: Document, label: str = "") -> dict:
    return _block("document", {"document": doc.pk, "label": label})


def video(url: str, title: str, caption: str = "") -> dict:
    return _block("video", {"url": url, "title": title, "caption": caption})
