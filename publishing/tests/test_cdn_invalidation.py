"""CloudFront invalidation after a publish, against moto's CloudFront over HTTP (never in-process mocks)."""

import json
import uuid

import boto3
import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page

from content.models import ArticlePage
from publishing.cdn import page_urls
from publishing.manifest import parse_manifest

PAGE_URLS = {
    "/news/autumn-release/",
    "/news/autumn-release/index.html",
    "/api/pages/news/autumn-release.json",
}


@pytest.fixture
def cloudfront(s3_credentials, moto_url, monkeypatch, bucket):
    """A distribution on the moto server in front of the bucket; boto3 finds the endpoint by its variable."""
    monkeypatch.setenv("AWS_ENDPOINT_URL_CLOUDFRONT", moto_url)
    client = boto3.client("cloudfront", endpoint_url=moto_url)
    origin = {
        "Id": "site",
        "DomainName": f"{bucket.name}.s3.amazonaws.com",
        "OriginPath": "/www",
        "S3OriginConfig": {"OriginAccessIdentity": ""},
    }
    config = {
        "CallerReference": uuid.uuid4().hex,
        "Comment": "the static site",
        "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [origin]},
        "DefaultCacheBehavior": {
            "TargetOriginId": "site",
            "ViewerProtocolPolicy": "redirect-to-https",
            "MinTTL": 0,
            "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}},
            "TrustedSigners": {"Enabled": False, "Quantity": 0},
        },
    }
    distribution_id = client.create_distribution(DistributionConfig=config)["Distribution"]["Id"]
    return Distribution(client, distribution_id)


class Distribution:
    def __init__(self, client, distribution_id: str):
        self.client, self.id = client, distribution_id

    def invalidations(self) -> list[set[str]]:
        """The paths of each invalidation made so far (in no particular order)."""
        return list(self.by_id().values())

    def by_id(self) -> dict[str, set[str]]:
        listing = self.client.list_invalidations(DistributionId=self.id)["InvalidationList"]
        found = {}
        for item in listing.get("Items", []):
            invalidation = self.client.get_invalidation(DistributionId=self.id, Id=item["Id"])["Invalidation"]
            found[item["Id"]] = set(invalidation["InvalidationBatch"]["Paths"].get("Items", []))
        return found


@pytest.fixture
def publish(demo_site, tmp_path, bucket, settings, capsys):
    settings.PUBLIC_BASE_URL = "https://www.example.com"

    def run(*extra: str) -> dict:
        capsys.readouterr()
        output = str(tmp_path / "build")
        call_command("export_site", "--output", output, "--workers", "1", "--publish", "--json", *extra)
        return json.loads(capsys.readouterr().out)["publish"]

    return run


def manifest(tmp_path) -> dict[str, dict]:
    return parse_manifest((tmp_path / "build/manifest.json").read_bytes())


def expected_paths(before: dict, after: dict) -> set[str]:
    """Worked out independently of publishing/cdn.py: every changed or deleted file's URLs."""
    changed = {path for path, entry in after.items() if before.get(path, {}).get("sha256") != entry["sha256"]}
    changed = {path for path in changed if after[path]["kind"] != "static"} | (before.keys() - after.keys())
    urls = set()
    for path in changed:
        urls.add(f"/{path}")
        if path.endswith("index.html"):
            urls.add(f"/{path[: -len('index.html')]}")
    return urls


def retitle(slug: str, title: str) -> None:
    page = ArticlePage.objects.get(slug=slug)
    page.title = title
    page.save_revision().publish()


def test_a_publish_ends_with_one_invalidation_of_exactly_the_changed_paths(
    publish, cloudfront, settings, tmp_path
):
    settings.EXPORT_CLOUDFRONT_DISTRIBUTION_ID = cloudfront.id
    settings.EXPORT_CLOUDFRONT_MAX_PATHS = 10_000
    publish()
    before = manifest(tmp_path)
    retitle("autumn-release", "Autumn release, revised")
    summary = publish()
    after = manifest(tmp_path)
    invalidations = cloudfront.by_id()
    assert len(invalidations) == 2
    latest = invalidations[summary["invalidation_id"]]
    assert latest == expected_paths(before, after)
    assert latest >= PAGE_URLS
    assert not [path for path in latest if path.startswith("/static/")]
    assert summary["invalidated_paths"] == len(latest)


def test_deleted_files_are_invalidated_too(publish, cloudfront, settings, tmp_path):
    settings.EXPORT_CLOUDFRONT_DISTRIBUTION_ID = cloudfront.id
    settings.EXPORT_CLOUDFRONT_MAX_PATHS = 10_000
    publish()
    Page.objects.get(slug="autumn-release").unpublish()
    summary = publish()
    assert summary["deleted"] > 0
    assert cloudfront.by_id()[summary["invalidation_id"]] >= PAGE_URLS


def test_more_paths_than_the_limit_collapse_to_one_wildcard(publish, cloudfront, settings):
    settings.EXPORT_CLOUDFRONT_DISTRIBUTION_ID = cloudfront.id
    settings.EXPORT_CLOUDFRONT_MAX_PATHS = 100
    summary = publish()  # the first publish uploads every file
    assert cloudfront.invalidations() == [{"/*"}]
    assert summary["invalidated_paths"] == 1


def test_nothing_changed_means_no_invalidation(publish, cloudfront, settings):
    settings.EXPORT_CLOUDFRONT_DISTRIBUTION_ID = cloudfront.id
    publish()
    publish()
    assert len(cloudfront.invalidations()) == 1


def test_no_distribution_no_invalidation(publish, cloudfront, settings):
    settings.EXPORT_CLOUDFRONT_DISTRIBUTION_ID = ""
    assert publish()["invalidation_id"] == ""
    assert cloudfront.invalidations() == []


def test_a_dry_run_lists_the_paths_it_would_invalidate(publish, cloudfront, settings):
    settings.EXPORT_CLOUDFRONT_DISTRIBUTION_ID = cloudfront.id
    publish()
    retitle("autumn-release", "Autumn release, revised")
    summary = publish("--dry-run")
    assert set(summary["would_invalidate"]) >= PAGE_URLS
    assert len(cloudfront.invalidations()) == 1


def test_an_unknown_distribution_fails_with_a_sentence_and_the_next_run_invalidates(
    publish, cloudfront, settings
):
    settings.EXPORT_CLOUDFRONT_DISTRIBUTION_ID = cloudfront.id
    settings.EXPORT_CLOUDFRONT_MAX_PATHS = 10_000
    publish()
    retitle("autumn-release", "Autumn release, revised")
    settings.EXPORT_CLOUDFRONT_DISTRIBUTION_ID = "E0NOSUCHDIST"
    with pytest.raises(CommandError, match="E0NOSUCHDIST does not exist.*run the publish again"):
        publish()
    settings.EXPORT_CLOUDFRONT_DISTRIBUTION_ID = cloudfront.id
    summary = publish()
    assert cloudfront.by_id()[summary["invalidation_id"]] >= PAGE_URLS


def test_page_urls():
    assert page_urls("index.html") == ["/", "/index.html"]
    assert page_urls("news/a/index.html") == ["/news/a/", "/news/a/index.html"]
    assert page_urls("api/pages/news/a.json") == ["/api/pages/news/a.json"]
    assert page_urls("documents/1/annual report.pdf") == ["/documents/1/annual%20report.pdf"]
