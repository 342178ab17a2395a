"""Load and soak: a mixed API workload against gunicorn, with bad requests, watching worker memory.

Phases (scripts/bench-soak seeds PostgreSQL with 10,000 articles first):
 1. warm-up, then capacity: the plain mix (legitimate requests only) on C connections,
    the rate the machine sustains.
 2. soak: the plain mix on 2C connections (twice the offered load) for 10 one-minute
    segments, beside a paced side stream of 7 % of the traffic: in every other minute
    bad requests (5 %) and requests with a wrong Basic password (2 %), in the minutes
    between legitimate ones. Reported: 5xx (none allowed), legitimate p99 in the
    minutes with bad requests against the minutes without, and every worker's memory
    sampled every 10 s throughout.

Usage: python -m benchmarks.soak_load --output bench-results/soak.json
"""

import argparse
import base64
import json
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
from .wrk import parse_report

MIX_SCRIPT = Path(__file__).with_name("mix.lua")
LEGIT_WEIGHTS = {"listing": 30, "detail": 35, "find": 15, "site": 10, "search": 10}
BAD_SHARE, WRONG_PASSWORD_SHARE = 0.05, 0.02
SEARCH_WORDS = ["publishing", "harbour", "release", "editor", "static", "archive", "preview", "guide"]


def legit_paths(rng: random.Random, count: int) -> list[str]:
    """A weighted sample of the plain mix over the whole site (Django set up from the environment)."""
    import django

    django.setup()
    from wagtail.models import Site

    from content.api.visibility import public_pages, site_path

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
    wrong = "Basic " + base64.b64encode(b"admin:not-the-password").decode()
    share = BAD_SHARE / (BAD_SHARE + WRONG_PASSWORD_SHARE)
    return [
        f"{rng.choice(malformed)}\t-" if rng.random() < share else f"{rng.choice(legit)}\t{wrong}"
        for _ in range(count)
    ]


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


def soak(base: str, legit_file: Path, bad_file: Path, args, capacity_rps: float, master_pid: int) -> dict:
    """The legitimate mix on 2C connections minute by minute, beside a paced side stream.

    The side stream is the bad requests in every other minute, and the same pace of
    legitimate requests in the minutes between: the load has the same shape in both,
    and only the kind of request differs. Interleaving the minutes over the same
    10 minutes keeps cache expiry and machine noise out of the comparison.
    """
    bad_rate = capacity_rps * (BAD_SHARE + WRONG_PASSWORD_SHARE) / (1 - BAD_SHARE - WRONG_PASSWORD_SHARE)
    bad_connections = 4
    delay_ms = max(1, round(bad_connections * 1000 / bad_rate))
    watch = MemoryWatch(master_pid, every=10)
    watch.start()
    minutes = []
    for minute in range(args.soak_seconds // 60):
        with_bad = minute % 2 == 1
        side: dict = {}
        side_file = bad_file if with_bad else legit_file
        stream = threading.Thread(
            target=lambda into=side, lines=side_file: into.update(
                run_mix(base, lines, 60, bad_connections, delay_ms)
            )
        )
        stream.start()
        legit = run_mix(base, legit_file, 60, 2 * args.connections)
        stream.join()
        minutes.append(
            {
                "minute": minute + 1,
                "with_bad": with_bad,
                "legit": legit,
                "bad": side if with_bad else None,
                "side": side,
            }
        )
    watch.stopping.set()
    watch.join()
    return {
        "minutes": minutes,
        "summary": soak_summary(minutes),
        "memory": memory_summary(watch.samples),
        "memory_samples": watch.samples,
        "bad_paced_delay_ms": delay_ms,
    }


def soak_summary(minutes: list[dict]) -> dict:
    def median_p99(with_bad: bool) -> float:
        return statistics.median(m["legit"]["p99_ms"] for m in minutes if m["with_bad"] == with_bad)

    runs = [m["legit"] for m in minutes] + [m["side"] for m in minutes]
    return {
        "legit_requests": sum(m["legit"]["requests"] for m in minutes),
        "bad_requests": sum(m["bad"]["requests"] for m in minutes if m["bad"]),
        "legit_rps_median": statistics.median(m["legit"]["requests_per_second"] for m in minutes),
        "legit_p50_ms_median": statistics.median(m["legit"]["p50_ms"] for m in minutes),
        "legit_p99_ms_median_without_bad": median_p99(False),
        "legit_p99_ms_median_with_bad": median_p99(True),
        "server_errors": sum(run["statuses"]["5xx"] for run in runs),
        "bad_statuses": {
            k: sum(m["bad"]["statuses"][k] for m in minutes if m["bad"]) for k in ("ok", "4xx", "5xx")
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--port", type=int, default=8124)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--capacity-seconds", type=int, default=60)
    parser.add_argument("--soak-seconds", type=int, default=600)
    args = parser.parse_args()
    rng = random.Random(20261122)  # noqa: S311 (a repeatable sample of URLs, not a secret)
    base = f"http://{HOST}:{args.port}"
    workdir = Path(tempfile.mkdtemp())
    legit = legit_paths(rng, 4000)
    legit_file, bad_file = workdir / "legit.tsv", workdir / "bad.tsv"
    legit_file.write_text("".join(f"{path}\t-\n" for path in legit))
    bad_file.write_text("".join(f"{line}\n" for line in bad_lines(rng, legit, 1000)))

    server = start_gunicorn(args.port)
    try:
        run_mix(
            base, legit_file, 90, args.connections
        )  # warm-up: renditions, the response cache, connections
        report = {"settings": vars(args) | {"output": str(args.output)}, "headers": HEADERS}
        report["capacity"] = run_mix(base, legit_file, args.capacity_seconds, args.connections)
        capacity = report["capacity"]["requests_per_second"]
        report["soak"] = soak(base, legit_file, bad_file, args, capacity, server.pid)
    finally:
        stop(server)
    print_summary(report)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2))
    print(f"written to {args.output}")


def print_summary(report: dict) -> None:
    capacity, summary, memory = report["capacity"], report["soak"]["summary"], report["soak"]["memory"]
    print(
        f"capacity  {capacity['requests_per_second']:7,.0f} req/s  p50 {capacity['p50_ms']:.1f}  "
        f"p99 {capacity['p99_ms']:.1f} ms  statuses {capacity['statuses']}"
    )
    for minute in report["soak"]["minutes"]:
        legit = minute["legit"]
        print(
            f"minute {minute['minute']:2} {'bad on ' if minute['with_bad'] else 'bad off'}  "
            f"{legit['requests_per_second']:7,.0f} req/s  "
            f"p50 {legit['p50_ms']:.1f}  p99 {legit['p99_ms']:.1f} ms"
        )
    without, with_bad = summary["legit_p99_ms_median_without_bad"], summary["legit_p99_ms_median_with_bad"]
    print(
        f"legit p99 (median of minutes): {without:.1f} ms without bad, "
        f"{with_bad:.1f} ms with ({with_bad / without:.0%})"
    )
    print(
        f"requests  {summary['legit_requests']:,} legitimate, "
        f"{summary['bad_requests']:,} bad: {summary['bad_statuses']}"
    )
    print(f"5xx total {summary['server_errors']}")
    print(
        f"memory    PSS {memory['pss_first_minute_mb']} → {memory['pss_last_minute_mb']} MB, "
        f"slope {memory['pss_slope_mb_per_minute']} MB/min, worker sets {memory['worker_sets']}"
    )


if __name__ == "__main__":
    main()
