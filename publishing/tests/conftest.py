import shutil
import tempfile
import uuid
from pathlib import Path

import boto3
import pytest

from publishing.bucket import Target
from publishing.export import export_site

from .linkcheck import serving
from .s3_server import FaultyProxy


@pytest.fixture
def export(demo_site, tmp_path, settings):
    """Export the demo site in this process; returns the build folder."""
    settings.PUBLIC_BASE_URL = "https://www.example.com"

    def run(output: Path | None = None, **options) -> Path:
        output = output or tmp_path / "site"
        export_site(output, workers=1, **options)
        return output

    return run


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
    with serving(site) as url:
        yield site, url
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def proxy(moto_url):
    """The moto server behind a proxy that can inject server errors on uploads."""
    faulty = FaultyProxy(moto_url)
    yield faulty
    faulty.stop()


@pytest.fixture
def bucket(s3_credentials, moto_url, proxy, settings):
    """A fresh bucket on the moto server; publishes go through the fault-injecting proxy."""
    name = f"site-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=moto_url)
    client.create_bucket(Bucket=name)
    settings.EXPORT_S3_BUCKET = name
    settings.EXPORT_S3_PREFIX = "www"
    settings.AWS_S3_ENDPOINT_URL = proxy.url
    return BucketView(client, name)


class BucketView:
    """What is in the bucket, read straight from moto (not through the proxy)."""

    def __init__(self, client, name: str):
        self.client, self.name = client, name

    def objects(self) -> dict[str, str]:
        """key → ETag of every object in the bucket."""
        found = {}
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name):
            found |= {item["Key"]: item["ETag"] for item in page.get("Contents", [])}
        return found

    def head(self, key: str) -> dict:
        return self.client.head_object(Bucket=self.name, Key=key)

    def body(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def put(self, key: str, data: bytes) -> None:
        self.client.put_object(Bucket=self.name, Key=key, Body=data)

    def target(self, prefix: str = "www/", endpoint_url: str | None = None) -> Target:
        return Target(bucket=self.name, prefix=prefix, endpoint_url=endpoint_url)
