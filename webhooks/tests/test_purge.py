"""The purge event: after a static publish, endpoints subscribed to it get the URLs whose files changed."""

import json
import uuid

import boto3
import pytest

from content.models import ArticlePage
from publishing.export import export_site
from publishing.publish import publish_release
from webhooks import dispatch
from webhooks.models import PURGE, UPDATED, WebhookDelivery

from .conftest import SECRET
from .signature import verify

pytestmark = pytest.mark.django_db
PAGE_URLS = {
    "/news/autumn-release/",
    "/news/autumn-release/index.html",
    "/api/pages/news/autumn-release.json",
}


@pytest.fixture
def site_bucket(s3_credentials, moto_url, webhook_settings):
    name = f"purge-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=moto_url).create_bucket(Bucket=name)
    webhook_settings.EXPORT_S3_BUCKET = name
    webhook_settings.AWS_S3_ENDPOINT_URL = moto_url
    webhook_settings.PUBLIC_BASE_URL = "https://www.example.com"
    return name


def export_and_publish(folder) -> None:
    export_site(folder, workers=1)
    publish_release(folder)


def test_a_publish_that_changed_files_sends_their_urls_to_purge(
    tasks, make_endpoint, receiver, site_bucket, tmp_path
):
    export_and_publish(tmp_path / "site")  # the first publish uploads everything
    tasks.settle()
    make_endpoint(events=[PURGE])
    make_endpoint(events=[UPDATED], url=receiver.url + "/changes-only")
    page = ArticlePage.objects.get(slug="autumn-release")
    page.title = "Autumn release, purged"
    page.save_revision().publish()
    export_and_publish(tmp_path / "site")
    tasks.settle()
    purges = [r for r in receiver.requests if r.headers["X-CMS-Event"] == "purge"]
    (request,) = purges
    assert request.path == "/hooks/cms" and verify(request, SECRET)
    body = json.loads(request.body)
    assert body["event"] == "purge" and body["base_url"] == "https://www.example.com"
    assert body["everything"] is False
    assert set(body["paths"]) >= PAGE_URLS
    assert "/sitemap.xml" in body["paths"]
    assert not any(path.startswith("/static/") for path in body["paths"])  # hashed names never go stale
    assert WebhookDelivery.objects.get(event=PURGE).status == "delivered"


def test_a_publish_that_changed_nothing_purges_nothing(tasks, make_endpoint, receiver, site_bucket, tmp_path):
    export_and_publish(tmp_path / "site")
    make_endpoint(events=[PURGE])
    export_and_publish(tmp_path / "site")
    tasks.settle()
    assert receiver.requests == []


def test_more_changed_urls_than_the_bound_purge_everything(
    tasks, make_endpoint, receiver, site_bucket, tmp_path, monkeypatch
):
    make_endpoint(events=[PURGE])
    monkeypatch.setattr(dispatch, "MAX_PURGE_PATHS", 10)
    export_and_publish(tmp_path / "site")  # the first publish: every file
    tasks.settle()
    (request,) = receiver.requests
    assert json.loads(request.body) | {"base_url": None} == {
        "event": "purge",
        "base_url": None,
        "everything": True,
        "paths": ["/*"],
    }
