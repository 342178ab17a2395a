"""Browser-test fixtures: Debian's Chromium driven by Playwright, offline, with screenshots.

Playwright cannot download a browser here, so the system Chromium is launched by
path. Without it the browser tests skip and say how to enable them.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connections

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}


@pytest.fixture
def chromium():
    """One browser per test, started after the test's database fixtures.

    Once Playwright's event loop runs, Django code in the test sees another context,
    with a database connection that did not take part in the test database's setup
    (serialized_rollback restores nothing through it). Function scope lets the
    database fixtures, listed before this one, run first.
    """
    if not CHROMIUM.exists():
        pytest.skip(
            f"browser tests need Chromium at {CHROMIUM}: "
            "run `apt-get install -y chromium` (or set CHROMIUM_PATH)"
        )
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by
    # the test itself are still plain synchronous calls.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # The test's ORM calls opened connections in Playwright's context; left open, they
        # keep the test database in use when pytest drops it at the end of the run.
        connections.close_all()


class Screenshots:
    """Numbered screenshots of one test, saved under test-artifacts/screenshots/<test>/."""

    def __init__(self, test_name: str):
        self.folder = SCREENSHOTS / re.sub(r"[^\w.-]+", "_", test_name)
        self.count = 0

    def take(self, page, step: str) -> Path:
        self.count += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^\w.-]+", "-", step)
        path = self.folder / f"{self.count:02d}-{slug}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def screenshots(request) -> Screenshots:
    return Screenshots(request.node.name)


def offline_context(chromium):
    """A fresh browser profile that may only reach this machine; external requests are recorded."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    context.external_requests = []

    def only_local(route):
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS or route.request.url.startswith("data:"):
            route.continue_()
        else:
            context.external_requests.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    return context


@pytest.fixture
def browser_context(chromium):
    context = offline_context(chromium)
    yield context
    context.close()


@pytest.fixture
def browser_page(browser_context):
    page = browser_context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    return page
