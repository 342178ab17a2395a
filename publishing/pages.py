"""Pages into files: each public page's JSON (as the API serves it), its HTML, its listing pages.

Pages are rendered in chunks; each chunk loads what its pages need through one
PageBatch, so the queries per page stay constant however large the site is.
"""

import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from wagtail.models import Page, Site

from content.serialization.batch import PageBatch
from content.serialization.listing import listing_page_path
from content.serialization.page_json import listing_page_json, page_json
from content.serialization.registry import declaration_for, page_types
from content.serialization.visibility import public_pages

from .build import BuildDir, BuildError
from .listings import ListingCarry, batch_for_pages, export_listing
from .render import SiteChrome, page_html, pagination

CHUNK_SIZE = 200
DOCUMENT_URL = re.compile(r"/documents/(\d+)/[\w.\-]+")
# A URL of this site's own starts a quoted attribute or JSON string, or follows a space in a srcset.
URL_STARTS = ('"', " ")


@dataclass(frozen=True)
class SiteJob:
    """One site's part of an export, as a worker process needs it."""

    site_id: int
    folder: str  # "" for a single site, else "<hostname>/"
    chrome: SiteChrome
    # An incremental export: the previous records of the indexes rendered again, and the pages
    # the change feed names. A later listing page whose children are the same and unchanged is
    # kept as it was (see ListingCarry).
    previous: dict[int, dict] = field(default_factory=dict)
    changed: frozenset[int] = frozenset()


@dataclass
class FileLinks:
    media: set[str] = field(default_factory=set)  # URLs under MEDIA_URL
    documents: set[int] = field(default_factory=set)

    def add(self, other: "FileLinks") -> None:
        self.media |= other.media
        self.documents |= other.documents


@dataclass
class ChunkResult:
    files: dict[str, dict] = field(default_factory=dict)
    # Per page id, what an incremental export needs to replace the page alone (see export_state).
    records: dict[int, dict] = field(default_factory=dict)
    pages: int = 0
    listing_pages: int = 0


def mirror_path(path: str) -> str:
    """Where the static JSON mirror keeps a page: /news/a/ → api/pages/news/a.json."""
    return f"api/pages{path.rstrip('/') or '/index'}.json"


def html_path(path: str) -> str:
    return f"{path.lstrip('/')}index.html"


def page_chunks(site: Site, only: set[int] | None = None) -> list[tuple[int, ...]]:
    """Ids of the site's public pages (only: those of them) in chunks of one type, the longest work first.

    Each index is a chunk of its own, first: its listing pages can outnumber a whole
    chunk of articles, and starting it last would leave one worker finishing alone.
    """
    by_type: dict[int, list[int]] = defaultdict(list)
    indexes = [declared.model for declared in page_types() if declared.lists_children]
    index_types = {content_type.pk for content_type in ContentType.objects.get_for_models(*indexes).values()}
    pages = public_pages(site) if only is None else public_pages(site).filter(pk__in=only)
    for pk, content_type_id in pages.order_by("path").values_list("pk", "content_type_id"):
        by_type[content_type_id].append(pk)
    chunks = [(pk,) for content_type_id in sorted(index_types) for pk in by_type.pop(content_type_id, [])]
    for _content_type_id, ids in sorted(by_type.items()):
        chunks += [tuple(ids[start : start + CHUNK_SIZE]) for start in range(0, len(ids), CHUNK_SIZE)]
    return chunks


def to_json(data: dict) -> str:
    # The same separators and non-ASCII handling as the API's renderer.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _own_urls(pattern: re.Pattern, text: str) -> list[re.Match]:
    # A pattern starting with a literal is scanned quickly; a look-behind made it ten times slower.
    matches = pattern.finditer(text)
    return [match for match in matches if text[match.start() - 1 : match.start()] in URL_STARTS]


def collect_file_links(text: str, result: FileLinks) -> None:
    """Note the media and documents a written file links to, so the export ships exactly those."""
    media_url = settings.MEDIA_URL
    if "://" not in media_url:  # media on another host (S3, a CDN) is not copied
        pattern = re.compile(rf"{re.escape(media_url)}[\w.\-/]+")
        result.media.update(match.group(0) for match in _own_urls(pattern, text))
    result.documents.update(int(match.group(1)) for match in _own_urls(DOCUMENT_URL, text))


class ChunkRenderer:
    """Renders one chunk of pages into the build folder."""

    def __init__(self, job: SiteJob, root: Path, base: Path | None = None):
        self.job, self.build, self.result = job, BuildDir(root, base), ChunkResult()
        self.written: list[str] = []  # the files of the page being rendered
        self.links = FileLinks()

    def write(self, path: str, text: str) -> None:
        self.build.write(f"{self.job.folder}{path}", text, "page")
        self.written.append(f"{self.job.folder}{path}")

    def write_json(self, path: str, data: dict) -> FileLinks:
        """The mirror file; its media links are noted here (the HTML is made from this JSON)."""
        text = to_json(data)
        self.write(path, text)
        links = FileLinks()
        collect_file_links(text, links)
        self.links.add(links)
        return links

    def render(self, ids: tuple[int, ...]) -> ChunkResult:
        site = Site.objects.select_related("root_page").get(pk=self.job.site_id)
        # Filtered again: a page made private since the chunks were listed is not rendered.
        pages = list(public_pages(site).filter(pk__in=ids).order_by("path").specific())
        listings = {page.pk: export_listing(page) for page in pages if _lists_children(page)}
        batch = PageBatch(
            pages,
            site,
            "",
            lambda page: "/" + mirror_path(batch.path(page)),
            listings=listings,
            local_media=True,
        )
        parents = _parent_ids(pages)
        for page in pages:
            self.written, self.links, self.listing = [], FileLinks(), None
            sitemap = self.render_page_or_explain(page, batch)
            record = page_record(self.written, sitemap, self.links, parents.get(page.pk))
            record["path"] = batch.path(page)
            if self.listing is not None:
                record["listing"] = self.listing.as_record()
            self.result.records[page.pk] = record
        self.result.files = self.build.files
        return self.result

    def render_page_or_explain(self, page: Page, batch: PageBatch) -> list:
        try:
            return self.render_page(page, batch)
        except Exception as exc:
            raise BuildError(
                f'the page "{page.title}" ({batch.path(page)}, id {page.pk}) could not be exported: '
                f"{type(exc).__name__}: {exc}"
            ) from exc

    def render_page(self, page: Page, batch: PageBatch) -> list:
        """Writes the page's files; returns its sitemap entry [URL, last published]."""
        data = page_json(page, batch)
        meta = data["meta"]
        self.write_json(mirror_path(meta["path"]), data)
        listing = batch.listings.get(page.pk)
        num_pages = len(listing) if listing else 1
        paging = pagination(meta["path"], 1, num_pages) if listing else None
        self.write(html_path(meta["path"]), page_html(self.job.chrome, data, meta["html_url"], paging))
        self.result.pages += 1
        if listing:
            frame = listing_frame(page, batch)
            self.listing = ListingCarry(self.job.previous, self.job.changed, page.pk, frame, listing)
            later = [n for n in range(2, num_pages + 1) if not self.carry_listing_page(meta["path"], n)]
            with_cards = batch_for_pages(page, batch, later) if later else batch
            for number in later:
                self.render_listing_page(page, with_cards, number, num_pages)
        return [meta["html_url"], meta["last_published_at"]]

    def carry_listing_page(self, path: str, number: int) -> bool:
        """Keep listing page `number` from the previous build if it cannot have changed."""
        if not self.listing.unchanged(number):
            return False
        json_file = f"{self.job.folder}{mirror_path(listing_page_path(path, number))}"
        self.written += [json_file, f"{self.job.folder}{html_path(listing_page_path(path, number))}"]
        media, documents = self.listing.kept_links(number)
        self.links.add(FileLinks(set(media), set(documents)))
        return True

    def render_listing_page(self, page: Page, batch: PageBatch, number: int, num_pages: int) -> None:
        data = listing_page_json(page, batch, number)
        path = listing_page_path(data["meta"]["path"], number)
        canonical = listing_page_path(data["meta"]["html_url"], number)
        links = self.write_json(mirror_path(path), data)
        self.listing.note_links(number, links.media, links.documents)
        paging = pagination(data["meta"]["path"], number, num_pages)
        self.write(html_path(path), page_html(self.job.chrome, data, canonical, paging))
        self.result.listing_pages += 1


def listing_frame(page: Page, batch: PageBatch) -> str:
    """A hash of an index's JSON without its listing: what every one of its listing pages shares."""
    first = batch.children[page.pk]
    batch.children[page.pk] = Paginator([], settings.INDEX_PAGE_SIZE).page(1)
    try:
        return hashlib.sha256(to_json(page_json(page, batch)).encode()).hexdigest()
    finally:
        batch.children[page.pk] = first


def listing_files(record: dict, folder: str) -> set[str]:
    """The files of an index's later listing pages (2, 3, ...), from its record."""
    listing = record.get("listing")
    if not listing:
        return set()
    path = record["path"]
    pages = range(2, len(listing["pages"]) + 1)
    return {f"{folder}{mirror_path(listing_page_path(path, n))}" for n in pages} | {
        f"{folder}{html_path(listing_page_path(path, n))}" for n in pages
    }


def page_record(files: list[str], sitemap: list, links: FileLinks, parent: int | None) -> dict:
    """What one page put into the build, as the export state keeps it (plain JSON)."""
    return {
        "files": sorted(files),
        "sitemap": sitemap,
        "media": sorted(links.media),
        "documents": sorted(links.documents),
        "parent": parent,
    }


def _parent_ids(pages: list[Page]) -> dict[int, int]:
    """Each page's parent id, from one query (the tree path names the parent's)."""
    parent_paths = {page.pk: page.path[: -Page.steplen] for page in pages if page.depth > 1}
    by_path = dict(Page.objects.filter(path__in=set(parent_paths.values())).values_list("path", "pk"))
    return {pk: by_path[path] for pk, path in parent_paths.items() if path in by_path}


def _lists_children(page: Page) -> bool:
    declared = declaration_for(type(page))
    return declared is not None and declared.lists_children


def render_chunk(job: SiteJob, ids: tuple[int, ...], root: str, base: str | None = None) -> ChunkResult:
    """Entry point for worker processes (and the in-process path); base: the previous build."""
    return ChunkRenderer(job, Path(root), Path(base) if base else None).render(ids)
