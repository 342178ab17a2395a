"""Link blocks: calls to action, cards and footer links, each pointing at one place."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

BOTH_LINKS = "Choose an internal page or enter an external URL, not both."
NO_LINK = "Choose an internal page or enter an external URL."


def check_single_link(value, required: bool) -> None:
    """Refuse a link that has both an internal page and an external URL, or neither."""
    has_page, has_url = bool(value.get("page")), bool(value.get("url"))
    if has_page and has_url:
        message = BOTH_LINKS
    elif required and not (has_page or has_url):
        message = NO_LINK
    else:
        return
    raise StructBlockValidationError(
        block_errors={"page": ValidationError(message), "url": ValidationError(message)},
        non_block_errors=[ValidationError(message)],
    )


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False)
    button_label = blocks.CharBlock(max_length=60)
    page = blocks.PageChooserBlock(required=False, help_text="An internal page, or…")
    url = blocks.URLBlock(required=False, help_text="…an external URL. Set exactly one.")

    class Meta:
        icon = "pick"
        label = "Call to action"

    def clean(self, value):
        cleaned = super().clean(value)
        check_single_link(cleaned, required=True)
        return cleaned


class CardBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False)
    image = ImageChooserBlock(required=False)
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False)

    class Meta:
        icon = "form"
        label = "Card"

    def clean(self, value):
        cleaned = super().clean(value)
        check_single_link(cleaned, required=False)
        return cleaned


class CardsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    cards = blocks.ListBlock(CardBlock(), min_num=1)

    class Meta:
        icon = "grip"
        label = "Cards"


class FooterLinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=60)
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False)

    class Meta:
        icon = "link"
        label = "Link"

    def clean(self, value):
        cleaned = super().clean(value)
        check_single_link(cleaned, required=True)
        return cleaned
