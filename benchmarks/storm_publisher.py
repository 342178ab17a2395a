"""The publish storm's editor: a separate process that edits and publishes one live page every few seconds.

It publishes through Wagtail's own API (save_revision().publish(), as the admin's
"Publish" does, without an outer transaction), then asks the API for the page until
the new title comes back, and records how long that took after publish() returned
(by then every write of the publish is committed). Started by benchmarks.publish_storm,
which sets up the environment (DATABASE_URL and settings) and says when to begin.

Usage: python -m benchmarks.storm_publisher --project DIR --base URL --pages 3,5,8 --output FILE
"""

import argparse
import json
import re
import statistics
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from .api_load import HEADERS
from .project import use_project

SUFFIX = re.compile(r" \[storm [^\]]*\]$")
POLL_GIVE_UP_SECONDS = 30


def publish_title(page_id: int, label: str) -> str:
    """Give the page a new title and publish it; returns the title."""
    from wagtail.models import Page

    page = Page.objects.get(pk=page_id).specific
    page.title = f"{SUFFIX.sub('', page.title)} [storm {label}]"
    page.save_revision().publish()
    return page.title


def served_title(base: str, page_id: int) -> str | None:
    # http on loopback: our own server
    request = urllib.request.Request(f"{base}/api/v2/pages/{page_id}/", headers=HEADERS)  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.load(response).get("title")


def wait_for_title(base: str, page_id: int, title: str) -> dict:
    """Ask for the page back to back until it has the new title (or give up after 30 s)."""
    started, polls, errors = time.monotonic(), 0, []
    while time.monotonic() - started < POLL_GIVE_UP_SECONDS:
        polls += 1
        try:
            seen = served_title(base, page_id)
        except (urllib.error.URLError, OSError) as error:  # counted: a reader would have seen it too
            errors.append(str(error))
            continue
        if seen == title:
            visible_after_ms = round((time.monotonic() - started) * 1000, 1)
            return {"visible_after_ms": visible_after_ms, "polls": polls, "poll_errors": errors}
    return {"visible_after_ms": None, "polls": polls, "poll_errors": errors}


def storm(args) -> list[dict]:
    """One publish every args.every seconds from the go signal, the first half a period in."""
    sys.stdin.readline()  # the go signal: the load starts now
    began = time.monotonic()
    publishes = []
    for number, page_id in enumerate(args.pages):
        due = began + args.every * (number + 0.5)
        if due > began + args.seconds - args.every / 2:
            break
        time.sleep(max(0.0, due - time.monotonic()))
        publishing = time.monotonic()
        title = publish_title(page_id, f"{args.label}-{number}")
        published = time.monotonic()
        seen = wait_for_title(args.base, page_id, title)
        at = round(publishing - began, 2)
        publish_ms = round((published - publishing) * 1000, 1)
        publishes.append({"page_id": page_id, "at_s": at, "publish_ms": publish_ms, **seen})
    return publishes


def summary(publishes: list[dict]) -> dict:
    delays = [p["visible_after_ms"] for p in publishes if p["visible_after_ms"] is not None]
    return {
        "publishes": len(publishes),
        "never_seen": len(publishes) - len(delays),
        "poll_errors": sum(len(p["poll_errors"]) for p in publishes),
        "visible_after_ms_median": round(statistics.median(delays), 1) if delays else None,
        "visible_after_ms_max": max(delays) if delays else None,
        "publish_ms_median": round(statistics.median(p["publish_ms"] for p in publishes), 1)
        if publishes
        else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--project", type=Path, required=True)
    parser.add_argument("--base", required=True)
    parser.add_argument("--pages", type=lambda text: [int(pk) for pk in text.split(",")], required=True)
    parser.add_argument("--every", type=float, default=5.0)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--label", default="run")
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args()
    args.output = args.output.resolve()  # before the working directory becomes the project's
    use_project(args.project)
    import django

    django.setup()
    print("ready", flush=True)
    publishes = storm(args)
    args.output.write_text(json.dumps({"publishes": publishes, "summary": summary(publishes)}, indent=2))


if __name__ == "__main__":
    main()
