"""manage.py export_site: render the public site into a folder, and optionally publish it."""

import json
import logging
import sys
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from publishing.bucket import PublishError
from publishing.build import BuildError
from publishing.export import export_site
from publishing.manifest import ManifestError
from publishing.progress import Progress
from publishing.publish import publish_release


@contextmanager
def logs_to_stderr():
    """Log lines go to stderr while the command runs, so stdout holds only the summary (--json)."""
    handlers = [h for h in logging.getLogger().handlers if getattr(h, "stream", None) is sys.stdout]
    for handler in handlers:
        handler.setStream(sys.stderr)
    try:
        yield
    finally:
        for handler in handlers:
            handler.setStream(sys.stdout)


class Command(BaseCommand):
    help = "Export the public site as static HTML plus a JSON mirror; --publish uploads it to the bucket."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, default=None, help="build folder (default EXPORT_OUTPUT_DIR)"
        )
        parser.add_argument("--publish", action="store_true", help="upload the build to EXPORT_S3_BUCKET")
        parser.add_argument(
            "--dry-run", action="store_true", help="with --publish: list changes, touch nothing"
        )
        parser.add_argument("--workers", type=int, default=None, help="render processes (default: CPU cores)")
        parser.add_argument("--upload-workers", type=int, default=None, help="concurrent uploads")
        parser.add_argument(
            "--full",
            action="store_true",
            help="render every page, not only those changed since the last build",
        )
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args, **options):
        output = (options["output"] or settings.EXPORT_OUTPUT_DIR).resolve()
        progress = Progress(stream=self.stderr._out)  # the bar itself, not the wrapper adding newlines
        try:
            with logs_to_stderr():
                summary = self.run(output, options, progress)
        except (BuildError, PublishError, ManifestError) as exc:
            raise CommandError(str(exc)) from exc
        self.report(summary, output, options["json"])

    def run(self, output: Path, options: dict, progress: Progress) -> dict:
        export = export_site(output, options["workers"], progress, full=options["full"])
        summary = {"export": export.as_dict()}
        if options["publish"] or options["dry_run"]:
            upload_workers, dry_run = options["upload_workers"], options["dry_run"]
            release = publish_release(output, workers=upload_workers, dry_run=dry_run, progress=progress)
            summary["publish"] = release.as_dict()
        return summary

    def report(self, summary: dict, output: Path, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(summary, indent=1))
            return
        export = summary["export"]
        if export["incremental"]:
            self.stdout.write(
                f"Incremental export (change feed up to #{export['feed_seq']}): "
                f"{export['carried_over']} pages kept from the previous build"
            )
        else:
            self.stdout.write(f"Full export: {export['full_reason']}")
        self.stdout.write(
            f"Exported {export['pages']} pages (+{export['listing_pages']} listing pages, "
            f"{export['redirects']} redirects, {export['media_files']} media files): "
            f"{export['files']} files, {export['bytes']} bytes in {export['seconds']} s to {output}"
        )
        release = summary.get("publish")
        if release is None:
            return
        if release["dry_run"]:
            for path in release["would_upload"]:
                self.stdout.write(f"would upload {path}")
            for path in release["would_delete"]:
                self.stdout.write(f"would delete {path}")
            self.stdout.write(
                f"Dry run: {len(release['would_upload'])} to upload, {release['unchanged']} unchanged, "
                f"{len(release['would_delete'])} to delete; nothing was changed."
            )
            return
        self.stdout.write(
            f"Published: {release['uploaded']} uploaded ({release['bytes_uploaded']} bytes), "
            f"{release['unchanged']} unchanged, {release['deleted']} deleted in {release['seconds']} s"
        )
