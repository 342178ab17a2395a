"""The block library: the contract's block names, and validation an editor understands."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from wagtail import blocks as wagtail_blocks

from content.blocks import BODY_BLOCK_NAMES, BodyBlock
from content.blocks.links import BOTH_LINKS, NO_LINK, CallToActionBlock, CardBlock
from content.blocks.media import CaptionedImageBlock, VideoBlock
from content.blocks.text import PARAGRAPH_FEATURES, HeadingBlock, TableBlock

CONTRACT_BLOCK_NAMES = (
    "heading",
    "paragraph",
    "image",
    "quote",
    "call_to_action",
    "code",
    "table",
    "cards",
    "document",
    "video",
)


def messages(error: ValidationError) -> str:
    """Every message in a (possibly nested) block validation error, as one string."""
    parts = []
    if hasattr(error, "non_block_errors"):
        parts += [str(message) for e in error.non_block_errors.as_data() for message in e.messages]
    for child in getattr(error, "block_errors", {}).values():
        parts.append(messages(child))
    if not parts:
        parts = list(error.messages)
    return " ".join(parts)


def test_body_offers_exactly_the_contract_blocks_and_no_raw_html():
    assert BODY_BLOCK_NAMES == CONTRACT_BLOCK_NAMES
    for block in BodyBlock().child_blocks.values():
        assert not isinstance(block, wagtail_blocks.RawHTMLBlock)
        assert type(block).__name__.endswith("Block")
        assert block.meta.icon != "placeholder", f"{block.name} sets no icon"


def test_paragraph_rich_text_is_limited_to_the_listed_features():
    paragraph = BodyBlock().child_blocks["paragraph"]
    assert paragraph.features == PARAGRAPH_FEATURES
    assert "image" not in paragraph.features and "embed" not in paragraph.features


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page", "url", "expected"),
    [(True, "https://example.com/", BOTH_LINKS), (False, "", NO_LINK)],
    ids=["both", "neither"],
)
def test_call_to_action_needs_exactly_one_link(home_page, page, url, expected):
    block = CallToActionBlock()
    value = block.to_python(
        {
            "title": "Join",
            "text": "",
            "button_label": "Go",
            "page": home_page.pk if page else None,
            "url": url,
        }
    )
    with pytest.raises(ValidationError) as raised:
        block.clean(value)
    assert expected in messages(raised.value)
    assert set(raised.value.block_errors) == {"page", "url"}


@pytest.mark.django_db
def test_call_to_action_with_one_link_is_valid(home_page):
    block = CallToActionBlock()
    for page, url in ((home_page.pk, ""), (None, "https://example.com/")):
        value = block.to_python({"title": "Join", "text": "", "button_label": "Go", "page": page, "url": url})
        assert block.clean(value)["title"] == "Join"


@pytest.mark.django_db
def test_a_card_may_have_no_link_but_not_two(home_page):
    block = CardBlock()
    block.clean(block.to_python({"title": "No link", "text": "", "image": None, "page": None, "url": ""}))
    both = block.to_python(
        {"title": "Two", "text": "", "image": None, "page": home_page.pk, "url": "https://e.com/"}
    )
    with pytest.raises(ValidationError) as raised:
        block.clean(both)
    assert BOTH_LINKS in messages(raised.value)


def test_an_empty_heading_is_refused_on_its_text_field():
    block = HeadingBlock()
    with pytest.raises(ValidationError) as raised:
        block.clean(block.to_python({"text": "", "level": "h2"}))
    assert set(raised.value.block_errors) == {"text"}
    assert "This field is required." in messages(raised.value)


def test_heading_levels_are_h2_to_h4_only():
    block = HeadingBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"text": "Title", "level": "h1"}))
    assert [level for level, _ in block.child_blocks["level"].field.choices if level] == [
        "h2",
        "h3",
        "h4",
    ]


def table_data(rows, columns=(("text", "Name"), ("number", "Count"))):
    return {
        "caption": "",
        "columns": [{"type": kind, "heading": heading} for kind, heading in columns],
        "rows": [{"values": values} for values in rows],
    }


def test_a_table_row_of_the_wrong_width_is_refused_with_its_row_number():
    block = TableBlock()
    value = block.to_python(table_data([["Apples", "3"], ["Pears"]]))  # loads without crashing
    with pytest.raises(ValidationError) as raised:
        block.clean(value)
    assert "Row 2 has 1 cells, but the table has 2 columns." in raised.value.messages


def table_form_data(rows, columns=(("text", "Name"), ("number", "Count"))) -> dict:
    """The table as the editor's form posts it."""
    data = {"t-caption": "", "t-column-count": str(len(columns)), "t-row-count": str(len(rows))}
    for index, (kind, heading) in enumerate(columns):
        data |= {
            f"t-column-{index}-type": kind,
            f"t-column-{index}-order": str(index),
            f"t-column-{index}-heading": heading,
            f"t-column-{index}-deleted": "",
        }
    for row_index, values in enumerate(rows):
        data |= {f"t-row-{row_index}-order": str(row_index), f"t-row-{row_index}-deleted": ""}
        data |= {f"t-cell-{row_index}-{col}": value for col, value in enumerate(values)}
    return data


def test_a_table_cell_that_does_not_fit_its_column_type_is_refused():
    block = TableBlock()
    with pytest.raises(ValidationError) as raised:
        block.clean(block.value_from_datadict(table_form_data([["Apples", "three"]]), {}, "t"))
    assert raised.value.cell_errors[0][1].messages == ["Enter a number."]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (table_data([], columns=()), "Add at least one column to the table."),
        (table_data([]), "Add at least one row to the table."),
        (
            table_data([["a"]], columns=(("text", " "),)),
            "Give every column of the table a heading.",
        ),
    ],
)
def test_a_table_needs_columns_headings_and_rows(data, message):
    block = TableBlock()
    with pytest.raises(ValidationError) as raised:
        block.clean(block.to_python(data))
    assert message in raised.value.messages


def test_a_well_formed_table_is_valid_and_round_trips():
    block = TableBlock()
    cleaned = block.clean(block.to_python(table_data([["Apples", "3"], ["Pears", "4.5"]])))
    stored = block.get_prep_value(cleaned)
    assert stored == table_data([["Apples", Decimal("3")], ["Pears", Decimal("4.5")]])


def test_a_video_needs_a_web_address():
    block = VideoBlock()
    with pytest.raises(ValidationError) as raised:
        block.clean(block.to_python({"url": "ftp://files.example.com/film.mp4", "title": "", "caption": ""}))
    assert "url" in raised.value.block_errors


@pytest.mark.django_db
def test_an_image_needs_alt_text_unless_it_is_decorative(demo_site):
    from wagtail.images.models import Image

    image = Image.objects.filter(collection__name="Root").first()
    block = CaptionedImageBlock()

    def clean(decorative, alt_text):
        return block.clean(
            block.to_python(
                {
                    "image": {"image": image.pk, "decorative": decorative, "alt_text": alt_text},
                    "caption": "",
                    "credit": "",
                }
            )
        )

    with pytest.raises(ValidationError) as raised:
        clean(False, "")
    assert "alt text" in messages(raised.value)
    assert clean(True, "")["image"].decorative is True
    assert clean(False, "A harbour")["image"].contextual_alt_text == "A harbour"
