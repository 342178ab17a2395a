"""publish_release: upload a build to the bucket, changed files only, never half-published.

Order: static files and media first, then pages and JSON, then the entry files
(sitemap.xml, robots.txt, 404.html), then the new manifest, and only then the
keys the old manifest had and the new one does not are deleted. If anything
fails before the manifest is written, the old manifest and every key it lists
are still there, so the published site stays whole; running again finishes.
"""

import hashlib
import logging
import time
from concurrent.futures import FIRST_EXCEPTION, ThreadPoolExecutor, wait
from dataclasses import asdict, dataclass, field
from pathlib import Path

from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings

from .bucket import PENDING_NAME, Bucket, PublishError, Target
from .cdn import changed_urls, invalidate_changes, invalidation_paths
from .manifest import MANIFEST_NAME, ManifestError, parse_manifest
from .progress import Progress
from .signals import release_published

logger = logging.getLogger(__name__)
UPLOAD_ORDER = (("static", "media", "document"), ("page",), ("entry",))


def _position(entry: dict) -> int:
    """Where a file comes in the upload order (anything unknown goes with the pages)."""
    return next((n for n, kinds in enumerate(UPLOAD_ORDER) if entry.get("kind") in kinds), 1)


@dataclass
class PublishPlan:
    uploads: list[str]
    unchanged: int
    deletes: list[str]
    compared_with: str  # "manifest", "listing" (no manifest in the bucket yet)
    pending: set[str] = field(default_factory=set)  # every key this run may touch, recorded first


@dataclass
class PublishSummary:
    uploaded: int = 0
    unchanged: int = 0
    deleted: int = 0
    bytes_uploaded: int = 0
    compared_with: str = ""
    dry_run: bool = False
    seconds: float = 0.0
    would_upload: list[str] = field(default_factory=list)
    would_delete: list[str] = field(default_factory=list)
    invalidation_id: str = ""  # the CloudFront invalidation made (EXPORT_CLOUDFRONT_DISTRIBUTION_ID)
    invalidated_paths: int = 0
    would_invalidate: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def _md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes(), usedforsecurity=False).hexdigest()


# A change in any of these uploads the file again (website_redirect: a header, not in the bytes).
SETTLED_FIELDS = ("sha256", "content_type", "cache_control", "website_redirect")


def _changed(entry: dict, published: dict | None) -> bool:
    return published is None or any(entry.get(name) != published.get(name) for name in SETTLED_FIELDS)


def plan_release(build_dir: Path, files: dict[str, dict], bucket: Bucket) -> PublishPlan:
    """What to upload and delete, from the bucket's manifest (or, without one, its listing).

    Paths in the pending record were touched by a run that did not finish: they
    are uploaded again (their bytes may be the failed run's, not the manifest's)
    and, when the build no longer has them, deleted.
    """
    remote = bucket.manifest()
    pending = bucket.pending()
    if remote is not None:
        uploads = {path for path, entry in files.items() if _changed(entry, remote.get(path))}
        stale = (remote.keys() | pending) - files.keys()
        compared_with = "manifest"
    else:
        # Keys without a manifest were not put there by a publish: they are left alone.
        etags = dict(bucket.listing())
        uploads = {path for path in files if etags.get(path) != _md5(build_dir / path)}
        stale = pending - files.keys()
        compared_with = "listing"
    uploads |= pending & files.keys()
    deletes = stale - {MANIFEST_NAME, PENDING_NAME}
    return PublishPlan(
        uploads=sorted(uploads),
        unchanged=len(files) - len(uploads),
        deletes=sorted(deletes),
        compared_with=compared_with,
        pending=pending | uploads | deletes,
    )


def _upload_all(bucket: Bucket, build_dir: Path, files: dict, paths: list[str], workers: int, step) -> int:
    """Upload paths concurrently; the first failure cancels what has not started and is raised."""

    def upload(path: str) -> int:
        data = (build_dir / path).read_bytes()
        entry = files[path]
        bucket.put(path, data, entry["content_type"], entry["cache_control"], entry.get("website_redirect"))
        return len(data)

    sent = 0
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(upload, path): path for path in paths}
        done, not_done = wait(futures, return_when=FIRST_EXCEPTION)
        for future in not_done:
            future.cancel()
        for future in done | not_done:
            if future.cancelled():
                continue
            error = future.exception()
            if error is not None:
                raise PublishError(
                    f"uploading {bucket.target.key(futures[future])} failed: {error}"
                ) from error
            sent += future.result()
            step.advance()
    return sent


def publish_release(
    build_dir: Path,
    target: Target | None = None,
    workers: int | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> PublishSummary:
    started = time.monotonic()
    progress = progress or Progress(quiet=True)
    workers = workers or settings.EXPORT_UPLOAD_WORKERS
    try:
        manifest = (build_dir / MANIFEST_NAME).read_bytes()
        files = parse_manifest(manifest)
    except (OSError, ManifestError) as exc:
        raise PublishError(f"{build_dir} holds no readable build (run export_site first): {exc}") from exc
    bucket = Bucket(target or Target.from_settings(), connections=workers)
    plan = plan_release(build_dir, files, bucket)
    summary = PublishSummary(unchanged=plan.unchanged, compared_with=plan.compared_with, dry_run=dry_run)
    if dry_run:
        summary.would_upload, summary.would_delete = plan.uploads, plan.deletes
        if settings.EXPORT_CLOUDFRONT_DISTRIBUTION_ID:
            summary.would_invalidate = invalidation_paths(plan.uploads, plan.deletes, _kinds(files))
    else:
        try:
            _carry_out(plan, bucket, build_dir, (files, manifest), workers, progress, summary)
        except (ClientError, BotoCoreError) as exc:
            raise PublishError(f"{exc}; run the publish again to finish") from exc
        except PublishError as exc:
            logger.error("publishing %s failed: %s", build_dir, exc)
            raise
    summary.seconds = round(time.monotonic() - started, 3)
    if not dry_run:
        extra = {"publish": summary.as_dict()}
        logger.info("published %s to bucket %s", build_dir, bucket.target.bucket, extra=extra)
    return summary


def _carry_out(plan, bucket, build_dir, build, workers, progress, summary) -> None:
    """build: the manifest's entries and its bytes (uploaded as they are)."""
    files, manifest = build
    if plan.uploads or plan.deletes:
        # Recorded before anything changes, so that a run failing half-way (an
        # upload, or a delete after the new manifest) is finished by the next one.
        bucket.put_json(PENDING_NAME, sorted(plan.pending))
    with progress.step("upload", len(plan.uploads), "files") as step:
        for position in range(len(UPLOAD_ORDER)):
            group = [path for path in plan.uploads if _position(files[path]) == position]
            summary.bytes_uploaded += _upload_all(bucket, build_dir, files, group, workers, step)
            summary.uploaded += len(group)
    if plan.uploads or plan.deletes or plan.compared_with == "listing":
        bucket.put(MANIFEST_NAME, manifest, "application/json; charset=utf-8", "no-cache")
    bucket.delete(plan.deletes)
    summary.deleted = len(plan.deletes)
    # Before the pending record goes: if the invalidation fails, the next run
    # uploads those paths again and so invalidates them again.
    try:
        summary.invalidation_id, summary.invalidated_paths = invalidate_changes(
            plan.uploads, plan.deletes, _kinds(files)
        )
    except PublishError as exc:
        raise PublishError(f"{exc}; the bucket is up to date: run the publish again to invalidate") from exc
    if plan.pending:
        bucket.delete([PENDING_NAME])
    _announce(changed_urls(plan.uploads, plan.deletes, _kinds(files)))


def _announce(paths: list[str]) -> None:
    """Tell listeners (purge webhooks) which URLs changed; a failing listener never fails the publish."""
    if not paths:
        return
    for receiver, error in release_published.send_robust(sender=publish_release, paths=paths):
        if isinstance(error, Exception):
            logger.warning("a listener of published releases (%s) failed: %s", receiver, error)


def _kinds(files: dict[str, dict]) -> dict[str, str]:
    return {path: entry.get("kind", "") for path, entry in files.items()}
