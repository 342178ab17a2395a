"""Writes the search index (entries and vocabulary) again from the live, public pages."""

import time

from django.core.management.base import BaseCommand

from search.index import rebuild


class Command(BaseCommand):
    help = "Rebuild the public search index from the live, public pages (after a restore or an upgrade)."

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        started = time.perf_counter()
        count = rebuild(progress=self.report)
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Indexed {count:,} pages in {elapsed:.1f} s."))

    def report(self, done: int) -> None:
        if self.verbosity > 1:
            self.stdout.write(f"  {done:,} pages indexed")
