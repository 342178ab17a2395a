"""The exported site's search: Pagefind indexes the written HTML as the export's last step.

Only each page's main content is indexed (data-pagefind-body on <main>), so menus
and footers stay out; pages without it (redirects, the 404 page, later pages of a
listing, the search page itself) are skipped. Pagefind runs from its PyPI wheel's
binary and fetches nothing.
"""

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from pagefind_bin import get_executable

INDEX_FOLDER = "pagefind/"
# Pagefind names these after their content: cache them like hashed static files.
CONTENT_HASHED = re.compile(r"^(fragment|index|filter)/|\.pf_meta$")
TIMEOUT_SECONDS = 600
# The binary inside the pagefind[bin] wheel, run directly: `python -m pagefind` cost 70 ms a run.
PAGEFIND = (str(get_executable()),)


class SearchIndexError(Exception):
    """Pagefind could not index the exported pages; the message says why."""


def build_search_index(
    site_root: Path, pages: dict[str, Path] | None = None, bundle: str = INDEX_FOLDER
) -> list[tuple[str, bytes, str]]:
    """Index the exported site in site_root: (path under the bundle folder, bytes, kind) of each file.

    pages: only these HTML files (their paths in the site → where each is on disk),
    through a folder of hard links to them, so that Pagefind sees the same paths (and
    so URLs) as in the site.
    kind is "static" for files named after their content (cached like hashed static
    files), else "page".
    """
    with tempfile.TemporaryDirectory() as output, tempfile.TemporaryDirectory() as selection:
        if pages is not None:
            _link_pages(pages, Path(selection))
            site_root = Path(selection)
        command = [*PAGEFIND, "--site", str(site_root)]
        command += ["--output-path", output, "--silent"]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)  # noqa: S603
        except (OSError, subprocess.TimeoutExpired) as error:
            raise SearchIndexError(f"Pagefind could not run to index the exported pages: {error}") from error
        if result.returncode != 0:
            detail = (result.stderr or result.stdout).strip()
            raise SearchIndexError(f"Pagefind could not index the exported pages: {detail}")
        indexed = []
        for name in sorted(_files_under(output)):
            kind = "static" if CONTENT_HASHED.search(name) else "page"
            with open(os.path.join(output, name), "rb") as file:
                indexed.append((f"{bundle}{name}", file.read(), kind))
    return indexed


def _files_under(root: str) -> list[str]:
    """The paths (with /) of the files under root, relative to it."""
    found = []
    for folder, _dirs, names in os.walk(root):
        relative = os.path.relpath(folder, root).replace(os.sep, "/")
        found += [name if relative == "." else f"{relative}/{name}" for name in names]
    return found


def _link_pages(pages: dict[str, Path], selection: Path) -> None:
    # Plain strings and one makedirs per folder: a bundle links 500 pages in their own folders.
    made: set[str] = set()
    for page, source in pages.items():
        target = os.path.join(selection, page)
        folder = os.path.dirname(target)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        try:
            os.link(source, target)
        except OSError:  # the build is on another file system than the temporary folder
            shutil.copyfile(source, target)
