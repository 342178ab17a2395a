"""What keeping the search index current adds to publishing one page.

Publishes archive articles of a seeded database with the search index's signal
handlers connected and then disconnected, alternating, and reports the median of
each. Run under the production settings against the benchmark's database:
    python -m benchmarks.search_upkeep --pages 30
"""

import argparse
import json
import statistics
import time

import django


def publish_seconds(pages) -> list[float]:
    times = []
    for page in pages:
        revision = page.save_revision()
        started = time.perf_counter()
        revision.publish()
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=30)
    args = parser.parse_args()
    django.setup()
    from wagtail.signals import page_published

    from content.models import ArticlePage
    from search.signal_handlers import published

    pages = list(ArticlePage.objects.live().filter(slug__startswith="archive-article-")[: args.pages * 2])
    with_index, without = [], []
    for start in range(0, len(pages), 10):
        with_index += publish_seconds(pages[start : start + 5])
        page_published.disconnect(dispatch_uid="search-published")
        try:
            without += publish_seconds(pages[start + 5 : start + 10])
        finally:
            page_published.connect(published, dispatch_uid="search-published")
    report = {
        "publishes": len(with_index) + len(without),
        "median_ms_with_search_index": statistics.median(with_index) * 1000,
        "median_ms_without": statistics.median(without) * 1000,
    }
    report["added_ms"] = report["median_ms_with_search_index"] - report["median_ms_without"]
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
