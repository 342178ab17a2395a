"""The body StreamBlock shared by every page type. There is no raw HTML block."""

from wagtail import blocks

from .links import CallToActionBlock, CardsBlock
from .media import CaptionedImageBlock, DocumentBlock, VideoBlock
from .text import CodeBlock, HeadingBlock, ParagraphBlock, QuoteBlock, TableBlock


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    code = CodeBlock()
    table = TableBlock()
    cards = CardsBlock()
    document = DocumentBlock()
    video = VideoBlock()

    class Meta:
        icon = "doc-full-inverse"


BODY_BLOCK_NAMES = tuple(BodyBlock.base_blocks)
