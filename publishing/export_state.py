"""The export state: what an incremental export needs to know about the build it starts from.

Kept beside the build as `.export-state.json` (not in the manifest, so never
published): the change feed position the build was made from, a fingerprint of
everything outside the feed that the output depends on, and per page the files it
wrote, its sitemap entry, the media and documents it links to and its parent.
It is written the same way by a full and an incremental export, so two builds of
the same content have the same state file too.
"""

import gc
import hashlib
import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import orjson
from django.conf import settings
from wagtail.models import Site

from content.delivery.build import serializer_version
from content.delivery.models import DocumentChange
from content.serialization.fields import public_base_url

from .manifest import MANIFEST_NAME, ManifestError, parse_manifest

STATE_NAME = ".export-state.json"
STATE_VERSION = 2  # 2: media URLs in a table
# Settings the rendered output depends on: a change to any of them means a full build.
OUTPUT_SETTINGS = (
    "MEDIA_URL",
    "STATIC_URL",
    "LANGUAGE_CODE",
    "INDEX_PAGE_SIZE",
    "API_CACHE_MAX_AGE",
    "API_STALE_WHILE_REVALIDATE",
    "EXPORT_MEDIA_MAX_AGE",
    "EXPORT_DOCUMENT_MAX_AGE",
    "EXPORT_S3_WEBSITE_REDIRECTS",
    "EXPORT_SITEMAP_MAX_URLS",
)
# The code and templates the output is made by: a deploy that changes any file here means a full build.
CODE_FOLDERS = ("publishing", "content", "home", "search")
CODE_SUFFIXES = (".py", ".html", ".css", ".js", ".json")


class StaleState(Exception):
    """The previous build cannot be brought up to date incrementally; the message says why."""


@dataclass
class SiteState:
    folder: str
    pages: dict[int, dict] = field(default_factory=dict)  # page id → pages.page_record
    site_files: list[str] = field(default_factory=list)  # every other file of the site but:
    search: dict[str, dict] = field(default_factory=dict)  # the search index's shards (search_shards)

    def as_json(self) -> dict:
        """Media URLs are written once, in a table, and pages name them by index: a page links to
        several renditions, mostly of images other pages show too (10 of the 15 MB at 10,000 articles).
        """
        table = sorted({url for record in self.pages.values() for url in _media_lists(record)})
        index = {url: n for n, url in enumerate(table)}
        pages = {str(pk): _map_media(self.pages[pk], index.__getitem__) for pk in sorted(self.pages)}
        search = {shard: self.search[shard] for shard in sorted(self.search, key=int)}
        return {
            "folder": self.folder,
            "media": table,
            "pages": pages,
            "site_files": sorted(self.site_files),
            "search": search,
        }


def _media_lists(record: dict):
    """Every media URL of a page record: its own, and its later listing pages'."""
    yield from record["media"]
    for media, _documents in record.get("listing", {}).get("links", ()):
        yield from media


def _map_media(record: dict, convert) -> dict:
    """The record with each media URL (or index) converted; the record itself is left as it is."""
    mapped = {**record, "media": [convert(url) for url in record["media"]]}
    if "listing" in record:
        links = [
            [[convert(url) for url in media], documents] for media, documents in record["listing"]["links"]
        ]
        mapped["listing"] = {**record["listing"], "links": links}
    return mapped


@dataclass
class ExportState:
    seq: int
    seq_at: str  # the time of entry seq: the feed it was read from is the same feed
    fingerprint: str
    sites: dict[int, SiteState] = field(default_factory=dict)

    def write(self, root: Path) -> None:
        manifest = (root / MANIFEST_NAME).read_bytes()
        with collector_paused():
            document = self._document(manifest)
            data = orjson.dumps(document, option=orjson.OPT_SORT_KEYS) + b"\n"
        (root / STATE_NAME).write_bytes(data)

    def _document(self, manifest: bytes) -> dict:
        return {
            "version": STATE_VERSION,
            "seq": self.seq,
            "seq_at": self.seq_at,
            "fingerprint": self.fingerprint,
            "manifest_sha256": hashlib.sha256(manifest).hexdigest(),
            "sites": {str(pk): self.sites[pk].as_json() for pk in sorted(self.sites)},
        }


@contextmanager
def collector_paused():
    """Python's cyclic garbage collector off while the state's 100,000 small objects are made.

    They cannot form cycles, but their number sets off full collections of the whole
    process: reading the state of a 10,000-article build took 130 ms with it, 13 without.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def feed_position() -> tuple[int, str]:
    """The newest entry of the change feed: (seq, its time), (0, "") for an empty feed."""
    latest = DocumentChange.objects.order_by("-seq").values_list("seq", "at").first()
    return (latest[0], latest[1].isoformat()) if latest else (0, "")


def fingerprint(sites: list[Site]) -> str:
    """A hash of what the output depends on outside the change feed."""
    parts = {
        "serializer": serializer_version(),
        "settings": {name: str(getattr(settings, name, "")) for name in OUTPUT_SETTINGS},
        "sites": [[s.pk, s.hostname, s.port, s.root_page_id, public_base_url(s)] for s in sites],
        "code": code_hash(),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


_code_hashes: dict[str, str] = {}


def code_hash() -> str:
    """A hash of the apps' code, templates and static files (computed once per process)."""
    base = Path(settings.BASE_DIR)
    if str(base) not in _code_hashes:
        digest = hashlib.sha256()
        for folder in CODE_FOLDERS:
            for path in sorted((base / folder).rglob("*")):
                if path.suffix in CODE_SUFFIXES and "tests" not in path.parts and path.is_file():
                    digest.update(path.relative_to(base).as_posix().encode() + b"\0" + path.read_bytes())
        _code_hashes[str(base)] = digest.hexdigest()
    return _code_hashes[str(base)]


def read_state(output: Path, seq: int, print_: str) -> tuple[ExportState, dict[str, dict]]:
    """The previous build's state and manifest; StaleState when either cannot be trusted.

    print_ is this export's fingerprint. The feed must still hold the entry the build
    was made from (else it was pruned, or this is another database).
    """
    try:
        manifest = (output / MANIFEST_NAME).read_bytes()
        files = parse_manifest(manifest)
        with collector_paused():
            document = orjson.loads((output / STATE_NAME).read_bytes())
            state = _parse(document)
    except FileNotFoundError as error:
        raise StaleState(f"the previous build has no {Path(error.filename).name}") from error
    except (OSError, ValueError, KeyError, TypeError, ManifestError) as error:
        raise StaleState(f"the previous build's state or manifest is unreadable ({error})") from error
    if document["manifest_sha256"] != hashlib.sha256(manifest).hexdigest():
        raise StaleState("the previous build's manifest is not the one its state was written with")
    if state.fingerprint != print_:
        raise StaleState("code, templates, settings or sites changed since the previous build")
    _check_feed(state.seq, state.seq_at, seq)
    _check_files(state, files)
    return state, files


def _parse(document: dict) -> ExportState:
    if document["version"] != STATE_VERSION:
        raise ValueError(f"state version {document['version']!r}")
    sites = {
        int(pk): SiteState(
            folder=site["folder"],
            pages={
                int(page): _map_media(record, site["media"].__getitem__)
                for page, record in site["pages"].items()
            },
            site_files=list(site["site_files"]),
            search=dict(site["search"]),
        )
        for pk, site in document["sites"].items()
    }
    return ExportState(int(document["seq"]), str(document["seq_at"]), str(document["fingerprint"]), sites)


def _check_feed(built_from: int, built_at: str, latest: int) -> None:
    if built_from > latest:
        raise StaleState(f"the previous build is ahead of the change feed (seq {built_from} > {latest})")
    if built_from == 0:
        return
    entry = DocumentChange.objects.filter(seq=built_from).values_list("at", flat=True).first()
    if entry is None or entry.isoformat() != built_at:
        raise StaleState(f"the change feed no longer holds entry {built_from}, the previous build's")


def _check_files(state: ExportState, files: dict[str, dict]) -> None:
    owned: set[str] = set()
    for site in state.sites.values():
        owned.update(site.site_files)
        for shard in site.search.values():
            owned.update(shard["files"])
        for record in site.pages.values():
            owned.update(record["files"])
    if owned != files.keys():
        raise StaleState("the previous build's state and manifest do not list the same files")
