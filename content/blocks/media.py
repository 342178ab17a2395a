"""Media blocks: images with caption and credit, document downloads, videos by URL."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageBlock()
    caption = blocks.CharBlock(required=False, max_length=300)
    credit = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "image"
        label = "Image"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    label = blocks.CharBlock(
        required=False, max_length=120, help_text="Link text; the document title if empty."
    )

    class Meta:
        icon = "doc-full"
        label = "Document"


def validate_video_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValidationError("Enter the web address of the video, starting with https://.")


class VideoBlock(blocks.StructBlock):
    """A video by URL only: nothing is fetched from the network to save or show it."""

    url = blocks.URLBlock(validators=[validate_video_url], help_text="e.g. a YouTube link.")
    title = blocks.CharBlock(required=False, max_length=200)
    caption = blocks.CharBlock(required=False, max_length=300)

    class Meta:
        icon = "media"
        label = "Video"
