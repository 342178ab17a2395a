"""Link blocks: calls to action, cards and footer links, each pointing at one place."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from content.serialization.objects import link_target, page_link_json
from content.serialization.renditions import image_json
from content.serialization.schema import STRING, nullable, obj, ref

from .choosers import ScopedImageChooserBlock, ScopedPageChooserBlock

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


LINK_PROPERTIES = {
    "page": nullable(ref("page-link")),
    "url": nullable(STRING),
    "href": nullable(STRING),
}


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False)
    button_label = blocks.CharBlock(max_length=60)
    page = ScopedPageChooserBlock(required=False, help_text="An internal page, or…")
    url = blocks.URLBlock(required=False, help_text="…an external URL. Set exactly one.", search_index=False)

    class Meta:
        icon = "pick"
        label = "Call to action"

    def schema_properties(self) -> dict:
        return {"title": STRING, "text": STRING, "button_label": STRING, **LINK_PROPERTIES}

    def get_api_representation(self, value, context=None):
        page = page_link_json(value["page"])
        return {
            "title": value["title"],
            "text": value["text"],
            "button_label": value["button_label"],
            "page": page,
            "url": value["url"] or None,
            "href": link_target(page, value["url"]),
        }

    def api_schema(self) -> dict:
        return obj(self.schema_properties())

    def clean(self, value):
        cleaned = super().clean(value)
        check_single_link(cleaned, required=True)
        return cleaned


class CardBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False)
    image = ScopedImageChooserBlock(required=False)
    page = ScopedPageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, search_index=False)

    class Meta:
        icon = "form"
        label = "Card"

    def schema_properties(self) -> dict:
        return {"title": STRING, "text": STRING, "image": nullable(ref("image")), **LINK_PROPERTIES}

    def get_api_representation(self, value, context=None):
        page = page_link_json(value["page"])
        return {
            "title": value["title"],
            "text": value["text"],
            "image": image_json(value["image"]) if value["image"] else None,
            "page": page,
            "url": value["url"] or None,
            "href": link_target(page, value["url"]),
        }

    def api_schema(self) -> dict:
        return obj(self.schema_properties())

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
    page = ScopedPageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, search_index=False)

    class Meta:
        icon = "link"
        label = "Link"

    def schema_properties(self) -> dict:
        return {"label": STRING, **LINK_PROPERTIES}

    def get_api_representation(self, value, context=None):
        page = page_link_json(value["page"])
        return {
            "label": value["label"],
            "page": page,
            "url": value["url"] or None,
            "href": link_target(page, value["url"]),
        }

    def api_schema(self) -> dict:
        return obj(self.schema_properties())

    def clean(self, value):
        cleaned = super().clean(value)
        check_single_link(cleaned, required=True)
        return cleaned
