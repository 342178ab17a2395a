"""Serve an exported folder over HTTP and crawl it with linkchecker, as the CDN and a browser would."""

import functools
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class QuietHandler(SimpleHTTPRequestHandler):
    def end_headers(self):
        # linkchecker keeps to 10 requests a second per host (maxrequestspersecond
        # above 10 is ignored) unless the server opts in with this header.
        self.send_header("LinkChecker", "welcome")
        super().end_headers()

    def log_message(self, *args):
        pass


@contextmanager
def serving(site: Path) -> Iterator[str]:
    """Serve site on 127.0.0.1 and yield its URL: root-relative links need a web server to resolve."""
    handler = functools.partial(QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def run_linkchecker(config_dir: Path, starts: list[str]) -> subprocess.CompletedProcess:
    """Crawl from each start URL; config_dir and the site must be readable by "nobody".

    linkchecker drops root privileges to "nobody" before it reads anything.
    """
    config = config_dir / "linkcheckerrc"
    config.write_text(
        "[checking]\nmaxrequestspersecond=200\n"
    )  # the default 10/s is for other people's servers
    config.chmod(0o644)
    return subprocess.run(
        [
            str(Path(sys.executable).with_name("linkchecker")),
            f"--config={config}",
            "--no-status",
            "--no-robots",
            "--no-warnings",
            "--threads=4",
            *starts,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def links_checked(result: subprocess.CompletedProcess) -> int:
    return int(re.search(r"(\d+) links in \d+ URLs checked", result.stdout).group(1))
