"""What an incremental export renders again, read from the change feed since the previous build.

A page whose stored document changed (created, updated, moved, deleted) is
replaced, and so is each index that lists it, before and after the change: the
index's later listing pages (/news/page/2/) are not part of any document. The
feed already names the pages a change reaches through links, breadcrumbs and
images. A change of the site document (menu, footer, settings: every page's
chrome) renders the whole site again.
"""

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

from wagtail.models import Page, Site

from content.delivery.models import DocumentChange

from .build import BuildDir, BuildError, check_previous_build
from .export_state import STATE_NAME, ExportState, SiteState, StaleState, read_state
from .manifest import MANIFEST_NAME
from .pages import listing_files

logger = logging.getLogger(__name__)


@dataclass
class SitePlan:
    everything: bool = False  # the site's chrome changed: every page again
    changed: set[int] = field(default_factory=set)  # pages the feed names
    pages: set[int] = field(default_factory=set)  # those and their parents: files replaced (or removed)


class FolderCheck:
    """check_previous_build on a thread of its own, while the export renders.

    Listing the 40,000 entries of a 10,000-article build takes longer than the rest
    of an edit's incremental export but Pagefind: it runs while the pages render and
    Pagefind indexes them, and the export waits for it before changing the output.
    """

    def __init__(self, output: Path, files: dict[str, dict]):
        self.error: str | None = None
        self.thread = threading.Thread(target=self._check, args=(output, files), daemon=True)
        self.thread.start()

    def _check(self, output: Path, files: dict[str, dict]) -> None:
        try:
            check_previous_build(output, files, {MANIFEST_NAME, STATE_NAME})
        except (BuildError, OSError) as error:
            self.error = str(error)

    def result(self) -> str | None:
        """Why the folder cannot be trusted, or None."""
        self.thread.join()
        return self.error


@dataclass
class PreviousBuild:
    output: Path
    state: ExportState
    files: dict[str, dict]  # its manifest: the staged build starts with these
    plans: dict[int, SitePlan]
    folder_check: FolderCheck

    def site(self, site_id: int) -> SiteState:
        return self.state.sites[site_id]

    def rendered_count(self) -> int:
        return sum(len(plan.pages) for plan in self.plans.values() if not plan.everything)

    def everything_somewhere(self) -> bool:
        return any(plan.everything for plan in self.plans.values())


def carry_over(output: Path, state: ExportState, sites: list[Site]) -> PreviousBuild | str:
    """The previous build with what to render again (its folder checked meanwhile), or why not."""
    try:
        previous, files = read_state(output, state.seq, state.fingerprint)
        if previous.sites.keys() != {site.pk for site in sites}:
            raise StaleState("the sites changed since the previous build")
    except (StaleState, OSError) as error:
        return str(error)
    return PreviousBuild(output, previous, files, plan_sites(previous, state.seq), FolderCheck(output, files))


def plan_sites(previous: ExportState, upto: int) -> dict[int, SitePlan]:
    """Per site, the pages to replace: those the feed names since the build (to upto), and their parents.

    An entry appended after upto is the next run's, even if this run renders its change already.
    """
    plans = {site_id: SitePlan() for site_id in previous.sites}
    entries = DocumentChange.objects.filter(seq__gt=previous.seq, seq__lte=upto, site_id__in=list(plans))
    for site_id, page_id, page_type in entries.values_list("site_id", "page_id", "page_type"):
        if page_type == DocumentChange.SITE_TYPE:
            plans[site_id].everything = True
        elif page_id is not None:
            plans[site_id].changed.add(page_id)
    parents = current_parents(set().union(*(plan.changed for plan in plans.values())))
    for site_id, plan in plans.items():
        records = previous.sites[site_id].pages
        before = {records[pk]["parent"] for pk in plan.changed if pk in records}
        after = {parents[pk] for pk in plan.changed if pk in parents}
        plan.pages = plan.changed | {pk for pk in before | after if pk is not None}
    return plans


def current_parents(page_ids: set[int]) -> dict[int, int]:
    """The parent id of each of these pages that still exists (two queries)."""
    paths = dict(Page.objects.filter(pk__in=page_ids, depth__gt=1).values_list("pk", "path"))
    parent_paths = {pk: path[: -Page.steplen] for pk, path in paths.items()}
    by_path = dict(Page.objects.filter(path__in=set(parent_paths.values())).values_list("path", "pk"))
    return {pk: by_path[path] for pk, path in parent_paths.items() if path in by_path}


def drop_replaced(build: BuildDir, previous: SiteState, plan: SitePlan) -> tuple[dict, dict]:
    """Take out the site's own files and those of the pages to replace.

    Returns the records of the pages kept, and those of the indexes replaced: their
    later listing pages stay for now, as the renderer may keep them (drop_leftovers).
    """
    kept, replaced = {}, {}
    for path in previous.site_files:
        build.remove(path)
    for pk, record in previous.pages.items():
        if not plan.everything and pk not in plan.pages:
            kept[pk] = record
            continue
        listing = set() if plan.everything else listing_files(record, previous.folder)
        for path in set(record["files"]) - listing:
            build.remove(path)
        if listing:
            replaced[pk] = record
    return kept, replaced


def drop_leftovers(build: BuildDir, replaced: dict[int, dict], records: dict[int, dict], folder: str) -> None:
    """Remove the later listing pages of replaced indexes that the new build does not have."""
    for pk, record in replaced.items():
        now = set(records[pk]["files"]) if pk in records else set()
        for path in listing_files(record, folder) - now:
            build.remove(path)
