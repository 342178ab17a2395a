"""export_site: the whole public site as static files, one folder per site when there are several.

Enumerate the public pages, render them in chunks (in worker processes when there
are several cores), then write what surrounds them and only the media they use,
and last the manifest. The build is staged and swapped into place at the end.
"""

import logging
import multiprocessing
import os
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections
from wagtail.models import Site

from content.serialization.fields import public_base_url
from content.serialization.renditions import SPECS, ensure_renditions
from content.serialization.site_json import site_json
from content.serialization.visibility import public_images
from search.static_index import SearchIndexError, build_search_index

from .assets import SEARCH_SCRIPT, STYLESHEET, write_static_assets
from .build import BuildDir, BuildError, staging_dir, swap_into_place
from .media import copy_documents, copy_media
from .pages import ChunkResult, SiteJob, collect_file_links, page_chunks, render_chunk, to_json
from .progress import Progress
from .render import SiteChrome, search_page_html
from .site_files import write_entry_files, write_redirects

logger = logging.getLogger(__name__)


@dataclass
class ExportSummary:
    sites: int = 0
    pages: int = 0
    listing_pages: int = 0
    redirects: int = 0
    media_files: int = 0
    search_files: int = 0
    files: int = 0
    bytes: int = 0
    workers: int = 1
    seconds: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)


def site_folders(sites: list[Site]) -> dict[int, str]:
    """ "" for a lone site; otherwise the hostname (with the port when two share a hostname)."""
    if len(sites) == 1:
        return {sites[0].pk: ""}
    hostnames = [site.hostname for site in sites]
    return {
        site.pk: f"{site.hostname}/"
        if hostnames.count(site.hostname) == 1
        else f"{site.hostname}_{site.port}/"
        for site in sites
    }


def prepare_renditions(batch_size: int = 500) -> None:
    """Create missing renditions of public images here, before any worker starts.

    Two workers creating the same rendition at once would each write a file and
    one would get a suffixed name: the build would no longer be reproducible.
    """
    images = public_images().order_by("pk").prefetch_renditions(*SPECS)
    for start in range(0, images.count(), batch_size):
        ensure_renditions(list(images[start : start + batch_size]))


def worker_count(requested: int | None) -> int:
    count = requested or settings.EXPORT_WORKERS or os.cpu_count() or 1
    # Worker processes open their own connections; an in-memory SQLite database is not shared.
    database = connections["default"]
    if database.vendor == "sqlite" and database.is_in_memory_db():
        return 1
    return max(1, count)


_inherited_connections: list = []


def _forget_inherited_connections() -> None:
    """Runs first in each forked worker, so that it opens database connections of its own.

    The parent's connections are dropped but kept referenced, never closed: a
    connection shares its socket with the parent, whose session must go on.
    """
    for connection in connections.all(initialized_only=True):
        _inherited_connections.append(connection.connection)
        connection.connection = None


class ChunkRunner:
    """Runs render_chunk in this process, or across forked worker processes."""

    def __init__(self, workers: int):
        self.workers = workers
        self.pool = None
        if workers > 1:
            context = multiprocessing.get_context("fork")  # workers inherit settings, even overridden ones
            self.pool = ProcessPoolExecutor(workers, context, initializer=_forget_inherited_connections)

    def run(self, job: SiteJob, chunks: list[tuple[int, ...]], root: Path):
        if self.pool is None:
            return (render_chunk(job, chunk, str(root)) for chunk in chunks)
        return self.pool.map(render_chunk, [job] * len(chunks), chunks, [str(root)] * len(chunks))

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


def export_site(output: Path, workers: int | None = None, progress: Progress | None = None) -> ExportSummary:
    """Write the public site into output (replaced only if the whole export succeeds)."""
    started = time.monotonic()
    progress = progress or Progress(quiet=True)
    sites = list(Site.objects.select_related("root_page").order_by("hostname", "port"))
    if not sites:
        raise BuildError("no Wagtail Site is configured, so there is nothing to export")
    summary = ExportSummary(sites=len(sites), workers=worker_count(workers))
    prepare_renditions()
    staging = staging_dir(output)
    runner = ChunkRunner(summary.workers)
    try:
        build = BuildDir(staging)
        folders = site_folders(sites)
        for site in sites:
            _export_one_site(build, site, folders[site.pk], runner, progress, summary)
        build.write_manifest()
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        runner.close()
    swap_into_place(staging, output)
    summary.files = len(build.files) + 1  # and the manifest
    summary.bytes = sum(entry["size"] for entry in build.files.values())
    summary.seconds = round(time.monotonic() - started, 3)
    logger.info("exported the site to %s", output, extra={"export": summary.as_dict()})
    return summary


def _export_one_site(
    build: BuildDir, site: Site, folder: str, runner: ChunkRunner, progress: Progress, summary: ExportSummary
) -> None:
    links = ChunkResult()
    site_data = site_json(site, media_base="", local_media=True)
    site_text = to_json(site_data)
    build.write(f"{folder}api/site.json", site_text, "page")
    collect_file_links(site_text, links)  # the 404 page's images come from here too
    assets = write_static_assets(build, folder)
    chrome = SiteChrome(
        site=site_data,
        base_url=public_base_url(site),
        stylesheet=assets[STYLESHEET],
        search_script=assets[SEARCH_SCRIPT],
    )
    job = SiteJob(site_id=site.pk, folder=folder, chrome=chrome)
    chunks = page_chunks(site)
    sitemap = []
    with progress.step(f"render {site.hostname}", sum(map(len, chunks)), "pages") as step:
        for result in runner.run(job, chunks, build.root):
            build.add(result.files)
            sitemap += result.sitemap
            links.media |= result.media
            links.documents |= result.documents
            summary.pages += result.pages
            summary.listing_pages += result.listing_pages
            step.advance(result.pages)
    write_entry_files(build, folder, chrome, sitemap)
    summary.media_files += copy_media(build, folder, links.media)
    summary.media_files += copy_documents(build, folder, links.documents)
    write_search_page(build, folder, chrome)
    summary.redirects += write_redirects(build, folder, site, chrome.base_url)
    with progress.step(f"search index {site.hostname}", 1, "steps") as step:
        summary.search_files += write_search_index(build, folder)
        step.advance(1)


def write_search_index(build: BuildDir, folder: str) -> int:
    """Pagefind's index of the pages written under folder, added to the build; returns how many files."""
    try:
        indexed = build_search_index(build.root / folder)
    except SearchIndexError as error:
        raise BuildError(str(error)) from error
    for path, data, kind in indexed:
        build.write(f"{folder}{path}", data, kind)
    return len(indexed)


def write_search_page(build: BuildDir, folder: str, chrome: SiteChrome) -> None:
    path = f"{folder}search/index.html"
    if path in build.files:  # an editor's own page lives at /search/: it wins
        logger.warning("a page is exported at /%s, so the static search page is left out", path)
        return
    build.write(path, search_page_html(chrome), "entry")
