"""The checkout whose code a benchmark measures, which may be another than the one the benchmark comes from.

This lets one benchmark measure two versions of the site (say main before a change and
the branch after it) without copying benchmark code into either. The benchmarks package
is already imported from this checkout, so benchmarks.* keeps resolving here through
the package's own __path__; the project directory goes first on sys.path so that its
apps and settings win, and becomes the working directory that gunicorn and manage.py
(run as subprocesses) read their code and gunicorn.conf.py from.
"""

import os
import sys
from pathlib import Path

PROJECT_PACKAGES = ("content", "home", "publishing", "search", "site_config")
BENCHMARK_ROOT = Path(__file__).resolve().parents[1]


def use_project(directory: Path) -> Path:
    """Make the project in directory the code under test for this process and its subprocesses."""
    directory = directory.resolve()
    if not (directory / "manage.py").is_file():
        raise SystemExit(f"{directory} is not a project checkout (no manage.py)")
    # Already imported, a module would stay this checkout's whatever sys.path says next.
    loaded = [name for name in PROJECT_PACKAGES if name in sys.modules]
    if loaded:
        raise RuntimeError(f"use_project() must run before importing {', '.join(loaded)}")
    sys.path.insert(0, str(directory))
    os.chdir(directory)
    return directory
