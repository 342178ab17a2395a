"""Search latency under gunicorn: a mix of queries with the server cache off (cold) and on (warm).

Usage (scripts/bench-search seeds PostgreSQL with 10,000 articles first):
    python -m benchmarks.search_load --output bench-results/search.json
"""

import argparse
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from .api_load import HOST, prime, start_gunicorn, stop
from .report import save
from .soak_load import run_mix

QUERIES = [
    "publishing",
    "harbour",
    "static export",
    "moderator comment",
    "renditions webp",
    "archive",
    "accessibility audit",
    "Dolores Ibarra",
    "search weighs titles",
    "released",
    "editors draft pages",
    "cdn",
    "redirect links",
    "tables",
    "frontend json",
    "phones desktops",
]
FILTERS = [{}, {"type": "content.ArticlePage"}, {"limit": "20"}, {"offset": "10"}]


def search_paths() -> list[str]:
    return [f"/api/v2/search/?{urlencode({'q': q, **extra})}" for q in QUERIES for extra in FILTERS]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--port", type=int, default=8125)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    base = f"http://{HOST}:{args.port}"
    lines = Path(tempfile.mkdtemp()) / "search.tsv"
    lines.write_text("".join(f"{path}\t-\n" for path in search_paths()))

    report = {"settings": vars(args) | {"output": str(args.output)}, "queries": len(search_paths())}
    for mode, cache_seconds in (("cold", 0), ("warm", 600)):
        server = start_gunicorn(args.port, cache_seconds, args.workers)
        try:
            run_mix(base, lines, 5, args.connections)  # warm-up: connections, the database's own caches
            if cache_seconds:  # warm means every query's response is in the cache
                for path in search_paths():
                    prime(f"{base}{path}")
            report[mode] = run_mix(base, lines, args.seconds, args.connections)
        finally:
            stop(server)
        result = report[mode]
        print(
            f"{mode:4} {result['requests_per_second']:7,.0f} req/s  p50 {result['p50_ms']:.1f} ms  "
            f"p99 {result['p99_ms']:.1f} ms  statuses {result['statuses']}"
        )
    save(report, args.output)


if __name__ == "__main__":
    main()
