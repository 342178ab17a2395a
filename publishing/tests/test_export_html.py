"""The exported folder as a browser and a crawler see it: valid HTML5, and no broken internal link."""

import functools
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import html5lib
import pytest


@pytest.fixture
def served_site(export, settings):
    """The export in a folder anyone may read, served over HTTP on 127.0.0.1.

    linkchecker drops root privileges to "nobody", and root-relative links need
    a web server to resolve, as they would on the CDN.
    """
    settings.INDEX_PAGE_SIZE = 3  # so listing pages 2, 3, ... are exported and checked too
    folder = Path(tempfile.mkdtemp(prefix="export-"))
    folder.chmod(0o755)
    site = export(folder / "site")
    handler = functools.partial(QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield site, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    shutil.rmtree(folder, ignore_errors=True)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_every_exported_page_parses_as_html5_without_errors(served_site):
    site, _url = served_site
    pages = sorted(site.rglob("*.html"))
    kinds = {"home": "index.html", "index": "news/index.html", "article": "guides/style-guide/index.html"}
    assert all((site / path).exists() for path in kinds.values())
    assert len(pages) > 30
    assert (site / "news/page/2/index.html").exists()
    for path in pages:
        parser = html5lib.HTMLParser(strict=True)
        try:
            parser.parse(path.read_bytes())
        except html5lib.html5parser.ParseError as exc:
            pytest.fail(f"{path.relative_to(site)}: {exc}")


def test_linkchecker_finds_no_broken_internal_link(served_site):
    site, url = served_site
    # Start from the home page, the 404 page and the sitemap's pages, so that
    # unlinked pages (redirect stubs, later listing pages) are crawled too.
    starts = [url, f"{url}404.html", f"{url}news-archive/"]
    config = site.parent / "linkcheckerrc"
    config.write_text(
        "[checking]\nmaxrequestspersecond=200\n"
    )  # the default 10/s is for other people's servers
    config.chmod(0o644)
    result = subprocess.run(
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
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    checked = int(re.search(r"(\d+) links in \d+ URLs checked", result.stdout).group(1))
    assert checked > 80, result.stdout[-2000:]  # pages, listing pages, images, stylesheet, documents
