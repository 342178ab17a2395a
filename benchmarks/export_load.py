"""Static export and publish on the current database: pages/s, peak RSS, queries per page, upload rate.

Usage (scripts/bench-export seeds the database first):
    python -m benchmarks.export_load --label 10000 --output bench-results/export-10000.json
Publishes go to a moto S3 server started here in its own process, over HTTP.
"""

import argparse
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import django

from benchmarks.incremental_load import measure_incremental


def peak_rss_mb(who: int) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)


def tree_pss_mb(pid: int, field: str = "Pss:") -> float:
    """Proportional set size of a process and its descendants: shared pages counted once.

    field="Rss:": the resident set size of each, summed (shared pages counted in each process).
    """
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        own = next(int(line.split()[1]) for line in rollup.splitlines() if line.startswith(field)) / 1024
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except (OSError, StopIteration):
        return 0.0
    return own + sum(tree_pss_mb(int(child), field) for child in children)


class MemorySampler(threading.Thread):
    """The peaks of tree_pss_mb(this process), PSS and RSS, sampled every 50 ms while it runs."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak, self.peak_rss, self.done = 0.0, 0.0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.05):
            self.peak = max(self.peak, tree_pss_mb(os.getpid()))
            self.peak_rss = max(self.peak_rss, tree_pss_mb(os.getpid(), "Rss:"))

    def __enter__(self) -> "MemorySampler":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.done.set()
        self.join()


def count_queries(run):
    from django.db import connection

    counter = {"queries": 0}

    def count(execute, sql, params, many, context):
        counter["queries"] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        result = run()
    return result, counter["queries"]


def start_moto() -> tuple[subprocess.Popen, str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the moto server did not start within 30 s")


def measure_export(workdir: Path, runs: int) -> dict:
    from publishing.export import export_site

    # One run with a single process counts the queries (workers' queries are not visible here).
    with MemorySampler() as serial_memory:
        summary, queries = count_queries(lambda: export_site(workdir / "serial", workers=1, full=True))
    rendered = summary.pages + summary.listing_pages
    timings = []
    with MemorySampler() as parallel_memory:
        for _ in range(runs):
            parallel = export_site(workdir / "site", workers=0, full=True)
            timings.append(parallel.seconds)
    timings.sort()
    median = timings[len(timings) // 2]
    return {
        "pages": summary.pages,
        "listing_pages": summary.listing_pages,
        "files": summary.files,
        "bytes": summary.bytes,
        "queries": queries,
        "queries_per_page": round(queries / rendered, 3),
        "one_process_seconds": summary.seconds,
        "one_process_pages_per_s": round(rendered / summary.seconds, 1),
        "workers": parallel.workers,
        "seconds_runs": timings,
        "seconds_median": median,
        "pages_per_s_median": round(rendered / median, 1),
        "peak_pss_mb_one_process": round(serial_memory.peak, 1),
        "peak_pss_mb_all_processes": round(parallel_memory.peak, 1),
        "peak_rss_mb_all_processes": round(parallel_memory.peak_rss, 1),
    }


def measure_publish(workdir: Path) -> dict:
    import boto3

    from publishing.bucket import Target
    from publishing.export import export_site
    from publishing.publish import publish_release

    server, url = start_moto()
    try:
        # moto accepts any credentials
        os.environ.update(AWS_ACCESS_KEY_ID="bench", AWS_SECRET_ACCESS_KEY="bench")  # noqa: S106
        os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
        boto3.client("s3", endpoint_url=url).create_bucket(Bucket="bench")
        target = Target(bucket="bench", prefix="site/", endpoint_url=url)
        first = publish_release(workdir / "site", target)
        export_site(workdir / "site", workers=0, full=True)  # a fresh build of unchanged content
        unchanged = publish_release(workdir / "site", target)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        "first_uploaded": first.uploaded,
        "first_bytes": first.bytes_uploaded,
        "first_seconds": first.seconds,
        "first_files_per_s": round(first.uploaded / first.seconds, 1),
        "no_change_uploaded": unchanged.uploaded,
        "no_change_seconds": unchanged.seconds,
    }


def main() -> None:
    """Full export and publish figures, then the incremental ones (benchmarks/incremental_load.py)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--label", required=True)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--incremental-runs", type=int, default=5)
    args = parser.parse_args()
    django.setup()
    workdir = Path(tempfile.mkdtemp(prefix="bench-export-"))
    try:
        export = measure_export(workdir, args.runs)
        export["peak_rss_mb_main"] = peak_rss_mb(resource.RUSAGE_SELF)
        export["peak_rss_mb_largest_worker"] = peak_rss_mb(resource.RUSAGE_CHILDREN)
        publish = measure_publish(workdir)
        incremental = measure_incremental(workdir / "site", args.incremental_runs, start_moto)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    result = {"label": args.label, "cpus": os.cpu_count(), "export": export, "publish": publish}
    result["incremental"] = incremental
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
