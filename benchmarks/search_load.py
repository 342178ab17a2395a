"""Search latency under gunicorn with the server cache off, per query class, against /healthz.

Usage (scripts/bench-search seeds PostgreSQL with 10,000 realistic articles first):
    python -m benchmarks.search_load --output bench-results/search.json --seed 1 --articles 10000

Each class (head, torso, tail, two and three words, phrases, typos) runs alone,
then the whole mix, the broadest head term alone and suggestions; /healthz gives
the ceiling of the same server in the same run (the mean of a run before the
classes and one after them).
"""

import argparse
import tempfile
from pathlib import Path
from urllib.parse import urlencode

from .api_load import HEADERS, HOST, start_gunicorn, stop
from .report import save
from .search_queries import CLASSES, query_mix
from .soak_load import run_mix
from .wrk import run_wrk

SEARCH = "/api/v2/search/"
SUGGEST = "/api/v2/search/suggest/"


def class_paths(mix: dict[str, list[str]]) -> dict[str, list[str]]:
    paths = {name: [f"{SEARCH}?{urlencode({'q': q})}" for q in mix[name]] for name in CLASSES}
    paths["whole_mix"] = [path for name in CLASSES for path in paths[name]]
    paths["broadest_head"] = [f"{SEARCH}?{urlencode({'q': q})}" for q in mix["broadest_head"]]
    paths["suggest"] = [f"{SUGGEST}?{urlencode({'q': q})}" for q in mix["suggest"]]
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1, help="the seed_demo --realistic --seed")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--port", type=int, default=8125)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--only", nargs="*", help="run only these classes")
    args = parser.parse_args()
    mix = query_mix(args.seed, args.articles)
    paths = class_paths(mix)
    folder = Path(tempfile.mkdtemp())
    report = {"settings": vars(args) | {"output": str(args.output)}, "queries": mix, "cold": {}}
    base = f"http://{HOST}:{args.port}"
    server = start_gunicorn(args.port, 0, args.workers)
    try:
        ceiling = run_wrk(f"{base}/healthz", 10, args.connections, 2, HEADERS)
        report["healthz"] = ceiling.as_dict()
        print(f"healthz       {ceiling.requests_per_second:8,.0f} req/s")
        results = {}
        for name, urls in paths.items():
            if args.only and name not in args.only:
                continue
            lines = folder / f"{name}.tsv"
            lines.write_text("".join(f"{path}\t-\n" for path in urls))
            run_mix(base, lines, 3, args.connections)  # warm-up: connections, the database's own caches
            results[name] = run_mix(base, lines, args.seconds, args.connections)
            print(f"{name:13} {results[name]['requests_per_second']:8,.1f} req/s", flush=True)
        # The machine's speed drifts over the run's minutes: the ceiling is the mean of the
        # /healthz runs before and after the classes.
        ceiling_end = run_wrk(f"{base}/healthz", 10, args.connections, 2, HEADERS)
        report["healthz_end"] = ceiling_end.as_dict()
        report["ceiling"] = (ceiling.requests_per_second + ceiling_end.requests_per_second) / 2
        print(
            f"healthz, end  {ceiling_end.requests_per_second:8,.0f} req/s (ceiling: {report['ceiling']:,.0f})"
        )
        for name, result in results.items():
            result["share_of_ceiling"] = result["requests_per_second"] / report["ceiling"]
            report["cold"][name] = result
            print(
                f"{name:13} {result['requests_per_second']:8,.1f} req/s "
                f"({result['share_of_ceiling']:.1%})  p50 {result['p50_ms']:7.1f} ms  "
                f"p99 {result['p99_ms']:7.1f} ms  statuses {result['statuses']}"
            )
    finally:
        stop(server)
    save(report, args.output)


if __name__ == "__main__":
    main()
