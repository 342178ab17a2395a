"""Chooser blocks that take their objects from the active serialization scope.

Inside an API response or an export, every referenced image, document and page has
already been loaded in bulk (content.serialization.batch), so converting a body costs no
query; anything the scope left out (a draft, a private file) comes back as None.
Outside a scope (the admin, the ORM) they behave exactly like Wagtail's own.
"""

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock, ImageChooserBlock

from content.serialization.scope import lookup


def _are_ids(values) -> bool:
    return all(value is None or (isinstance(value, int) and not isinstance(value, bool)) for value in values)


class ScopedLookupMixin:
    scope_kind = ""

    def bulk_to_python(self, values):
        values = list(values)
        found = lookup(self.scope_kind, values) if _are_ids(values) else None
        return found if found is not None else super().bulk_to_python(values)

    def to_python(self, value):
        found = lookup(self.scope_kind, [value]) if _are_ids([value]) else None
        return found[0] if found is not None else super().to_python(value)


class ScopedImageChooserBlock(ScopedLookupMixin, ImageChooserBlock):
    scope_kind = "images"


class ScopedDocumentChooserBlock(ScopedLookupMixin, DocumentChooserBlock):
    scope_kind = "documents"


class ScopedPageChooserBlock(ScopedLookupMixin, blocks.PageChooserBlock):
    scope_kind = "pages"


class ScopedImageBlock(ImageBlock):
    """Wagtail's ImageBlock (alt text, decorative flag) with a scoped image chooser."""

    def __init__(self, required=True, **kwargs):
        super().__init__(required=required, **kwargs)
        chooser = ScopedImageChooserBlock(required=required)
        chooser.set_name("image")
        self.child_blocks["image"] = chooser
