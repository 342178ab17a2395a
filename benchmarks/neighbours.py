"""What else the machine ran during a measurement: the CPU time of processes that are not the benchmark's.

On a shared machine the lock keeps other benchmarks out, not test suites or dev
servers; a run that shared its cores with them reads slower. The watch samples
/proc every second. The benchmark's own work is this process's descendants (gunicorn,
wrk, the publisher) and the PostgreSQL backends of its database; everything else is a
neighbour. A process that exits between samples loses its last second at most.

Around any benchmark command (a whole script, say), optionally first waiting (at most
--wait-minutes) for a 10 s window in which others used under --quiet of the cores:
    python -m benchmarks.neighbours --database cms_bench_api --quiet 0.05 -- scripts/bench-api
"""

import argparse
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from .report import save

TICKS = os.sysconf("SC_CLK_TCK")


def read_processes() -> dict[int, tuple[int, str, int]]:
    """pid: (parent pid, command name, CPU ticks used so far), for every process now."""
    processes = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # gone since the listing
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        processes[int(entry.name)] = (int(fields[1]), name, int(fields[11]) + int(fields[12]))
    return processes


def command_line(pid: int) -> str:
    try:
        return (Path(f"/proc/{pid}/cmdline").read_bytes()).replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


class NeighbourWatch(threading.Thread):
    """CPU seconds used by the benchmark and by everything else between start() and stop()."""

    def __init__(self, database: str, every: float = 1.0):
        super().__init__(daemon=True)
        self.database, self.every, self.stopping = database, every, threading.Event()
        self.root = os.getpid()
        self.first: dict[int, int] = {}
        self.last: dict[int, tuple[str, int]] = {}
        self.ours: dict[int, bool] = {}
        self.sample(initial=True)

    def is_ours(self, pid: int, processes: dict) -> bool:
        command = command_line(pid)  # a backend's title names its database
        if command.startswith("postgres: ") and f" {self.database} " in command:
            return True
        seen = set()
        while pid in processes and pid not in seen and pid > 1:
            if pid == self.root:
                return True
            seen.add(pid)
            pid = processes[pid][0]
        return False

    def sample(self, initial: bool = False) -> None:
        processes = read_processes()
        for pid, (_, name, ticks) in processes.items():
            if pid not in self.ours:
                self.ours[pid] = self.is_ours(pid, processes)
                self.first[pid] = ticks if initial else 0  # a new process started after the first sample
            self.last[pid] = (name, ticks)

    def run(self) -> None:
        while not self.stopping.wait(self.every):
            self.sample()

    def stop(self, cores: int | None = None) -> dict:
        self.stopping.set()
        self.join()
        self.sample()
        used = {pid: ticks - self.first[pid] for pid, (_, ticks) in self.last.items()}
        others = Counter()
        for pid, ticks in used.items():
            if not self.ours[pid] and ticks > 0:
                others[self.last[pid][0]] += ticks / TICKS
        return {
            "own_cpu_seconds": round(sum(t for pid, t in used.items() if self.ours[pid]) / TICKS, 1),
            "other_cpu_seconds": round(sum(others.values()), 1),
            "busiest_others": {name: round(seconds, 1) for name, seconds in others.most_common(3)},
            "cores": cores or os.cpu_count(),
        }


def wait_until_quiet(database: str, share: float, minutes: float) -> dict:
    """Start when the neighbours are quiet, or give up waiting (the report says which)."""
    started = time.monotonic()
    while True:
        watch = NeighbourWatch(database)
        watch.start()
        time.sleep(10)
        window = watch.stop()
        others = window["other_cpu_seconds"] / (10 * window["cores"])
        waited = time.monotonic() - started
        if others < share or waited > minutes * 60:
            return {"waited_seconds": round(waited), "last_window_share": round(others, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", required=True, help="the database whose backends are the benchmark's")
    parser.add_argument("--output", type=Path)
    parser.add_argument("--quiet", type=float, help="wait for others to use less than this share first")
    parser.add_argument("--wait-minutes", type=float, default=5.0)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    waited = wait_until_quiet(args.database, args.quiet, args.wait_minutes) if args.quiet else {}
    watch = NeighbourWatch(args.database)
    watch.start()
    started = time.monotonic()
    code = subprocess.call(command)  # noqa: S603 (the command the caller asked for)
    elapsed = time.monotonic() - started
    report = {"command": command, "seconds": round(elapsed, 1), **watch.stop(), **waited}
    report["share"] = round(report["other_cpu_seconds"] / (elapsed * report["cores"]), 3)
    print(
        f"other processes used {report['share']:.0%} of the cores over {report['seconds']} s "
        f"(busiest: {report['busiest_others']})",
        file=sys.stderr,
    )
    if args.output:
        save(report, args.output)
    sys.exit(code)


if __name__ == "__main__":
    main()
