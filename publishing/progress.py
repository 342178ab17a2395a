"""Progress of a long step: a tqdm bar on a terminal, a plain line now and then otherwise."""

import sys
import time
from typing import TextIO

from tqdm import tqdm


class Progress:
    def __init__(self, stream: TextIO | None = None, quiet: bool = False):
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.interactive = not quiet and self.stream.isatty()

    def step(self, label: str, total: int, unit: str) -> "Step":
        return Step(self, label, total, unit)

    def line(self, text: str) -> None:
        if not self.quiet:
            self.stream.write(f"{text}\n")
            self.stream.flush()


class Step:
    """Counts one step's items; plain lines at most every 2 seconds, and at the end."""

    def __init__(self, progress: Progress, label: str, total: int, unit: str):
        self.progress, self.label, self.total, self.unit = progress, label, total, unit
        self.done, self.last_line = 0, time.monotonic()
        self.bar = (
            tqdm(total=total, desc=label, unit=unit, file=progress.stream) if progress.interactive else None
        )

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self.bar is not None:
            self.bar.update(count)
        elif time.monotonic() - self.last_line > 2:
            self.last_line = time.monotonic()
            self.progress.line(f"{self.label}: {self.done}/{self.total} {self.unit}")

    def __enter__(self) -> "Step":
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.close()
        elif exc[0] is None:
            self.progress.line(f"{self.label}: {self.done}/{self.total} {self.unit}")
