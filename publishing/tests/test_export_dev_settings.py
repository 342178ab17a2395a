"""The export a developer makes: manage.py export_site under the dev settings, where DEBUG is on.

The rest of the suite runs with the test settings (DEBUG off), which hid static URLs
that only DEBUG changes. Each command runs in a fresh interpreter, as the README's do,
on a throwaway SQLite file.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from .linkcheck import links_checked, run_linkchecker, serving

BASE_DIR = Path(__file__).resolve().parents[2]
HASHED_ASSET = re.compile(r'(?:href|src)="(/static/publishing/(?:site|search)\.[0-9a-f]{12}\.(?:css|js))"')


def dev_environment(folder: Path) -> dict[str, str]:
    """The dev settings on a database and media folder of their own.

    Nothing else is inherited from the test run: CI sets DATABASE_URL to its
    PostgreSQL test server and DJANGO_SETTINGS_MODULE to the test settings.
    """
    return {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "site_config.settings.dev",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
    }


def manage(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}"


@pytest.fixture(scope="module")
def dev_export():
    """The demo site exported with the dev settings, in a folder anyone may read (for linkchecker)."""
    folder = Path(tempfile.mkdtemp(prefix="export-dev-"))
    folder.chmod(0o755)
    env = dev_environment(folder)
    site = folder / "site"
    manage(env, "migrate", "--verbosity=0")
    manage(env, "seed_demo", "--verbosity=0")
    manage(env, "export_site", f"--output={site}")
    yield site
    shutil.rmtree(folder, ignore_errors=True)


def test_an_export_made_with_debug_on_has_no_broken_link_stylesheet_or_script(dev_export):
    with serving(dev_export) as url:
        # The search page is reached by a form, which linkchecker does not submit.
        result = run_linkchecker(dev_export.parent, [url, f"{url}404.html", f"{url}search/"])
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert links_checked(result) > 50, result.stdout[-2000:]  # pages, images, stylesheet, script


def test_pages_link_the_hashed_stylesheet_and_search_script_the_export_wrote(dev_export):
    home = HASHED_ASSET.findall((dev_export / "index.html").read_text())
    search = HASHED_ASSET.findall((dev_export / "search/index.html").read_text())
    assert [Path(path).suffix for path in home] == [".css"]
    assert sorted(Path(path).suffix for path in search) == [".css", ".js"]
    for path in {*home, *search}:
        assert (dev_export / path.lstrip("/")).is_file(), path
