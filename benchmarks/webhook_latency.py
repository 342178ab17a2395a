"""Webhook latency: from an editor's publish committing to the signed delivery reaching a receiver.

scripts/bench-webhooks seeds PostgreSQL and stores every document first. This module
starts a receiver on 127.0.0.1 and two `db_worker` processes as production runs them
(the default queue, which rebuilds documents, and the webhooks queue), creates one
endpoint, then publishes an edit of one article --publishes times, a random pause
apart (so publishes fall at any point of the workers' polling), and times each:
  commit → feed entry appended (the rebuild task stored the new document)
         → delivery created (the dispatch task) → POST received.
The workers poll for tasks every --interval seconds when idle (db_worker's default
is 1 s), which is most of the latency: a publish waits up to one interval for the
rebuild, and each task queued by another is taken at once only if the worker is
not asleep.

Usage: python -m benchmarks.webhook_latency --interval 1 --publishes 20 --output bench-results/webhooks.json
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .report import save

ROOT = Path(__file__).resolve().parents[1]


def summarize(values: list[float]) -> dict:
    """Median, p90 and extremes of a list of seconds, in milliseconds."""
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return {
        "n": len(ordered),
        "median_ms": round(statistics.median(ordered) * 1000),
        "p90_ms": round(p90 * 1000),
        "min_ms": round(ordered[0] * 1000),
        "max_ms": round(ordered[-1] * 1000),
    }


class Receiver:
    """Records (arrival time, body) of each POST and answers 204."""

    def __init__(self):
        self.arrivals: list[tuple[float, dict]] = []
        self.event = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.arrivals.append((time.time(), json.loads(body)))
                receiver.event.set()
                self.send_response(204)
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def wait_for(self, page_id: int, after_seq: int, timeout: float = 60) -> tuple[float, dict]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for arrived, body in self.arrivals:
                if body.get("to", 0) > after_seq and any(e["id"] == page_id for e in body["entries"]):
                    return arrived, body
            self.event.wait(0.01)
            self.event.clear()
        raise SystemExit(f"no delivery for page {page_id} within {timeout} s")


def start_workers(interval: float) -> list[subprocess.Popen]:
    options = ["--no-reload", "--no-startup-delay", "--interval", str(interval), "--verbosity", "0"]
    return [
        subprocess.Popen(  # noqa: S603 (our own interpreter and manage.py)
            [sys.executable, "manage.py", "db_worker", *options, "--queue-name", queue], cwd=ROOT
        )
        for queue in ("default", "webhooks")
    ]


def publish_once(page_id: int, n: int) -> float:
    """Publish an edit of the page; the time its transaction committed (on_commit has queued the rebuild)."""
    from content.models import ArticlePage

    page = ArticlePage.objects.get(pk=page_id)
    page.title = f"Webhook latency {n} {time.time()}"
    page.save_revision().publish()
    return time.time()


def measure_one(receiver: Receiver, page_id: int, n: int) -> dict:
    from content.delivery.changes import latest_seq
    from content.delivery.models import DocumentChange
    from webhooks.models import WebhookDelivery

    before = latest_seq()
    committed = publish_once(page_id, n)
    arrived, body = receiver.wait_for(page_id, before)
    entry = DocumentChange.objects.filter(page_id=page_id, seq__gt=before).order_by("seq").first()
    delivery = WebhookDelivery.objects.filter(seq_to=body["to"]).order_by("-created_at").first()
    return {
        "total": arrived - committed,
        "to_feed": entry.at.timestamp() - committed,
        "to_delivery_created": delivery.created_at.timestamp() - committed,
    }


def run(interval: float, publishes: int, seed: int) -> dict:
    import django

    django.setup()
    from content.models import ArticlePage
    from webhooks.models import WebhookEndpoint

    WebhookEndpoint.objects.all().delete()
    receiver = Receiver()
    WebhookEndpoint.objects.create(name="bench", url=receiver.url, events=["updated"])
    page_id = ArticlePage.objects.live().public().order_by("pk").values_list("pk", flat=True).first()
    rng = random.Random(seed)  # noqa: S311 (pauses between publishes, not security)
    workers = start_workers(interval)
    try:
        time.sleep(2)  # the workers start (Django set-up) before the first publish
        samples = []
        for n in range(publishes):
            time.sleep(rng.uniform(0.5, 1.5))
            samples.append(measure_one(receiver, page_id, n))
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait(timeout=30)
    return {
        "interval_s": interval,
        "publishes": publishes,
        "deliveries": len(receiver.arrivals),
        **{name: summarize([s[name] for s in samples]) for name in samples[0]},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interval", type=float, nargs="+", default=[1.0])
    parser.add_argument("--publishes", type=int, default=20)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--output", type=Path, default=Path("bench-results/webhooks.json"))
    args = parser.parse_args()
    os.environ.setdefault("WEBHOOKS_ALLOW_PRIVATE_NETWORKS", "true")  # the receiver is on 127.0.0.1
    results = [run(interval, args.publishes, args.seed) for interval in args.interval]
    for result in results:
        total = result["total"]
        print(f"interval {result['interval_s']} s: median {total['median_ms']} ms, p90 {total['p90_ms']} ms")
    save({"runs": results}, args.output)


if __name__ == "__main__":
    main()
