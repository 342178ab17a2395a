"""EXPORT_S3_WEBSITE_REDIRECTS: redirect objects carry x-amz-website-redirect-location (moto over HTTP)."""

import json

import pytest
from django.core.management import call_command
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

BASE = "https://www.example.com"
ARCHIVE = "www/news-archive/index.html"  # the demo's permanent redirect /news-archive → /news/


@pytest.fixture
def publish(demo_site, tmp_path, bucket, settings, capsys, proxy):
    settings.PUBLIC_BASE_URL = BASE
    settings.EXPORT_S3_WEBSITE_REDIRECTS = True

    def run() -> set[str]:
        """Publish; the keys uploaded (through the proxy's log), pending record and manifest left out."""
        capsys.readouterr()
        proxy.faults.log.clear()
        call_command(
            "export_site", "--output", str(tmp_path / "build"), "--workers", "1", "--publish", "--json"
        )
        json.loads(capsys.readouterr().out)
        puts = {path.split("/", 2)[-1] for method, path in proxy.faults.log if method == "PUT"}
        return puts - {"www/.publish-pending.json", "www/manifest.json"}

    return run


def redirect_location(bucket, key: str) -> str | None:
    return bucket.head(key).get("WebsiteRedirectLocation")


def test_each_permanent_redirect_carries_its_location(publish, bucket, demo_site):
    Redirect.objects.create(old_path="/old-home", redirect_link="https://elsewhere.example/x", site=demo_site)
    Redirect.objects.create(
        old_path="/for-now", redirect_page=Page.objects.get(slug="news"), site=demo_site, is_permanent=False
    )
    publish()
    assert redirect_location(bucket, ARCHIVE) == f"{BASE}/news/"
    assert redirect_location(bucket, "www/old-home/index.html") == "https://elsewhere.example/x"
    # S3 answers the header with a 301, which browsers keep: a temporary redirect stays a page.
    assert redirect_location(bucket, "www/for-now/index.html") is None
    assert b"url=https://www.example.com/news/" in bucket.body("www/for-now/index.html")
    # Pages are not redirects.
    assert redirect_location(bucket, "www/news/index.html") is None


def test_a_changed_redirect_is_uploaded_again_and_only_it(publish, bucket):
    publish()
    Redirect.objects.filter(old_path="/news-archive").update(
        redirect_page=None, redirect_link="https://archive.example/news"
    )
    uploaded = publish()
    assert redirect_location(bucket, ARCHIVE) == "https://archive.example/news"
    assert uploaded == {ARCHIVE, "www/_redirects.json"}


def test_a_removed_redirect_loses_its_object(publish, bucket):
    publish()
    Redirect.objects.filter(old_path="/news-archive").delete()
    publish()
    assert ARCHIVE not in bucket.objects()


def test_turning_the_setting_on_uploads_the_redirects_only(publish, bucket, settings):
    settings.EXPORT_S3_WEBSITE_REDIRECTS = False
    publish()
    assert redirect_location(bucket, ARCHIVE) is None
    settings.EXPORT_S3_WEBSITE_REDIRECTS = True
    uploaded = publish()
    assert uploaded == {ARCHIVE}  # same bytes: the header alone made it change
    assert redirect_location(bucket, ARCHIVE) == f"{BASE}/news/"


def test_off_by_default_no_object_carries_the_header(publish, bucket, settings):
    settings.EXPORT_S3_WEBSITE_REDIRECTS = False
    publish()
    assert redirect_location(bucket, ARCHIVE) is None
