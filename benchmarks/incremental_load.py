"""The incremental case of scripts/bench-export: from an editor's publish to the bucket holding the new files.

Each run edits a page and publishes it through Wagtail's own path (revision.publish()),
then runs the incremental export and the publish to a moto server over HTTP, timed
from the publish until the bucket holds the new files. Two cases: one article's
summary, and the title of an article that 100 others list among their related pages
(so 100 more documents change). Each run checks that the files uploaded are exactly
the files whose bytes (or headers) changed.
"""

import os
import statistics
import time
from pathlib import Path

LINKERS = 100


def _manifest(site: Path) -> dict:
    from publishing.manifest import parse_manifest

    return parse_manifest((site / "manifest.json").read_bytes())


def _changed(before: dict, after: dict) -> set[str]:
    from publishing.publish import SETTLED_FIELDS

    return {
        path
        for path, entry in after.items()
        if path not in before or any(entry.get(key) != before[path].get(key) for key in SETTLED_FIELDS)
    }


def timed_edit(site: Path, target, page, edit) -> dict:
    """Edit and publish page, export and publish the site; the figures of that one run."""
    from publishing.export import export_site
    from publishing.publish import publish_release

    before = _manifest(site)
    edit(page)
    revision = page.save_revision()
    started = time.monotonic()
    revision.publish()
    export = export_site(site, workers=0)
    release = publish_release(site, target)
    seconds = time.monotonic() - started
    after = _manifest(site)
    changed, gone = _changed(before, after), before.keys() - after.keys()
    return {
        "seconds": round(seconds, 3),
        "export_seconds": export.seconds,
        "publish_seconds": release.seconds,
        "incremental": export.incremental,
        "rendered": export.pages + export.listing_pages,
        "uploaded": release.uploaded,
        "bytes_changed_files": len(changed),
        "deleted": release.deleted,
        "files_gone": len(gone),
        "uploaded_is_changed": release.uploaded == len(changed) and release.deleted == len(gone),
    }


def _summary(runs: list[dict]) -> dict:
    return {
        "runs": runs,
        "seconds_median": statistics.median(run["seconds"] for run in runs),
        "export_seconds_median": statistics.median(run["export_seconds"] for run in runs),
        "publish_seconds_median": statistics.median(run["publish_seconds"] for run in runs),
        "all_uploaded_is_changed": all(run["uploaded_is_changed"] for run in runs),
    }


def link_from_others(target_page, count: int) -> None:
    """count other articles list target_page among their related pages (published)."""
    from content.models import ArticlePage, ArticlePageRelatedPage

    others = ArticlePage.objects.live().exclude(pk=target_page.pk).order_by("-pk")[:count]
    for article in others:
        article.related_pages = [ArticlePageRelatedPage(target=target_page, sort_order=0)]
        article.save_revision().publish()


def measure_incremental(site: Path, runs: int, start_moto) -> dict:
    """site: a full build of the current database."""
    import boto3

    from content.models import ArticlePage
    from publishing.bucket import Target
    from publishing.export import export_site
    from publishing.publish import publish_release

    server, url = start_moto()
    try:
        os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench")  # noqa: S106
        os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
        boto3.client("s3", endpoint_url=url).create_bucket(Bucket="incremental")
        target = Target(bucket="incremental", prefix="site/", endpoint_url=url)
        publish_release(site, target)
        articles = list(ArticlePage.objects.live().order_by("pk")[100 : 100 + runs])
        single = [timed_edit(site, target, article, _edit_summary) for article in articles]
        linked_page = ArticlePage.objects.live().order_by("pk")[50]
        link_from_others(linked_page, LINKERS)
        export_site(site, workers=0)
        publish_release(site, target)
        linked = [timed_edit(site, target, linked_page, _edit_title) for _ in range(runs)]
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"single_edit": _summary(single), f"edit_linked_from_{LINKERS}": _summary(linked)}


def _edit_summary(page) -> None:
    page.summary = f"{page.summary[:200]} (edited {time.time_ns()})"


def _edit_title(page) -> None:
    page.title = f"{page.title[:80].split(' (v')[0]} (v{time.time_ns() % 100000})"


def main() -> None:
    """Only the incremental case and one full export (scripts/bench-export runs everything)."""
    import argparse
    import json
    import shutil
    import tempfile

    import django

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args()
    django.setup()
    from benchmarks.export_load import MemorySampler, start_moto
    from publishing.export import export_site

    workdir = Path(tempfile.mkdtemp(prefix="bench-incremental-"))
    try:
        with MemorySampler() as memory:
            full = export_site(workdir / "site", workers=0, full=True)
        result = {
            "full_export_seconds": full.seconds,
            "full_export_peak_pss_mb": round(memory.peak, 1),
            "full_export_peak_rss_mb": round(memory.peak_rss, 1),
            "files": full.files,
            **measure_incremental(workdir / "site", args.runs, start_moto),
        }
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
