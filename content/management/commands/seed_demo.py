"""Builds the demo site; with --articles N, also adds N published articles for benchmarks."""

import argparse
import time

from django.core.management.base import BaseCommand
from django.db import transaction

from content.demo.bulk import add_articles
from content.demo.site import build_demo_site, demo_context, ensure_section

MAX_ARTICLES = 100_000


def article_count(raw: str) -> int:
    try:
        count = int(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of articles, got {raw!r}") from None
    if not 0 <= count <= MAX_ARTICLES:
        raise argparse.ArgumentTypeError(
            f"the number of articles must be between 0 and {MAX_ARTICLES:,}, got {count}"
        )
    return count


class Command(BaseCommand):
    help = (
        "Create the demo site (idempotent). "
        "--articles N adds N more published articles to the Archive section."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles",
            type=article_count,
            default=0,
            metavar="N",
            help="add N more articles, fast",
        )
        parser.add_argument(
            "--realistic",
            action="store_true",
            help="draw the articles' words from English word frequencies (needs wordfreq, a dev dependency)",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="random seed of --realistic articles (same seed, same text)"
        )

    def handle(self, *args, articles: int, realistic: bool, seed: int, **options):
        started = time.perf_counter()
        with transaction.atomic():
            site = build_demo_site()
        self.stdout.write(f"Demo site ready ({time.perf_counter() - started:.1f} s).")
        if articles:
            self.add_archive_articles(site, articles, seed if realistic else None)

    def add_archive_articles(self, site, count: int, realistic_seed: int | None) -> None:
        started = time.perf_counter()
        home = site.root_page.specific
        section = ensure_section(home, "archive", "Archive", "Every article ever published.")
        added = add_articles(
            section, count, demo_context(site), progress=self.report, realistic_seed=realistic_seed
        )
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {added:,} articles in {elapsed:.1f} s ({added / elapsed:,.0f} pages/s)."
            )
        )

    def report(self, done: int) -> None:
        self.stdout.write(f"  {done:,} articles added")
