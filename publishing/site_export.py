"""One site's part of an export: its pages (all, or those the change feed names), then its own files.

The site's own files (site.json, static assets, sitemap, robots.txt, 404, media,
documents, the search page, redirects, the search index) are always written
again, from the records of every page, kept or rendered: so an incremental build
holds exactly what a full one would.
"""

import logging

from wagtail.models import Site

from content.serialization.fields import public_base_url
from content.serialization.site_json import site_json

from .assets import SEARCH_SCRIPT, STYLESHEET, write_static_assets
from .build import BuildDir
from .export_state import ExportState, SiteState
from .incremental import PreviousBuild, drop_leftovers, drop_replaced
from .media import copy_documents, copy_media
from .pages import FileLinks, SiteJob, collect_file_links, listing_files, page_chunks, to_json
from .progress import Progress
from .render import SiteChrome, search_page_html
from .search_shards import bundle_urls, changed_shards, write_search_shards
from .site_files import write_entry_files, write_redirects

logger = logging.getLogger(__name__)


class SiteExport:
    def __init__(self, build: BuildDir, site: Site, folder: str, runner, progress: Progress, summary):
        self.build, self.site, self.folder = build, site, folder
        self.runner, self.progress, self.summary = runner, progress, summary
        self.state = SiteState(folder)
        self.links = FileLinks()  # of the site's own files (the 404 page's images come from site.json)
        self.retained: set[str] = set()  # later listing pages of indexes rendered again, kept for now

    def run(self, state: ExportState, previous: PreviousBuild | None) -> None:
        only, replaced, changed, search, files_before = None, {}, frozenset(), {}, {}
        if previous is not None:
            files_before = previous.files
            plan = previous.plans[self.site.pk]
            self.state.pages, replaced = drop_replaced(self.build, previous.site(self.site.pk), plan)
            only = None if plan.everything else plan.pages
            changed = frozenset(plan.changed)
            search = previous.site(self.site.pk).search
            self.summary.carried_over += len(self.state.pages)
        before = set(self.build.files) - {path for record in replaced.values() for path in record["files"]}
        chrome = self.write_chrome()
        job = SiteJob(self.site.pk, self.folder, chrome, previous=replaced, changed=changed)
        self.retained = {path for record in replaced.values() for path in listing_files(record, self.folder)}
        self.render_pages(job, only)
        drop_leftovers(self.build, replaced, self.state.pages, self.folder)
        self.write_site_files(chrome)
        rendered = {path for record in self.state.pages.values() for path in record["files"]}
        self.state.site_files = sorted(set(self.build.files) - before - rendered)
        dirty = (
            None
            if only is None
            else changed_shards(only, self.state.pages, self.folder, files_before, self.build)
        )
        with self.progress.step(f"search index {self.site.hostname}", 1, "steps") as step:
            self.state.search = write_search_shards(self.build, self.folder, self.state.pages, search, dirty)
            step.advance(1)
        self.summary.search_files += sum(len(shard["files"]) for shard in self.state.search.values())
        state.sites[self.site.pk] = self.state

    def write_chrome(self) -> SiteChrome:
        site_data = site_json(self.site, media_base="", local_media=True)
        site_text = to_json(site_data)
        self.build.write(f"{self.folder}api/site.json", site_text, "page")
        collect_file_links(site_text, self.links)
        assets = write_static_assets(self.build, self.folder)
        return SiteChrome(
            site=site_data,
            base_url=public_base_url(self.site),
            stylesheet=assets[STYLESHEET],
            search_script=assets[SEARCH_SCRIPT],
        )

    def render_pages(self, job: SiteJob, only: set[int] | None) -> None:
        chunks = page_chunks(self.site, only) if only is None or only else []
        with self.progress.step(f"render {self.site.hostname}", sum(map(len, chunks)), "pages") as step:
            for result in self.runner.run(job, chunks, self.build):
                for path in result.files.keys() & self.retained:  # rendered again after all
                    del self.build.files[path]
                self.build.add(result.files)
                self.state.pages.update(result.records)
                self.summary.pages += result.pages
                self.summary.listing_pages += result.listing_pages
                step.advance(result.pages)

    def write_site_files(self, chrome: SiteChrome) -> None:
        build, folder, summary = self.build, self.folder, self.summary
        records = [self.state.pages[pk] for pk in sorted(self.state.pages)]
        write_entry_files(build, folder, chrome, [record["sitemap"] for record in records])
        media = set(self.links.media).union(*(record["media"] for record in records))
        documents = set(self.links.documents).union(*(record["documents"] for record in records))
        summary.media_files += copy_media(build, folder, media)
        summary.media_files += copy_documents(build, folder, documents)
        write_search_page(build, folder, chrome, bundle_urls(self.state.pages))
        summary.redirects += write_redirects(build, folder, self.site, chrome.base_url)


def write_search_page(build: BuildDir, folder: str, chrome: SiteChrome, bundles: list[str]) -> None:
    path = f"{folder}search/index.html"
    if path in build.files:  # an editor's own page lives at /search/: it wins
        logger.warning("a page is exported at /%s, so the static search page is left out", path)
        return
    build.write(path, search_page_html(chrome, bundles[1:]), "entry")
