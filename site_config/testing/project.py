"""The project as separate processes, for tests that need a real task worker.

A test's own database lives in memory on SQLite (and inside a transaction that
is rolled back on PostgreSQL), where no other process can see it. These helpers
run `manage.py` commands with the development settings on a database of the
test's own (a SQLite file; on a PostgreSQL test run, a fresh database on the same
server, dropped afterwards), and a `db_worker` process beside them, as
`scripts/run` does.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parents[2]
# Variables of the test run that must not leak into the project's processes.
WORKER_OPTIONS = ("--interval", "0.2", "--no-startup-delay", "--no-reload")
DROPPED = ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "EXPORT_S3_PREFIX", "MEDIA_S3_BUCKET")


class Project:
    """manage.py with the dev settings, a database file, a media folder and a cache folder of its own."""

    def __init__(self, folder: Path, database_url: str, **variables: str):
        self.folder = folder
        self.env = {name: value for name, value in os.environ.items() if name not in DROPPED}
        self.env |= {
            "DJANGO_SETTINGS_MODULE": "site_config.settings.dev",
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(folder / "media"),
            "CACHE_DIR": str(folder / "cache"),
            "EXPORT_OUTPUT_DIR": str(folder / "build"),
            "LOG_FORMAT": "text",
            **variables,
        }

    def manage(self, *args: str, timeout: float = 180) -> str:
        """Run a command to its end; its output, or a failure that shows it."""
        done = subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(args)} exited {done.returncode}:\n{done.stderr}")
        return done.stdout

    def python(self, code: str) -> str:
        """Run Python code in a Django shell of the project (as an editor's request would)."""
        return self.manage("shell", "--no-imports", "-c", code)

    @contextmanager
    def worker(self, queues: str = "default") -> Iterator[subprocess.Popen]:
        """A db_worker process for the duration of the block, stopped the way scripts/run stops it.

        queues: the task queues it takes tasks from, comma-separated ("default,webhooks").
        """
        log = (self.folder / "worker.log").open("w")
        process = subprocess.Popen(  # noqa: S603
            [sys.executable, "manage.py", "db_worker", *WORKER_OPTIONS, "--queue-name", queues],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            yield process
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()

    def worker_log(self) -> str:
        return (self.folder / "worker.log").read_text()


@contextmanager
def project_database(folder: Path) -> Iterator[str]:
    """The DATABASE_URL of an empty database of the project's own, of the kind the tests run on."""
    suite = os.environ.get("DATABASE_URL", "")
    if not suite.startswith(("postgres://", "postgresql://")):
        yield f"sqlite:///{folder / 'db.sqlite3'}"
        return
    name = f"worker_test_{uuid.uuid4().hex[:12]}"
    parts = urlsplit(suite)
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def wait_for(condition: Callable[[], object], seconds: float, what: str, log: Callable[[], str] = str):
    """Poll until condition() is truthy; fail naming what did not happen (and the worker's log)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"{what} did not happen within {seconds} s\n{log()}")
