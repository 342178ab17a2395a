"""The JSON Schema of a block's API representation, walking the block definitions.

A block whose get_api_representation shapes its own JSON says so in api_schema(),
beside it; every other block is mapped by its kind here. A kind with no mapping
fails loudly, so a new block type cannot slip into the contract untyped.
"""

from wagtail import blocks

from content.serialization.schema import BOOLEAN, DATE, HTML, INTEGER, NUMBER, STRING, array, enum, obj

SCALARS: tuple[tuple[type, dict], ...] = (
    (blocks.RichTextBlock, HTML),
    (blocks.BooleanBlock, BOOLEAN),
    (blocks.IntegerBlock, INTEGER),
    (blocks.FloatBlock, NUMBER),
    (blocks.DecimalBlock, NUMBER),
    (blocks.DateBlock, DATE),
    (blocks.ChoiceBlock, STRING),  # refined to an enum below
    (blocks.CharBlock, STRING),
    (blocks.TextBlock, STRING),
    (blocks.URLBlock, STRING),
    (blocks.EmailBlock, STRING),
)


def block_schema(block: blocks.Block) -> dict:
    own = getattr(block, "api_schema", None)
    if own is not None:
        return own()
    if isinstance(block, blocks.StreamBlock):
        return array(
            {"oneOf": [stream_child_schema(name, child) for name, child in block.child_blocks.items()]}
        )
    if isinstance(block, blocks.ListBlock):
        return array(block_schema(block.child_block))
    if isinstance(block, blocks.StructBlock):
        return obj({name: block_schema(child) for name, child in block.child_blocks.items()})
    if isinstance(block, blocks.ChoiceBlock):
        return enum(value for value, _ in block.field.choices if value != "")
    for kind, schema in SCALARS:
        if isinstance(block, kind):
            return dict(schema)
    raise TypeError(f"no JSON Schema mapping for {type(block).__name__} ({block.name!r})")


def stream_child_schema(name: str, block: blocks.Block) -> dict:
    """One item of a stream: its type name, its id, and its value."""
    schema = obj({"type": {"const": name}, "value": block_schema(block), "id": STRING})
    schema["title"] = name
    return schema
