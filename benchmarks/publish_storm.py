"""Publish storm: the soak's mixed workload, server cache off, without and with an editor publishing.

scripts/bench-storm seeds PostgreSQL first. With the whole-response cache off, every
request is answered by the code under test, so what a publish costs readers shows:
 (a) quiet: the plain mix (mix.lua, legit_paths) on C connections for S seconds;
 (b) storm: the same, while benchmarks.storm_publisher (its own process) edits the
     title of one live article the mix reads and publishes it every 5 s, then polls
     the API until the new title is served.
BENCH_SERVER_CACHE_SECONDS turns the whole-response cache on, to measure what a publish
does to it. Each run starts from an empty cache after the same warm-up; the pair is repeated
--repeats times on the same server. Reported: each run's req/s, p50, p99 and status
classes, storm/quiet for throughput and p99, and how long after each publish the
API first served the new title.

The project under test is a parameter: --project /work/main measures another
checkout's code with this checkout's benchmark (see benchmarks.project).

Usage: python -m benchmarks.publish_storm --project DIR --output bench-results/storm.json
"""

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from .api_load import HEADERS, HOST, stop
from .neighbours import NeighbourWatch
from .project import BENCHMARK_ROOT, use_project
from .report import save
from .soak_load import flush_response_cache, legit_paths, run_mix, start_gunicorn

DETAIL = re.compile(r"^/api/v2/pages/(\d+)/$")


def articles_read_by(paths: list[str], rng: random.Random) -> list[int]:
    """Live articles the mix asks for by id, shuffled: the pages the storm publishes."""
    from django.apps import apps

    ids = {int(match.group(1)) for path in paths if (match := DETAIL.match(path))}
    articles = apps.get_model("content", "ArticlePage").objects.filter(pk__in=ids, live=True)
    chosen = sorted(articles.values_list("pk", flat=True))
    rng.shuffle(chosen)
    return chosen


def check_environment() -> None:
    from django.conf import settings

    if settings.API_RESPONSE_CACHE_SECONDS != 0 and os.environ.get("BENCH_SERVER_CACHE_SECONDS") is None:
        raise SystemExit("the storm measures with the server response cache off (BENCH_SERVER_CACHE_SECONDS)")
    if "redis" not in settings.CACHES["default"]["BACKEND"].lower():
        raise SystemExit("set REDIS_URL: the storm runs with Redis as the cache, as production does")


def start_publisher(project: Path, base: str, pages: list[int], label: str, output: Path, args):
    """The editor's process, Django set up and waiting for the go signal on its stdin."""
    command = [sys.executable, "-m", "benchmarks.storm_publisher", "--project", str(project)]
    command += ["--base", base, "--pages", ",".join(map(str, pages)), "--label", label]
    command += ["--every", str(args.publish_every), "--seconds", str(args.seconds), "--output", str(output)]
    publisher = subprocess.Popen(  # noqa: S603
        command, cwd=BENCHMARK_ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    if publisher.stdout.readline().strip() != "ready":
        publisher.kill()
        raise SystemExit("the publisher did not start")
    return publisher


def storm_run(base: str, lines: Path, args, publisher=None, publisher_output: Path | None = None) -> dict:
    """The mix for args.seconds; a waiting publisher is told to begin as the load starts."""
    from django.conf import settings

    watch = NeighbourWatch(settings.DATABASES["default"]["NAME"])
    watch.start()
    if publisher is not None:
        publisher.stdin.write("go\n")
        publisher.stdin.flush()
    result = run_mix(base, lines, args.seconds, args.connections)
    if publisher is not None:
        if publisher.wait(timeout=120) != 0:
            raise SystemExit("the publisher failed")
        result["publisher"] = json.loads(publisher_output.read_text())
    result["neighbours"] = watch.stop()
    result["neighbours"]["share"] = round(
        result["neighbours"]["other_cpu_seconds"] / (args.seconds * result["neighbours"]["cores"]), 3
    )
    return result


def pair(base: str, lines: Path, pages: list[int], label: str, workdir: Path, args) -> dict:
    """One quiet run and one storm run, each after an emptied cache and the same warm-up."""
    flush_response_cache()
    run_mix(base, lines, args.warmup_seconds, args.connections)
    quiet = storm_run(base, lines, args)
    # Started before its warm-up, so that the publisher's own start-up is not measured.
    output = workdir / f"publisher-{label}.json"
    publisher = start_publisher(Path.cwd(), base, pages, label, output, args)
    flush_response_cache()
    run_mix(base, lines, args.warmup_seconds, args.connections)
    storm = storm_run(base, lines, args, publisher, output)
    runs = {"quiet": quiet, "storm": storm}
    return {"label": label, "pages": pages, "runs": runs, "ratios": ratios(runs)}


def ratios(runs: dict) -> dict:
    quiet, storm = runs["quiet"], runs["storm"]
    return {
        "throughput": round(storm["requests_per_second"] / quiet["requests_per_second"], 3),
        "p99": round(storm["p99_ms"] / quiet["p99_ms"], 3),
    }


def summarize(pairs: list[dict]) -> dict:
    def median_of(name: str, field: str) -> float:
        return round(statistics.median(p["runs"][name][field] for p in pairs), 1)

    publishes = [pub for p in pairs for pub in p["runs"]["storm"]["publisher"]["publishes"]]
    delays = [pub["visible_after_ms"] for pub in publishes if pub["visible_after_ms"] is not None]
    return {
        "repeats": len(pairs),
        **{
            name: {field: median_of(name, field) for field in ("requests_per_second", "p50_ms", "p99_ms")}
            for name in ("quiet", "storm")
        },
        "server_errors": {
            name: sum(p["runs"][name]["statuses"]["5xx"] for p in pairs) for name in ("quiet", "storm")
        },
        "socket_errors": {
            name: sum(p["runs"][name]["socket_errors"] for p in pairs) for name in ("quiet", "storm")
        },
        # other processes' share of the cores during each run: the noise a shared machine added
        "other_cpu_share": {
            name: [p["runs"][name]["neighbours"]["share"] for p in pairs] for name in ("quiet", "storm")
        },
        "ratio_throughput": round(statistics.median(p["ratios"]["throughput"] for p in pairs), 3),
        "ratio_p99": round(statistics.median(p["ratios"]["p99"] for p in pairs), 3),
        "publishes": len(publishes),
        "never_seen": len(publishes) - len(delays),
        "seen_on_first_poll": sum(
            1 for pub in publishes if pub["visible_after_ms"] is not None and pub["polls"] == 1
        ),
        "visible_after_ms_median": round(statistics.median(delays), 1) if delays else None,
        "visible_after_ms_max": max(delays) if delays else None,
        "publish_ms_median": round(statistics.median(pub["publish_ms"] for pub in publishes), 1),
    }


def readyz(base: str) -> dict:
    request = urllib.request.Request(f"{base}/readyz", headers=HEADERS)  # noqa: S310 (loopback)
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.load(response)


def project_description(project: Path) -> dict:
    def git(*words: str) -> str:
        command = ["git", "-C", str(project), *words]
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()  # noqa: S603,S607

    from django.apps import apps

    import content

    return {
        "directory": str(project),
        "code_imported_from": str(Path(content.__file__).parent.parent),
        "branch": git("rev-parse", "--abbrev-ref", "HEAD"),
        "commit": git("rev-parse", "--short", "HEAD"),
        "uncommitted_changes": bool(git("status", "--porcelain", "--untracked-files=no")),
        "delivery_store": (project / "content" / "delivery").is_dir(),
        "live_articles": apps.get_model("content", "ArticlePage").objects.live().count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--project", type=Path, default=BENCHMARK_ROOT, help="the checkout measured")
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--port", type=int, default=8125)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--first-warmup-seconds", type=int, default=60)
    parser.add_argument("--warmup-seconds", type=int, default=30)
    parser.add_argument("--publish-every", type=float, default=5.0)
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    output = args.output.resolve()  # before the working directory becomes the project's
    project = use_project(args.project)
    # What the storm measures: every request answered by the code under test.
    os.environ["API_RESPONSE_CACHE_SECONDS"] = "0"
    rng = random.Random(20261201)  # noqa: S311 (a repeatable sample of URLs, not a secret)
    legit = legit_paths(rng, 4000)  # sets Django up, from the project under test
    check_environment()
    per_pair = int(args.seconds // args.publish_every) + 1
    pages = articles_read_by(legit, rng)
    if len(pages) < per_pair * args.repeats:
        needed = per_pair * args.repeats
        raise SystemExit(f"the mix reads {len(pages)} articles by id; the storm needs {needed}")
    workdir = Path(tempfile.mkdtemp())
    lines = workdir / "legit.tsv"
    lines.write_text("".join(f"{path}\t-\n" for path in legit))
    base = f"http://{HOST}:{args.port}"
    report = {"settings": vars(args) | {"output": str(output), "project": str(project)}}
    report["project"] = project_description(project)
    stamp = time.strftime("%H%M%S")

    server = start_gunicorn(args.port)
    try:
        report["readyz"] = readyz(base)  # reports stale_documents where the delivery store is
        run_mix(base, lines, args.first_warmup_seconds, args.connections)  # imports, renditions, store
        report["pairs"] = [
            pair(base, lines, pages[k * per_pair : (k + 1) * per_pair], f"{stamp}-{k + 1}", workdir, args)
            for k in range(args.repeats)
        ]
    finally:
        stop(server)
    report["summary"] = summarize(report["pairs"])
    print_summary(report)
    save(report, output)


def print_summary(report: dict) -> None:
    project = report["project"]
    where = f"{project['directory']} ({project['branch']} {project['commit']})"
    print(f"{where}, {project['live_articles']:,} live articles")
    print(f"{'run':<10}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'5xx':>6}{'no answer':>11}{'others':>8}")
    for number, p in enumerate(report["pairs"], start=1):
        for name, run in p["runs"].items():
            print(
                f"{f'{name} {number}':<10}{run['requests_per_second']:>9,.0f}{run['p50_ms']:>9.1f}"
                f"{run['p99_ms']:>9.1f}{run['statuses']['5xx']:>6}{run['socket_errors']:>11}"
                f"{run['neighbours']['share']:>8.0%}"
            )
    summary = report["summary"]
    print(
        f"storm / quiet (median of {summary['repeats']}): throughput {summary['ratio_throughput']:.0%}, "
        f"p99 {summary['ratio_p99']:.0%}"
    )
    print(
        f"{summary['publishes']} publishes (median {summary['publish_ms_median']} ms each); new title served "
        f"after median {summary['visible_after_ms_median']} ms, max {summary['visible_after_ms_max']} ms; "
        f"on the first request {summary['seen_on_first_poll']}, never {summary['never_seen']}"
    )


if __name__ == "__main__":
    main()
