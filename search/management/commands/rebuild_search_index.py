"""Writes the search index (entries and vocabulary) again from the live, public pages."""

import time

from django.core.management.base import BaseCommand

from search.index import is_empty, rebuild


class Command(BaseCommand):
    help = "Rebuild the public search index from the live, public pages (after an upgrade, or to repair it)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="only when the index has no entry although public pages exist (a database from before it)",
        )

    def handle(self, *args, if_empty: bool, verbosity: int, **options):
        self.verbosity = verbosity
        if if_empty and not is_empty():
            return
        started = time.perf_counter()
        count = rebuild(progress=self.report)
        elapsed = time.perf_counter() - started
        self.stdout.write(self.style.SUCCESS(f"Indexed {count:,} pages in {elapsed:.1f} s."))

    def report(self, done: int) -> None:
        if self.verbosity > 1:
            self.stdout.write(f"  {done:,} pages indexed")
