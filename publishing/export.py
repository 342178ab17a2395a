"""export_site: the public site as static files, one folder per site when there are several.

Settle the stored documents and note the change feed's position; then either
start from the previous build and render again only the pages the feed names
since it was made, or render every page. Either way, everything derived from the
pages (sitemap, media, search index, redirects...) is written again, and last the
manifest and the export state. What is written is staged beside the output: a full
build is swapped into place, an incremental one moved over the previous build
(publishing/build.py), only once the whole export succeeded.
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

from content.delivery.rebuild import rebuild_documents
from content.serialization.renditions import SPECS, ensure_renditions
from content.serialization.visibility import public_images

from .build import BuildDir, BuildError, staging_dir, swap_into_place, update_in_place
from .export_state import STATE_NAME, ExportState, feed_position, fingerprint
from .incremental import PreviousBuild, carry_over
from .incremental import logger as incremental_logger
from .manifest import MANIFEST_NAME
from .pages import CHUNK_SIZE, SiteJob, render_chunk
from .progress import Progress
from .site_export import SiteExport

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
    incremental: bool = False
    full_reason: str = ""  # why an export asked to be incremental rendered everything
    feed_seq: int = 0  # the change feed entry the build is up to date with
    carried_over: int = 0  # pages kept from the previous build as they were

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

    def run(self, job: SiteJob, chunks: list[tuple[int, ...]], build: BuildDir):
        root, base = str(build.root), str(build.base) if build.base else None
        if self.pool is None:
            return (render_chunk(job, chunk, root, base) for chunk in chunks)
        count = len(chunks)
        return self.pool.map(render_chunk, [job] * count, chunks, [root] * count, [base] * count)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


def export_site(
    output: Path, workers: int | None = None, progress: Progress | None = None, full: bool = False
) -> ExportSummary:
    """Write the public site into output (changed only if the whole export succeeds).

    full: render every page even when the previous build could be brought up to date.
    """
    started = time.monotonic()
    progress = progress or Progress(quiet=True)
    try:
        summary = _export(output, workers, progress, FULL_ASKED if full else "")
    except FolderChanged as changed:  # found while rendering: the previous build cannot be trusted
        summary = _export(output, workers, progress, str(changed))
    summary.seconds = round(time.monotonic() - started, 3)
    logger.info("exported the site to %s", output, extra={"export": summary.as_dict()})
    return summary


FULL_ASKED = "--full was asked for"


class FolderChanged(Exception):
    """The previous build's folder does not hold what its manifest lists: a full build instead."""


def _export(output: Path, workers: int | None, progress: Progress, full_reason: str) -> ExportSummary:
    """full_reason: why this export must render everything, or "" to bring the previous build up to date."""
    sites = list(Site.objects.select_related("root_page").order_by("hostname", "port"))
    if not sites:
        raise BuildError("no Wagtail Site is configured, so there is nothing to export")
    summary = ExportSummary(sites=len(sites), workers=worker_count(workers))
    # Documents first, then the feed's position: a change committing from here on is the next run's.
    rebuild_documents()
    state = ExportState(*feed_position(), fingerprint(sites))
    summary.feed_seq = state.seq
    prepare_renditions()
    staging = staging_dir(output)
    previous = _previous_build(output, state, sites, full_reason, summary)
    try:
        build = _write_build(staging, sites, state, previous, progress, summary)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        _check_folder(previous)  # a file missing from it fails a render: that is a full build, not an error
        raise
    if previous is None:
        swap_into_place(staging, output)
    else:
        _check_folder(previous, staging)
        gone = previous.files.keys() - build.files.keys()
        update_in_place(staging, output, gone, (MANIFEST_NAME, STATE_NAME))
    summary.files = len(build.files) + 2  # and the manifest and the export state
    summary.bytes = sum(entry["size"] for entry in build.files.values())
    return summary


def _write_build(staging, sites, state, previous, progress, summary) -> BuildDir:
    """Every site's files, then the manifest and the export state, into staging."""
    runner = ChunkRunner(_workers_needed(previous, summary.workers))
    try:
        build = BuildDir(staging, base=previous.output if previous is not None else None)
        if previous is not None:
            build.files = dict(previous.files)
        folders = site_folders(sites)
        for site in sites:
            SiteExport(build, site, folders[site.pk], runner, progress, summary).run(state, previous)
        build.write_manifest()
        state.write(staging)
    finally:
        runner.close()
    return build


def _check_folder(previous: PreviousBuild | None, staging: Path | None = None) -> None:
    """Raise FolderChanged if the check of the previous build's folder (run meanwhile) failed."""
    reason = previous.folder_check.result() if previous is not None else None
    if reason:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise FolderChanged(reason)


def _previous_build(output, state, sites, full_reason, summary) -> PreviousBuild | None:
    """The previous build to start from, or None (a full build, with a line saying why)."""
    if full_reason == FULL_ASKED:  # asked for, so not worth a log line
        summary.full_reason = full_reason
        return None
    if full_reason:
        summary.full_reason = full_reason
    elif not output.exists():
        summary.full_reason = f"there is no previous build in {output}"
    else:
        previous = carry_over(output, state, sites)
        if isinstance(previous, PreviousBuild):
            summary.incremental = True
            return previous
        summary.full_reason = previous
    log = incremental_logger.warning if output.exists() else incremental_logger.info
    log("full export: %s", summary.full_reason)
    return None


def _workers_needed(previous: PreviousBuild | None, workers: int) -> int:
    """A handful of pages renders faster here than it would take worker processes to start."""
    if previous is not None and not previous.everything_somewhere():
        return workers if previous.rendered_count() > CHUNK_SIZE else 1
    return workers
