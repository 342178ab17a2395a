"""What an incremental export renders again, read from the change feed since the previous build.

A page whose stored document changed (created, updated, moved, deleted) is
replaced, and so is each index that lists it, before and after the change: the
index's later listing pages (/news/page/2/) are not part of any document. The
feed already names the pages a change reaches through links, breadcrumbs and
images. A change of the site document (menu, footer, settings: every page's
chrome) renders the whole site again.
"""

import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from wagtail.models import Page, Site

from content.delivery.models import DocumentChange

from .build import BuildDir, BuildError, link_previous_build
from .export_state import STATE_NAME, ExportState, SiteState, StaleState, read_state
from .manifest import MANIFEST_NAME

logger = logging.getLogger(__name__)


@dataclass
class SitePlan:
    everything: bool = False  # the site's chrome changed: every page again
    pages: set[int] = field(default_factory=set)  # pages whose files are replaced (or removed)


@dataclass
class PreviousBuild:
    state: ExportState
    files: dict[str, dict]  # its manifest: the staged build starts with these
    plans: dict[int, SitePlan]

    def site(self, site_id: int) -> SiteState:
        return self.state.sites[site_id]

    def rendered_count(self) -> int:
        return sum(len(plan.pages) for plan in self.plans.values() if not plan.everything)

    def everything_somewhere(self) -> bool:
        return any(plan.everything for plan in self.plans.values())


def carry_over(output: Path, staging: Path, state: ExportState, sites: list[Site]) -> PreviousBuild | str:
    """The previous build linked into staging, with what to render again; or why a full build it is."""
    try:
        previous, files = read_state(output, state.seq, state.fingerprint)
        if previous.sites.keys() != {site.pk for site in sites}:
            raise StaleState("the sites changed since the previous build")
        link_previous_build(output, staging, files, {MANIFEST_NAME, STATE_NAME})
    except (StaleState, BuildError, OSError) as error:
        shutil.rmtree(staging)
        staging.mkdir()
        return str(error)
    for name in (MANIFEST_NAME, STATE_NAME):  # written anew at the end
        (staging / name).unlink()
    return PreviousBuild(previous, files, plan_sites(previous))


def plan_sites(previous: ExportState) -> dict[int, SitePlan]:
    """Per site, the pages to replace: those the feed names since the build, and their parents."""
    plans = {site_id: SitePlan() for site_id in previous.sites}
    entries = DocumentChange.objects.filter(seq__gt=previous.seq, site_id__in=list(plans))
    for site_id, page_id, page_type in entries.values_list("site_id", "page_id", "page_type"):
        if page_type == DocumentChange.SITE_TYPE:
            plans[site_id].everything = True
        elif page_id is not None:
            plans[site_id].pages.add(page_id)
    changed = set().union(*(plan.pages for plan in plans.values()))
    parents = current_parents(changed)
    for site_id, plan in plans.items():
        records = previous.sites[site_id].pages
        before = {records[pk]["parent"] for pk in plan.pages if pk in records}
        after = {parents[pk] for pk in plan.pages if pk in parents}
        plan.pages |= {pk for pk in before | after if pk is not None}
    return plans


def current_parents(page_ids: set[int]) -> dict[int, int]:
    """The parent id of each of these pages that still exists (two queries)."""
    paths = dict(Page.objects.filter(pk__in=page_ids, depth__gt=1).values_list("pk", "path"))
    parent_paths = {pk: path[: -Page.steplen] for pk, path in paths.items()}
    by_path = dict(Page.objects.filter(path__in=set(parent_paths.values())).values_list("path", "pk"))
    return {pk: by_path[path] for pk, path in parent_paths.items() if path in by_path}


def drop_replaced(build: BuildDir, previous: SiteState, plan: SitePlan) -> dict[int, dict]:
    """Take out the site's own files and those of the pages to replace; the records of the pages kept."""
    for path in previous.site_files:
        build.remove(path)
    kept = {}
    for pk, record in previous.pages.items():
        if plan.everything or pk in plan.pages:
            for path in record["files"]:
                build.remove(path)
        else:
            kept[pk] = record
    return kept
