"""Load and soak: a mixed API workload against gunicorn, with bad requests, watching worker memory.

Phases (scripts/bench-soak seeds PostgreSQL with 10,000 articles first):
 1. warm-up, then capacity: the plain mix (legitimate requests only) on C connections,
    the rate the machine sustains.
 2. two soak runs of 10 minutes each, the plain mix on 2C connections (twice the
    offered load) beside a paced side stream of 7 % of the traffic. In the first run
    the side stream is legitimate requests; in the second it is bad requests (5 %)
    and requests with a wrong Basic password (2 %). Each run starts from an empty
    response cache with the same warm-up. Reported: 5xx (none allowed), the
    legitimate requests' p99 in the second run against the first, and every
    worker's memory sampled every 10 s across both.

Usage: python -m benchmarks.soak_load --output bench-results/soak.json
"""

import argparse
import base64
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from .api_load import HEADERS, HOST, prime, stop
from .report import save
from .wrk import parse_report

MIX_SCRIPT = Path(__file__).with_name("mix.lua")
LEGIT_WEIGHTS = {"listing": 30, "detail": 35, "find": 15, "site": 10, "search": 10}
BAD_SHARE, WRONG_PASSWORD_SHARE = 0.05, 0.02
SIDE_CONNECTIONS = 4
SEARCH_WORDS = ["publishing", "harbour", "release", "editor", "static", "archive", "preview", "guide"]


def legit_paths(rng: random.Random, count: int) -> list[str]:
    """A weighted sample of the plain mix over the whole site (Django set up from the environment)."""
    import django

    django.setup()
    from wagtail.models import Site

    from content.serialization.visibility import public_pages, site_path

    site = Site.objects.get(is_default_site=True)
    pages = list(public_pages(site).only("id", "path", "url_path", "depth", "numchild"))
    index_ids = [page.pk for page in pages if page.numchild] or [site.root_page_id]
    makers = {
        "listing": lambda: rng.choice(
            [
                f"/api/v2/pages/?type=content.ArticlePage&fields=*&limit=20&offset={rng.randrange(0, 2000)}",
                f"/api/v2/pages/?child_of={rng.choice(index_ids)}&limit=20",
                "/api/v2/pages/?type=content.ArticlePage&order=-first_published_at&limit=10",
            ]
        ),
        "detail": lambda: f"/api/v2/pages/{rng.choice(pages).pk}/",
        "find": lambda: f"/api/v2/pages/find/?html_path={site_path(rng.choice(pages), site)}",
        "site": lambda: "/api/v2/site/",
        "search": lambda: f"/api/v2/search/?q={rng.choice(SEARCH_WORDS)}",
    }
    kinds = rng.choices(list(LEGIT_WEIGHTS), weights=list(LEGIT_WEIGHTS.values()), k=count)
    return [makers[kind]() for kind in kinds]


def bad_lines(rng: random.Random, legit: list[str], count: int) -> list[str]:
    """Malformed requests (a 4xx each) and legitimate ones with a wrong Basic password (served)."""
    malformed = [
        "/api/v2/pages/?limit=abc",
        "/api/v2/pages/?type=nope.Nope",
        "/api/v2/pages/999999999/",
        "/api/v2/pages/?fields=no_such_field",
        "/api/v2/pages/?order=no_such_field",
        "/api/v2/search/?q=",
        "/api/v2/pages/find/?html_path=/no/such/page/",
        "/api/v2/pages/?child_of=-1",
        "/api/v2/pages/?offset=" + "9" * 600,
        "/api/v2/nowhere/",
    ]
    varying = [  # a scanner's guesses: a different unknown id or path each time
        lambda: f"/api/v2/pages/{rng.randrange(10**6, 10**9)}/",
        lambda: f"/api/v2/pages/find/?html_path=/{rng.choice(SEARCH_WORDS)}-{rng.randrange(10**6)}/",
        lambda: f"/api/v2/images/{rng.randrange(10**6, 10**9)}/",
    ]
    wrong = "Basic " + base64.b64encode(b"admin:not-the-password").decode()
    share = BAD_SHARE / (BAD_SHARE + WRONG_PASSWORD_SHARE)

    def bad() -> str:
        return rng.choice(malformed) if rng.random() < 0.5 else rng.choice(varying)()

    return [f"{bad()}\t-" if rng.random() < share else f"{rng.choice(legit)}\t{wrong}" for _ in range(count)]


def start_gunicorn(port: int) -> subprocess.Popen:
    """gunicorn with the production gunicorn.conf.py; recycling off so that a leak would show."""
    args = [sys.executable, "-m", "gunicorn", "site_config.wsgi", "-c", "gunicorn.conf.py"]
    args += [f"--bind={HOST}:{port}", "--max-requests=0", "--log-level=warning"]
    server = subprocess.Popen(args)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            prime(f"http://{HOST}:{port}/healthz")
            return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("gunicorn did not answer on /healthz within 60 s")


def run_mix(base: str, lines_file: Path, seconds: int, connections: int, delay_ms: int = 0) -> dict:
    env = {**os.environ, "MIX_FILE": str(lines_file), "MIX_DELAY_MS": str(delay_ms)}
    threads = max(1, min(2, connections))
    args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    args += ["-s", str(MIX_SCRIPT), base]
    report = subprocess.run(args, capture_output=True, text=True, env=env, check=True).stdout  # noqa: S603
    counts = dict(zip(("ok", "4xx", "5xx", "other"), map(int, report.split("MIX ")[1].split()), strict=True))
    return {**parse_report(report).as_dict(), "statuses": counts}


class MemoryWatch(threading.Thread):
    """Samples the resident and proportional memory of every gunicorn worker."""

    def __init__(self, master_pid: int, every: float):
        super().__init__(daemon=True)
        self.master_pid, self.every, self.samples = master_pid, every, []
        self.started_at, self.stopping = time.monotonic(), threading.Event()

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.master_pid}/task/{self.master_pid}/children").read_text()
        return sorted(int(pid) for pid in children.split())

    @staticmethod
    def kilobytes(path: str, field: str) -> int:
        for line in Path(path).read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
        return 0

    def run(self) -> None:
        while not self.stopping.wait(self.every):
            pids = self.workers()
            rss = sum(self.kilobytes(f"/proc/{pid}/status", "VmRSS:") for pid in pids)
            pss = sum(self.kilobytes(f"/proc/{pid}/smaps_rollup", "Pss:") for pid in pids)
            minute = (time.monotonic() - self.started_at) / 60
            sample = {"minute": round(minute, 2), "workers": pids, "rss_mb": rss / 1024, "pss_mb": pss / 1024}
            self.samples.append(sample)


def memory_summary(samples: list[dict]) -> dict:
    minutes = [s["minute"] for s in samples]
    pss = [s["pss_mb"] for s in samples]
    first = [s["pss_mb"] for s in samples if s["minute"] <= minutes[0] + 1]
    last = [s["pss_mb"] for s in samples if s["minute"] >= minutes[-1] - 1]
    slope = statistics.linear_regression(minutes, pss).slope if len(samples) > 2 else 0.0
    return {
        "samples": len(samples),
        "worker_sets": len({tuple(s["workers"]) for s in samples}),  # 1: no worker died or was replaced
        "pss_first_minute_mb": round(statistics.median(first), 1),
        "pss_last_minute_mb": round(statistics.median(last), 1),
        "pss_slope_mb_per_minute": round(slope, 2),
        "rss_max_mb": round(max(s["rss_mb"] for s in samples), 1),
    }


def flush_response_cache() -> None:
    """Both runs start from an empty cache, so that their entries expire at the same points."""
    from django.core.cache import cache

    cache.clear()


def soak_run(base: str, legit_file: Path, side_file: Path, args, side_delay_ms: int) -> dict:
    """The plain mix on 2C connections for the soak's length, beside a paced side stream."""
    flush_response_cache()
    run_mix(base, legit_file, args.warmup_seconds, args.connections)
    side: dict = {}

    def side_stream() -> None:
        side.update(run_mix(base, side_file, args.soak_seconds, SIDE_CONNECTIONS, side_delay_ms))

    stream = threading.Thread(target=side_stream)
    stream.start()
    legit = run_mix(base, legit_file, args.soak_seconds, 2 * args.connections)
    stream.join()
    return {"legit": legit, "side": side}


def soak(base: str, legit_file: Path, bad_file: Path, args, capacity: dict, master_pid: int) -> dict:
    """Two runs of the same shape, one after the other, on the same workers.

    The run without bad requests has a side stream of legitimate ones at the pace the
    bad ones come in the second run, so that the offered load is the same and only the
    kind of request differs. Each run starts with an empty response cache and the same
    warm-up. Memory is sampled every 10 s across both.
    """
    side_share = BAD_SHARE + WRONG_PASSWORD_SHARE
    side_rate = capacity["requests_per_second"] * side_share / (1 - side_share)
    # Each side connection waits for its answer, then the delay: take the expected
    # answer time (the median at capacity, doubled with twice the connections) off it.
    delay_ms = max(1, round(SIDE_CONNECTIONS * 1000 / side_rate - 2 * capacity["p50_ms"]))
    watch = MemoryWatch(master_pid, every=10)
    watch.start()
    runs, bounds = {}, {}
    for name, side_file in (("without_bad", legit_file), ("with_bad", bad_file)):
        started = (time.monotonic() - watch.started_at) / 60
        runs[name] = soak_run(base, legit_file, side_file, args, delay_ms)
        bounds[name] = (started, (time.monotonic() - watch.started_at) / 60)
    watch.stopping.set()
    watch.join()
    return {
        "runs": runs,
        "summary": soak_summary(runs),
        "memory": memory_summary(watch.samples),
        "memory_by_run": {
            name: memory_summary([s for s in watch.samples if start <= s["minute"] <= end])
            for name, (start, end) in bounds.items()
        },
        "memory_samples": watch.samples,
        "side_paced_delay_ms": delay_ms,
    }


def soak_summary(runs: dict) -> dict:
    without, with_bad = runs["without_bad"]["legit"], runs["with_bad"]["legit"]
    streams = [run[part] for run in runs.values() for part in ("legit", "side")]

    total_with_bad = with_bad["requests"] + runs["with_bad"]["side"]["requests"]

    def both(field: str) -> dict:
        return {"without_bad": without[field], "with_bad": with_bad[field]}

    return {
        "legit_requests": sum(run["legit"]["requests"] for run in runs.values()),
        "bad_requests": runs["with_bad"]["side"]["requests"],
        "legit_rps": both("requests_per_second"),
        "legit_p50_ms": both("p50_ms"),
        "legit_p99_ms": both("p99_ms"),
        "legit_p99_ratio": round(with_bad["p99_ms"] / without["p99_ms"], 3),
        "bad_share": round(runs["with_bad"]["side"]["requests"] / total_with_bad, 4),
        "bad_4xx_share": round(runs["with_bad"]["side"]["statuses"]["4xx"] / total_with_bad, 4),
        "server_errors": sum(stream["statuses"]["5xx"] for stream in streams),
        "bad_statuses": {k: runs["with_bad"]["side"]["statuses"][k] for k in ("ok", "4xx", "5xx")},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--port", type=int, default=8124)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--capacity-seconds", type=int, default=60)
    parser.add_argument("--warmup-seconds", type=int, default=60)
    parser.add_argument("--soak-seconds", type=int, default=600)
    args = parser.parse_args()
    rng = random.Random(20261122)  # noqa: S311 (a repeatable sample of URLs, not a secret)
    base = f"http://{HOST}:{args.port}"
    workdir = Path(tempfile.mkdtemp())
    legit = legit_paths(rng, 4000)
    legit_file, bad_file = workdir / "legit.tsv", workdir / "bad.tsv"
    legit_file.write_text("".join(f"{path}\t-\n" for path in legit))
    bad_file.write_text("".join(f"{line}\n" for line in bad_lines(rng, legit, 20000)))

    server = start_gunicorn(args.port)
    try:
        # warm-up: renditions, connections, the workers' imports
        run_mix(base, legit_file, 90, args.connections)
        report = {"settings": vars(args) | {"output": str(args.output)}, "headers": HEADERS}
        report["capacity"] = run_mix(base, legit_file, args.capacity_seconds, args.connections)
        report["soak"] = soak(base, legit_file, bad_file, args, report["capacity"], server.pid)
    finally:
        stop(server)
    print_summary(report)
    save(report, args.output)


def print_summary(report: dict) -> None:
    capacity, summary = report["capacity"], report["soak"]["summary"]
    print(
        f"capacity  {capacity['requests_per_second']:7,.0f} req/s  p50 {capacity['p50_ms']:.1f}  "
        f"p99 {capacity['p99_ms']:.1f} ms  statuses {capacity['statuses']}"
    )
    for name, run in report["soak"]["runs"].items():
        legit, side, memory = run["legit"], run["side"], report["soak"]["memory_by_run"][name]
        print(
            f"{name:<12}{legit['requests_per_second']:7,.0f} req/s  p50 {legit['p50_ms']:.1f}  "
            f"p99 {legit['p99_ms']:.1f} ms  side {side['requests']:,} {side['statuses']}  "
            f"PSS {memory['pss_first_minute_mb']} → {memory['pss_last_minute_mb']} MB"
        )
    print(f"legit p99 with bad requests / without: {summary['legit_p99_ratio']:.0%}")
    print(f"bad share {summary['bad_share']:.1%} (4xx {summary['bad_4xx_share']:.1%} of all requests)")
    print(f"5xx total {summary['server_errors']}")
    memory = report["soak"]["memory"]
    print(
        f"memory    PSS {memory['pss_first_minute_mb']} → {memory['pss_last_minute_mb']} MB over both runs, "
        f"slope {memory['pss_slope_mb_per_minute']} MB/min, worker sets {memory['worker_sets']}"
    )


if __name__ == "__main__":
    main()
