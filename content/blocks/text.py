"""Text blocks: headings, paragraphs, quotes, code and tables."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock

from content.serialization.rich_text import rich_text_html
from content.serialization.schema import HTML, STRING, array, enum, obj

# Rich text in the body is limited to what the frontend contract can render.
PARAGRAPH_FEATURES = ["bold", "italic", "h2", "h3", "h4", "ol", "ul", "link", "document-link"]
TABLE_CELL_FEATURES = ["bold", "italic", "link"]

HEADING_LEVELS = [("h2", "Level 2"), ("h3", "Level 3"), ("h4", "Level 4")]

CODE_LANGUAGES = [
    ("plaintext", "Plain text"),
    ("bash", "Shell"),
    ("css", "CSS"),
    ("html", "HTML"),
    ("javascript", "JavaScript"),
    ("json", "JSON"),
    ("python", "Python"),
    ("sql", "SQL"),
    ("typescript", "TypeScript"),
    ("yaml", "YAML"),
]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200, help_text="The heading's words.")
    level = blocks.ChoiceBlock(choices=HEADING_LEVELS, default="h2", search_index=False)

    class Meta:
        icon = "title"
        label = "Heading"

    def get_api_representation(self, value, context=None):
        return {"text": value["text"], "level": value["level"]}

    def api_schema(self) -> dict:
        return obj({"text": STRING, "level": enum(level for level, _ in HEADING_LEVELS)})


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", PARAGRAPH_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = "Paragraph"

    def get_api_representation(self, value, context=None):
        return rich_text_html(value.source)

    def api_schema(self) -> dict:
        return dict(HTML)


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = "Quote"


class CodeBlock(blocks.StructBlock):
    language = blocks.ChoiceBlock(choices=CODE_LANGUAGES, default="plaintext", search_index=False)
    code = blocks.TextBlock()

    class Meta:
        icon = "code"
        label = "Code"


class TableBlock(TypedTableBlock):
    """A table whose columns each hold one kind of value, with a heading per column."""

    text = blocks.CharBlock(label="Text")
    number = blocks.DecimalBlock(label="Number", max_digits=18, decimal_places=6)
    rich_text = blocks.RichTextBlock(features=TABLE_CELL_FEATURES, label="Rich text")

    class Meta:
        icon = "table"
        label = "Table"

    def api_schema(self) -> dict:
        cell = {"type": ["string", "number", "null"]}
        column = obj({"type": enum(self.child_blocks), "heading": STRING})
        return obj({"caption": STRING, "columns": array(column), "rows": array(array(cell))})

    def get_api_representation(self, table, context=None):
        kinds = [column["block"].name for column in table.columns]
        return {
            "caption": table.caption,
            "columns": [
                {"type": kind, "heading": column["heading"]}
                for kind, column in zip(kinds, table.columns, strict=True)
            ],
            "rows": [
                [table_cell_json(kind, cell) for kind, cell in zip(kinds, row["values"], strict=False)]
                for row in table.row_data
            ],
        }

    def to_python(self, value):
        # Stored data that arrived by a path other than the editor may have rows
        # of the wrong width: load it without crashing, and let clean() refuse it.
        if value and value.get("columns") is not None:
            width = len(value["columns"])
            rows = []
            for row in value.get("rows", []):
                cells = list(row.get("values", []))
                rows.append({"values": (cells + [None] * width)[:width], "width": len(cells)})
            value = {**value, "rows": rows}
        table = super().to_python(value)
        for row, raw in zip(table.row_data, (value or {}).get("rows", []), strict=False):
            row["width"] = raw["width"]
        return table

    def clean(self, value):
        problems = self.shape_problems(value)
        if problems:
            raise ValidationError(problems)
        return super().clean(value)

    def shape_problems(self, table) -> list[str]:
        width = len(table.columns)
        if not width:
            return ["Add at least one column to the table."]
        problems = []
        if any(not (column["heading"] or "").strip() for column in table.columns):
            problems.append("Give every column of the table a heading.")
        if not table.row_data:
            problems.append("Add at least one row to the table.")
        for number, row in enumerate(table.row_data, start=1):
            cells = row.get("width", len(row["values"]))
            if cells != width:
                problems.append(f"Row {number} has {cells} cells, but the table has {width} columns.")
        return problems


def table_cell_json(kind: str, cell):
    """Text as a string, numbers as JSON numbers, rich text as display HTML."""
    if cell is None:
        return None
    if kind == "number":
        if not cell.is_finite() or abs(cell) >= 10**15:
            return str(cell)  # stored by another path than the editor: too big for a JSON number
        return int(cell) if cell == cell.to_integral_value() else float(cell)
    if kind == "rich_text":
        return rich_text_html(cell.source)
    return str(cell)
