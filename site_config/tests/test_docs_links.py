"""The README and docs/ hold together: every relative link and #anchor resolves, every page is listed."""

import os
import re
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
README = BASE_DIR / "README.md"
DOCS = sorted((BASE_DIR / "docs").glob("*.md"))
PAGES = [README, BASE_DIR / "frontend-contract" / "README.md", *DOCS]

FENCED_CODE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # http:, https:, mailto:


def prose(path: Path) -> str:
    """The Markdown without code, where a `#` or `[x](y)` is not a heading or a link."""
    return FENCED_CODE.sub("", path.read_text(encoding="utf-8"))


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: link text kept, lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """Every heading's anchor; a repeated heading gets -1, -2, ... as on GitHub."""
    seen: dict[str, int] = {}
    found = set()
    for heading in HEADING.findall(prose(path)):
        base = slug(heading)
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def relative_links(path: Path) -> list[str]:
    return [target for target in LINK.findall(INLINE_CODE.sub("", prose(path))) if not SCHEME.match(target)]


def broken_links(path: Path) -> list[str]:
    problems = []
    for link in relative_links(path):
        file_part, _, anchor = link.partition("#")
        target = (path.parent / file_part).resolve() if file_part else path
        if not target.exists():
            problems.append(f"{link}: no file {os.path.relpath(target, BASE_DIR)}")
        elif anchor and (target.suffix != ".md" or anchor not in anchors(target)):
            problems.append(f"{link}: no heading #{anchor} in {os.path.relpath(target, BASE_DIR)}")
    return problems


@pytest.mark.parametrize("path", PAGES, ids=lambda path: str(path.relative_to(BASE_DIR)))
def test_every_relative_link_and_anchor_resolves(path):
    problems = broken_links(path)
    assert not problems, "\n".join(problems)


def test_every_docs_page_is_linked_from_the_readme():
    linked = {(README.parent / link.partition("#")[0]).resolve() for link in relative_links(README)}
    assert DOCS, "docs/ has no pages"
    unlisted = [page.name for page in DOCS if page not in linked]
    assert not unlisted, f"docs pages the README does not link: {unlisted}"


def test_a_broken_link_or_anchor_is_caught(tmp_path):
    (tmp_path / "other.md").write_text("# Other page\n\n## Its section\n")
    page = tmp_path / "page.md"
    page.write_text(
        "# Page\n\n```sh\n# not a heading; [not](a-link.md)\n```\n\n"
        "[fine](other.md#its-section) [here](#page) [web](https://example.com/x)\n"
        "[gone](missing.md) [no anchor](other.md#nowhere) [no self anchor](#elsewhere)\n"
    )
    problems = broken_links(page)
    assert [problem.split(":")[0] for problem in problems] == [
        "missing.md",
        "other.md#nowhere",
        "#elsewhere",
    ]
