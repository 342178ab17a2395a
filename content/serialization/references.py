"""Finds every image, document and page that stored StreamField data refers to.

Walks the raw (stored) JSON alongside the block definitions, so nothing has to be
converted or queried to learn what a response needs to load.
"""

from dataclasses import dataclass, field

from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock, ImageChooserBlock

from .rich_text import linked_ids


@dataclass
class References:
    images: set[int] = field(default_factory=set)
    documents: set[int] = field(default_factory=set)
    pages: set[int] = field(default_factory=set)
    # Other rows a page's JSON reads, by kind (e.g. "person"): what the delivery store tracks.
    others: set[tuple[str, int]] = field(default_factory=set)

    def add_rich_text(self, source: str) -> None:
        pages, documents = linked_ids(source)
        self.pages |= pages
        self.documents |= documents


def collect(block: blocks.Block, raw, refs: References) -> None:  # noqa: C901 (one case per block kind)
    if raw is None:
        return
    if isinstance(block, blocks.StreamBlock):
        for child in raw:
            child_block = block.child_blocks.get(child.get("type"))
            if child_block is not None:
                collect(child_block, child.get("value"), refs)
    elif isinstance(block, blocks.ListBlock):
        for item in raw:
            is_wrapped = isinstance(item, dict) and item.get("type") == "item" and "value" in item
            collect(block.child_block, item["value"] if is_wrapped else item, refs)
    elif isinstance(block, ImageBlock):
        _add(refs.images, raw.get("image") if isinstance(raw, dict) else raw)
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            collect(child_block, raw.get(name), refs)
    elif isinstance(block, TypedTableBlock):
        _collect_table(block, raw, refs)
    elif isinstance(block, ImageChooserBlock):
        _add(refs.images, raw)
    elif isinstance(block, DocumentChooserBlock):
        _add(refs.documents, raw)
    elif isinstance(block, blocks.PageChooserBlock):
        _add(refs.pages, raw)
    elif isinstance(block, blocks.RichTextBlock):
        refs.add_rich_text(raw)


def _collect_table(block: TypedTableBlock, raw: dict, refs: References) -> None:
    columns = raw.get("columns") or []
    for row in raw.get("rows") or []:
        for column, cell in zip(columns, row.get("values") or [], strict=False):
            child_block = block.child_blocks.get(column.get("type"))
            if child_block is not None:
                collect(child_block, cell, refs)


def _add(ids: set[int], value) -> None:
    if isinstance(value, int) and not isinstance(value, bool):
        ids.add(value)
