"""The static search index in shards: one Pagefind bundle per range of page ids, merged by the search page.

Pagefind builds its whole index in memory: 10,000 articles in one run took 1.2 GB
and 12 s or more on every export. Pages with ids in the same range of SHARD_SIZE
go into one bundle, built by its own Pagefind run, one run at a time; the search
page merges the bundles (Pagefind's mergeIndex). An incremental export builds again
only the bundles of the pages it rendered or removed, and keeps the others as they
were: the same bundles a full build makes, as a shard's bundle is made from its
pages' HTML alone. The lowest shard's bundle is /pagefind/ (the one the search page
loads Pagefind's UI from), the others /pagefind-<shard>/.
"""

from search.static_index import INDEX_FOLDER, SearchIndexError, build_search_index

from .build import BuildDir, BuildError
from .pages import html_path

SHARD_SIZE = 500


def shard_of(page_id: int) -> int:
    return page_id // SHARD_SIZE


def shard_pages(records: dict[int, dict], folder: str) -> dict[int, list[str]]:
    """Per shard, the HTML file of each page in it (later listing pages are never indexed)."""
    shards: dict[int, list[str]] = {}
    for pk in sorted(records):
        shards.setdefault(shard_of(pk), []).append(f"{folder}{html_path(records[pk]['path'])}")
    return shards


def changed_shards(
    pages: set[int], records: dict[int, dict], folder: str, before: dict, build: BuildDir
) -> set[int]:
    """The shards of those pages (rendered again or removed) whose indexed HTML is not what it was.

    An index rendered again because a child on a later listing page changed keeps
    the same HTML of its own: its bundle need not be built again.
    """
    dirty = set()
    for pk in pages:
        record = records.get(pk)
        html = f"{folder}{html_path(record['path'])}" if record else None
        if html is None or before.get(html, {}).get("sha256") != build.files[html]["sha256"]:
            dirty.add(shard_of(pk))
    return dirty


def bundle_urls(records: dict[int, dict]) -> list[str]:
    """The site-relative URL of every bundle, the main one first (what the search page merges)."""
    return [f"/{bundle}" for _shard, bundle in sorted(bundle_folders(list(shard_pages(records, ""))).items())]


def bundle_folders(shards: list[int]) -> dict[int, str]:
    """Each shard's bundle folder (under the site's folder); the lowest is Pagefind's usual one."""
    ordered = sorted(shards)
    return {shard: INDEX_FOLDER if n == 0 else f"pagefind-{shard}/" for n, shard in enumerate(ordered)}


def write_search_shards(
    build: BuildDir, folder: str, records: dict[int, dict], previous: dict[str, dict], dirty: set[int] | None
) -> dict[str, dict]:
    """Build the bundles of the shards in dirty (None: all), keep the others; returns the new search state.

    previous and the result: shard (as a string) → {"bundle": folder, "files": [paths]}.
    """
    shards = shard_pages(records, folder)
    bundles = bundle_folders(list(shards))
    keep = {
        shard
        for shard in shards
        if dirty is not None
        and shard not in dirty
        and previous.get(str(shard), {}).get("bundle") == bundles[shard]
    }
    for shard, before in previous.items():
        if int(shard) not in keep:
            for path in before["files"]:
                build.remove(path)
    state = {}
    for shard, pages in sorted(shards.items()):
        key = str(shard)
        state[key] = previous[key] if shard in keep else {"bundle": bundles[shard], "files": []}
        if shard not in keep:
            state[key]["files"] = _index(build, folder, pages, bundles[shard])
    return state


def _index(build: BuildDir, folder: str, pages: list[str], bundle: str) -> list[str]:
    sources = {page.removeprefix(folder): build.path_of(page) for page in pages}
    try:
        indexed = build_search_index(build.root / folder, sources, bundle)
    except SearchIndexError as error:
        raise BuildError(str(error)) from error
    written = []
    for path, data, kind in indexed:
        build.write(f"{folder}{path}", data, kind)
        written.append(f"{folder}{path}")
    return sorted(written)
