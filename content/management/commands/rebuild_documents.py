"""manage.py rebuild_documents: build every stale or missing stored document (resumable), or --all."""

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm
from wagtail.models import Site

from content.delivery.rebuild import pages_to_build, rebuild_documents


class Command(BaseCommand):
    help = "Build the delivery store's stale or missing documents; --all rebuilds every one."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="rebuild every document, fresh or not")
        parser.add_argument("--chunk-size", type=int, default=200, help="pages built per batch")
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="processes building chunks at once (PostgreSQL; SQLite builds one chunk at a time)",
        )

    def handle(self, *args, **options):
        everything = options["all"]
        if options["workers"] < 1 or options["chunk_size"] < 1:
            raise CommandError("--workers and --chunk-size must be at least 1")
        total = sum(len(pages_to_build(site, everything)) for site in Site.objects.all())
        started = time.perf_counter()
        with tqdm(total=total, unit="pages", file=self.stderr._out, disable=not total) as bar:
            summary = rebuild_documents(
                everything, options["chunk_size"], advance=bar.update, workers=options["workers"]
            )
        seconds = time.perf_counter() - started
        rate = f" ({summary.pages / seconds:,.0f} pages/s)" if summary.pages and seconds else ""
        self.stdout.write(
            f"Built {summary.pages} documents in {seconds:.1f} s{rate}; kept {summary.kept}, "
            f"{summary.dropped} of hidden pages dropped, {summary.sites} site documents current."
        )
