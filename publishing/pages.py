"""Pages into files: each public page's JSON (as the API serves it), its HTML, its listing pages.

Pages are rendered in chunks; each chunk loads what its pages need through one
PageBatch, so the queries per page stay constant however large the site is.
"""

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Site

from content.serialization.batch import PageBatch
from content.serialization.listing import all_listing_pages, listing_page_path
from content.serialization.page_json import listing_page_json, page_json
from content.serialization.registry import declaration_for, page_types
from content.serialization.visibility import public_pages

from .build import BuildDir, BuildError
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


@dataclass
class ChunkResult:
    files: dict[str, dict] = field(default_factory=dict)
    sitemap: list[tuple[str, str | None]] = field(default_factory=list)  # (URL, last published)
    media: set[str] = field(default_factory=set)  # URLs under MEDIA_URL
    documents: set[int] = field(default_factory=set)
    pages: int = 0
    listing_pages: int = 0


def mirror_path(path: str) -> str:
    """Where the static JSON mirror keeps a page: /news/a/ → api/pages/news/a.json."""
    return f"api/pages{path.rstrip('/') or '/index'}.json"


def html_path(path: str) -> str:
    return f"{path.lstrip('/')}index.html"


def page_chunks(site: Site) -> list[tuple[int, ...]]:
    """Ids of the site's public pages in chunks of one type, the longest work first.

    Each index is a chunk of its own, first: its listing pages can outnumber a whole
    chunk of articles, and starting it last would leave one worker finishing alone.
    """
    by_type: dict[int, list[int]] = defaultdict(list)
    indexes = [declared.model for declared in page_types() if declared.lists_children]
    index_types = {content_type.pk for content_type in ContentType.objects.get_for_models(*indexes).values()}
    for pk, content_type_id in public_pages(site).order_by("path").values_list("pk", "content_type_id"):
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


def collect_file_links(text: str, result: "ChunkResult") -> None:
    """Note the media and documents a written file links to, so the export ships exactly those."""
    media_url = settings.MEDIA_URL
    if "://" not in media_url:  # media on another host (S3, a CDN) is not copied
        pattern = re.compile(rf"{re.escape(media_url)}[\w.\-/]+")
        result.media.update(match.group(0) for match in _own_urls(pattern, text))
    result.documents.update(int(match.group(1)) for match in _own_urls(DOCUMENT_URL, text))


class ChunkRenderer:
    """Renders one chunk of pages into the build folder."""

    def __init__(self, job: SiteJob, root: Path):
        self.job, self.build, self.result = job, BuildDir(root), ChunkResult()

    def write(self, path: str, text: str) -> None:
        self.build.write(f"{self.job.folder}{path}", text, "page")

    def write_json(self, path: str, data: dict) -> None:
        """The mirror file; its media links are noted here (the HTML is made from this JSON)."""
        text = to_json(data)
        self.write(path, text)
        collect_file_links(text, self.result)

    def render(self, ids: tuple[int, ...]) -> ChunkResult:
        site = Site.objects.select_related("root_page").get(pk=self.job.site_id)
        # Filtered again: a page made private since the chunks were listed is not rendered.
        pages = list(public_pages(site).filter(pk__in=ids).order_by("path").specific())
        listings = {page.pk: all_listing_pages(page) for page in pages if _lists_children(page)}
        batch = PageBatch(
            pages,
            site,
            "",
            lambda page: "/" + mirror_path(batch.path(page)),
            listings=listings,
            local_media=True,
        )
        for page in pages:
            self.render_page_or_explain(page, batch)
        self.result.files = self.build.files
        return self.result

    def render_page_or_explain(self, page: Page, batch: PageBatch) -> None:
        try:
            self.render_page(page, batch)
        except Exception as exc:
            raise BuildError(
                f'the page "{page.title}" ({batch.path(page)}, id {page.pk}) could not be exported: '
                f"{type(exc).__name__}: {exc}"
            ) from exc

    def render_page(self, page: Page, batch: PageBatch) -> None:
        data = page_json(page, batch)
        meta = data["meta"]
        self.write_json(mirror_path(meta["path"]), data)
        listing = batch.listings.get(page.pk)
        num_pages = len(listing) if listing else 1
        paging = pagination(meta["path"], 1, num_pages) if listing else None
        self.write(html_path(meta["path"]), page_html(self.job.chrome, data, meta["html_url"], paging))
        self.result.sitemap.append((meta["html_url"], meta["last_published_at"]))
        self.result.pages += 1
        for number in range(2, num_pages + 1):
            self.render_listing_page(page, batch, number, num_pages)

    def render_listing_page(self, page: Page, batch: PageBatch, number: int, num_pages: int) -> None:
        data = listing_page_json(page, batch, number)
        path = listing_page_path(data["meta"]["path"], number)
        canonical = listing_page_path(data["meta"]["html_url"], number)
        self.write_json(mirror_path(path), data)
        paging = pagination(data["meta"]["path"], number, num_pages)
        self.write(html_path(path), page_html(self.job.chrome, data, canonical, paging))
        self.result.listing_pages += 1


def _lists_children(page: Page) -> bool:
    declared = declaration_for(type(page))
    return declared is not None and declared.lists_children


def render_chunk(job: SiteJob, ids: tuple[int, ...], root: str) -> ChunkResult:
    """Entry point for worker processes (and the in-process path)."""
    return ChunkRenderer(job, Path(root)).render(ids)
