"""Media blocks: images with caption and credit, document downloads, videos by URL."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from wagtail import blocks

from content.serialization.objects import document_json
from content.serialization.renditions import image_json
from content.serialization.schema import STRING, enum, nullable, obj, ref

from .choosers import ScopedDocumentChooserBlock, ScopedImageBlock


class CaptionedImageBlock(blocks.StructBlock):
    image = ScopedImageBlock()
    caption = blocks.CharBlock(required=False, max_length=300)
    credit = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "image"
        label = "Image"

    def get_api_representation(self, value, context=None):
        if value["image"] is None:
            return None  # the image was deleted, or is in a private collection
        return {
            **image_json(value["image"]),
            "caption": value["caption"],
            "credit": value["credit"],
        }

    def api_schema(self) -> dict:
        return nullable(ref("captioned-image"))


class DocumentBlock(blocks.StructBlock):
    document = ScopedDocumentChooserBlock()
    label = blocks.CharBlock(
        required=False, max_length=120, help_text="Link text; the document title if empty."
    )

    class Meta:
        icon = "doc-full"
        label = "Document"

    def get_api_representation(self, value, context=None):
        document = document_json(value["document"])
        label = value["label"] or (document["title"] if document else "")
        return {"document": document, "label": label}

    def api_schema(self) -> dict:
        return obj({"document": nullable(ref("document")), "label": STRING})


def validate_video_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValidationError("Enter the web address of the video, starting with https://.")


class VideoBlock(blocks.StructBlock):
    """A video by URL only: nothing is fetched from the network to save or show it."""

    url = blocks.URLBlock(
        validators=[validate_video_url], help_text="e.g. a YouTube link.", search_index=False
    )
    title = blocks.CharBlock(required=False, max_length=200)
    caption = blocks.CharBlock(required=False, max_length=300)

    class Meta:
        icon = "media"
        label = "Video"

    def get_api_representation(self, value, context=None):
        provider, embed_url = video_embed(value["url"])
        return {
            "url": value["url"],
            "title": value["title"],
            "caption": value["caption"],
            "provider": provider,
            "embed_url": embed_url,
        }

    def api_schema(self) -> dict:
        return obj(
            {
                "url": STRING,
                "title": STRING,
                "caption": STRING,
                "provider": nullable(enum(["youtube", "vimeo"])),
                "embed_url": nullable(STRING),
            }
        )


def video_embed(url: str) -> tuple[str | None, str | None]:
    """The provider and player URL of a YouTube or Vimeo link, worked out without a request."""
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.").removeprefix("m.")
    video_id = None
    if host == "youtu.be":
        video_id = parts.path.strip("/")
    elif host == "youtube.com":
        query = dict(pair.split("=", 1) for pair in parts.query.split("&") if "=" in pair)
        video_id = query.get("v")
        if parts.path.startswith(("/embed/", "/shorts/")):
            video_id = parts.path.split("/")[2]
    if video_id and video_id.replace("-", "").replace("_", "").isalnum():
        return "youtube", f"https://www.youtube-nocookie.com/embed/{video_id}"
    if host == "vimeo.com" and parts.path.strip("/").isdigit():
        return "vimeo", f"https://player.vimeo.com/video/{parts.path.strip('/')}"
    return None, None
