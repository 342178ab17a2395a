"""API throughput and latency under gunicorn, cold (server cache off) and warm, against /healthz.

Usage (scripts/bench-api sets up the database first):
    python -m benchmarks.api_load --output bench-results/api.json
"""

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from .report import save
from .wrk import run_wrk

HOST = "127.0.0.1"
# The reverse proxy in front of production says the request came in over TLS.
HEADERS = {"X-Forwarded-Proto": "https", "Host": "localhost"}


def start_gunicorn(port: int, cache_seconds: int, workers: int) -> subprocess.Popen:
    env = {**os.environ, "API_RESPONSE_CACHE_SECONDS": str(cache_seconds)}
    args = [
        sys.executable,
        "-m",
        "gunicorn",
        "site_config.wsgi",
        f"--bind={HOST}:{port}",
        f"--workers={workers}",
        "--threads=1",
        "--log-level=warning",
        # gunicorn.conf.py recycles workers; that would empty the warm cache mid-run.
        "--max-requests=0",
    ]
    server = subprocess.Popen(args, env=env)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            request = urllib.request.Request(f"http://{HOST}:{port}/healthz", headers=HEADERS)
            urllib.request.urlopen(request, timeout=1)  # noqa: S310 (our own loopback server)
            return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("gunicorn did not answer on /healthz within 60 s")


def stop(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)


def scenario_urls(base: str, detail_id: int, find_path: str) -> dict[str, str]:
    return {
        "listing": f"{base}/api/v2/pages/?type=content.ArticlePage&fields=*&limit=20",
        "detail": f"{base}/api/v2/pages/{detail_id}/",
        "find": f"{base}/api/v2/pages/find/?html_path={find_path}",
        "site": f"{base}/api/v2/site/",
    }


def prime(url: str) -> None:
    """One request with a long timeout: the first one makes any missing image renditions."""
    request = urllib.request.Request(url, headers=HEADERS)  # noqa: S310 (http on loopback)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        opener.open(request, timeout=300)
    except urllib.error.HTTPError as error:
        if error.code != 302:
            raise


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def measure(urls: dict[str, str], args) -> dict[str, dict]:
    results = {}
    for name, url in urls.items():
        prime(url)
        run_wrk(url, 2, args.connections, args.threads, HEADERS)  # warm-up
        results[name] = run_wrk(url, args.seconds, args.connections, args.threads, HEADERS).as_dict()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--detail-id", type=int, required=True)
    parser.add_argument("--find-path", required=True)
    parser.add_argument("--port", type=int, default=8123)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    base = f"http://{HOST}:{args.port}"
    urls = scenario_urls(base, args.detail_id, args.find_path)

    report = {"settings": vars(args) | {"output": str(args.output)}}
    for mode, cache_seconds in (("cold", 0), ("warm", 600)):
        server = start_gunicorn(args.port, cache_seconds, args.workers)
        try:
            if mode == "cold":
                report["ceiling"] = measure({"healthz": f"{base}/healthz"}, args)["healthz"]
            report[mode] = measure(urls, args)
        finally:
            stop(server)

    ceiling = report["ceiling"]["requests_per_second"]
    print(f"ceiling (/healthz): {ceiling:,.0f} req/s")
    for mode in ("cold", "warm"):
        for name, result in report[mode].items():
            result["ratio_to_ceiling"] = round(result["requests_per_second"] / ceiling, 3)
            print(
                f"{mode:4} {name:8} {result['requests_per_second']:8,.0f} req/s "
                f"({result['ratio_to_ceiling']:.0%} of ceiling)  p50 {result['p50_ms']:.1f} ms  "
                f"p99 {result['p99_ms']:.1f} ms  non-2xx/3xx {result['non_2xx_3xx']}"
            )
    save(report, args.output)


if __name__ == "__main__":
    main()
