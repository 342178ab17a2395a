"""Template tags for the static export: render a page's body blocks and shape JSON values for HTML.

Templates only ever see the API's JSON (dicts, lists, strings), so what a template cannot
express (a valid heading outline, absolute URLs, readable dates) is done here.
"""

import datetime
import functools
import re
from typing import Any

from django import template
from django.template.backends.django import Template
from django.template.exceptions import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.dateformat import format as format_date
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Block types name template files: anything else could reach outside publishing/blocks/.
BLOCK_TYPE = re.compile(r"[a-z][a-z0-9_]*")
# The API sanitises rich text with nh3, which writes heading tags bare and lower-case;
# a "<h3>" typed as text arrives escaped, so this only ever matches real tags.
RICH_TEXT_HEADING = re.compile(r"<(/?)h([1-6])>")
# The page title is the one h1, so body headings start below it.
PAGE_TITLE_LEVEL = 1
DEEPEST_LEVEL = 6


@functools.cache
def block_template(block_type: str) -> Template:
    """The template for one block type; looked up once per process, not once per block."""
    if not BLOCK_TYPE.fullmatch(block_type):
        raise ValueError(f"no template for block type {block_type!r}")
    try:
        return get_template(f"publishing/blocks/{block_type}.html")
    except TemplateDoesNotExist:
        raise ValueError(f"no template for block type {block_type!r}") from None


def clamp_level(requested: int, previous: int) -> int:
    """A heading level that never skips one below `previous` and never competes with the h1."""
    return max(PAGE_TITLE_LEVEL + 1, min(requested, previous + 1, DEEPEST_LEVEL))


def _requested_level(level: Any) -> int:
    # Levels arrive as "h2".."h4"; anything unexpected is treated as a top-level section.
    if isinstance(level, str) and re.fullmatch(r"h[1-6]", level):
        return int(level[1])
    return PAGE_TITLE_LEVEL + 1


def outline_rich_text(html: str, previous: int) -> tuple[SafeString, int]:
    """Rich text with its headings clamped like heading blocks, and the last level it used."""
    if "<h" not in html:
        return mark_safe(html), previous  # noqa: S308 - sanitised by the API
    opened = previous

    def relevel(match: re.Match) -> str:
        nonlocal previous, opened
        if match.group(1):
            # Headings do not nest, so a closing tag closes the one just opened.
            return f"</h{opened}>"
        opened = previous = clamp_level(int(match.group(2)), previous)
        return f"<h{opened}>"

    return mark_safe(RICH_TEXT_HEADING.sub(relevel, html)), previous  # noqa: S308


def _outline(block_type: str, value: Any, previous: int) -> tuple[dict[str, Any], int]:
    """Template context a block needs for its headings, and the level the next heading follows."""
    if block_type == "heading":
        level = clamp_level(_requested_level(value.get("level")), previous)
        return {"level": f"h{level}"}, level
    if block_type == "paragraph":
        html, previous = outline_rich_text(value, previous)
        return {"value": html}, previous
    if block_type == "cards":
        if value.get("heading"):
            # A titled group of cards is a section of its own, like an editor's h2.
            level = clamp_level(PAGE_TITLE_LEVEL + 1, previous)
            return {"level": f"h{level}", "item_level": f"h{level + 1}"}, level
        # Untitled cards nest under the heading before them and leave the outline as it was.
        return {"item_level": f"h{clamp_level(previous + 1, previous)}"}, previous
    return {}, previous


@register.simple_tag
def render_body(body: list[dict] | None) -> SafeString:
    """Render a StreamField body (its API JSON) block by block with publishing/blocks/<type>.html.

    Each template gets the block as `block`, its value as `value`, and the effective heading
    levels (`level`, `item_level`) where it has headings.
    """
    parts = []
    previous = PAGE_TITLE_LEVEL
    for block in body or ():
        block_html = block_template(block.get("type", ""))
        value = block.get("value")
        # A null value is content the API withheld (a private image, for one): nothing to show.
        if value is None:
            continue
        context, previous = _outline(block["type"], value, previous)
        parts.append(block_html.render({"block": block, "value": value, **context}))
    return mark_safe("\n".join(parts))  # noqa: S308 - each part is an autoescaped template


@register.filter
def absolute_on(url: str | None, base_url: str) -> str:
    """Make a root-relative URL absolute on the site's base URL (social cards need absolute URLs)."""
    if not url:
        return ""
    if url.startswith("/") and not url.startswith("//"):
        return base_url.rstrip("/") + url
    return url


@register.filter
def nav_state(item_path: str, page_path: str | None) -> str:
    """The aria-current value for a menu item: "page" on the item itself, "true" inside its section."""
    if not page_path:
        return ""
    if item_path == page_path:
        return "page"
    if item_path != "/" and page_path.startswith(item_path):
        return "true"
    return ""


@register.filter
def display_date(value: str | None) -> str:
    """An ISO date ("2026-09-23") as readers write it ("23 September 2026")."""
    if not value:
        return ""
    try:
        parsed = datetime.date.fromisoformat(value[:10])
    except (TypeError, ValueError):
        return value
    return format_date(parsed, "j F Y")


@register.filter
def table_cells(row: list, columns: list[dict]) -> list[dict]:
    """Pair each cell of a table row with its column's type, so rich text is told from plain."""
    cells = []
    for index, cell in enumerate(row):
        column_type = columns[index]["type"] if index < len(columns) else "text"
        if cell is None:
            cell = ""
        elif column_type == "rich_text":
            cell = mark_safe(cell)  # noqa: S308 - sanitised by the API; plain cells stay escaped
        cells.append({"type": column_type, "value": cell})
    return cells


DEFAULT_SIZES = "(min-width: 60rem) 60rem, 100vw"


@register.simple_tag
def image(image: dict | None, sizes: str = DEFAULT_SIZES, thumbnail: bool = False, priority: bool = False):
    """One <img> from an API image dict (a Python tag: an {% include %} per image is slow).

    thumbnail: the small square crop, for listing cards and author photos.
    priority: above the fold (the hero), so fetched early instead of lazily.
    """
    if not image:
        return ""
    alt = "" if image.get("decorative") else (image.get("alt") or image.get("title") or "")
    if thumbnail:
        rendition = image["renditions"]["thumbnail"]
        srcset, sizes_attr = f"{rendition['url']} 1x", ""
    else:
        rendition = image["renditions"]["medium"]
        srcset, sizes_attr = image["srcset"], format_html(' sizes="{}"', sizes)
    loading = ' fetchpriority="high"' if priority and not thumbnail else ' loading="lazy"'
    return format_html(
        '<img src="{}" srcset="{}"{} width="{}" height="{}" alt="{}"{} decoding="async">',
        rendition["url"],
        srcset,
        sizes_attr,
        rendition["width"],
        rendition["height"],
        alt,
        mark_safe(loading),  # noqa: S308 - a constant
    )
