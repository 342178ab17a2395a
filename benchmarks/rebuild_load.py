"""Rebuilding the delivery store: `rebuild_documents --all` timed as a command, then its queries per chunk.

1. The command, as an operator runs it after a restore, under /usr/bin/time -v:
   its own rate (pages/s, as it reports it), wall time and peak RSS; --repeats times.
2. The same rebuild in this process, every query counted (an execute wrapper, so
   nothing is kept but the count) between one chunk and the next.

Usage (scripts/bench-rebuild sets up the database first):
    python -m benchmarks.rebuild_load --output bench-results/rebuild.json
"""

import argparse
import re
import statistics
import subprocess
import sys
from pathlib import Path

from .report import save


def parse_command_report(stdout: str, time_report: str) -> dict:
    """The command's own summary line and what /usr/bin/time -v says of the process."""
    built = re.search(r"Built (\d+) documents in ([\d.]+) s", stdout)
    rss_kb = re.search(r"Maximum resident set size \(kbytes\): (\d+)", time_report)
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", time_report)
    seconds = 0.0
    for part in wall.group(1).split(":"):  # [h:]m:ss.ss
        seconds = seconds * 60 + float(part)
    documents, building = int(built.group(1)), float(built.group(2))
    return {
        "documents": documents,
        "build_seconds": building,
        "pages_per_second": round(documents / building, 1),
        "wall_seconds": round(seconds, 1),  # with Django's start-up and the count of pages to build
        "peak_rss_mb": round(int(rss_kb.group(1)) / 1024, 1),
    }


def timed_command(chunk_size: int, workers: int) -> dict:
    command = ["/usr/bin/time", "-v", sys.executable, "manage.py", "rebuild_documents", "--all"]
    command += ["--chunk-size", str(chunk_size), "--workers", str(workers)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    return parse_command_report(done.stdout, done.stderr)


def chunk_costs(marks: list[int], total: int) -> dict:
    """Queries between chunk ends; the first chunk also pays for listing what to build."""
    per_chunk = [after - before for before, after in zip([0, *marks], marks, strict=False)]
    rest = per_chunk[1:] or per_chunk
    return {
        "chunks": len(per_chunk),
        "first_chunk": per_chunk[0],
        "per_chunk_median": statistics.median(rest),
        "per_chunk_min": min(rest),
        "per_chunk_max": max(rest),
        "after_last_chunk": total - marks[-1],  # the site document
        "total": total,
    }


def counted_rebuild(chunk_size: int) -> dict:
    import django

    django.setup()
    from django.db import connection

    from content.delivery.rebuild import rebuild_documents

    count, marks = 0, []

    def counting(execute, sql, params, many, context):
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counting):
        summary = rebuild_documents(
            everything=True, chunk_size=chunk_size, advance=lambda n: marks.append(count)
        )
    return {"pages": summary.pages, "chunk_size": chunk_size, **chunk_costs(marks, count)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--chunk-size", type=int, default=200)
    parser.add_argument("--workers", type=int, default=1, help="rebuild_documents --workers")
    args = parser.parse_args()
    runs = [timed_command(args.chunk_size, args.workers) for _ in range(args.repeats)]
    for run in runs:
        print(
            f"rebuild --all --workers {args.workers}: {run['documents']:,} docs in {run['build_seconds']} s "
            f"({run['pages_per_second']:,.0f} pages/s), wall {run['wall_seconds']} s, "
            f"peak RSS {run['peak_rss_mb']} MB"
        )
    queries = counted_rebuild(args.chunk_size)
    print(
        f"queries per chunk of {args.chunk_size}: median {queries['per_chunk_median']} "
        f"(min {queries['per_chunk_min']}, max {queries['per_chunk_max']}; first chunk "
        f"{queries['first_chunk']}), {queries['total'] / queries['pages']:.3f} per page"
    )
    report = {"settings": vars(args) | {"output": str(args.output)}, "command": runs, "queries": queries}
    report["median_pages_per_second"] = statistics.median(run["pages_per_second"] for run in runs)
    report["median_peak_rss_mb"] = statistics.median(run["peak_rss_mb"] for run in runs)
    save(report, args.output)


if __name__ == "__main__":
    main()
