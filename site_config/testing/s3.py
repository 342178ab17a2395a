"""S3 in tests: a moto server on 127.0.0.1, spoken to over HTTP by boto3 (never in-process mocks)."""

import json
import uuid
from pathlib import Path

import boto3
import pytest
from django.core.files.storage import default_storage
from moto.server import ThreadedMotoServer

from site_config.media_storage import DEFAULT_PREFIX, public_renditions_policy, s3_media_storage


def start_moto() -> tuple[ThreadedMotoServer, str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    return server, f"http://{host}:{port}"


@pytest.fixture(scope="session")
def moto_url():
    server, url = start_moto()
    yield url
    server.stop()


@pytest.fixture
def s3_credentials(monkeypatch):
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",  # moto accepts any credentials
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)


class MediaBucket:
    """The media bucket as an operator sees it, read straight from moto with boto3."""

    def __init__(self, client, name: str, endpoint_url: str, prefix: str = DEFAULT_PREFIX):
        self.client, self.name, self.prefix = client, name, prefix
        # Where boto3 addresses the bucket's objects on a custom endpoint (path style).
        self.url = f"{endpoint_url}/{name}/"

    def key(self, storage_name: str) -> str:
        return f"{self.prefix}/{storage_name}"

    def listing(self) -> set[str]:
        """Every key in the bucket."""
        found = set()
        for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name):
            found |= {item["Key"] for item in page.get("Contents", [])}
        return found

    def head(self, storage_name: str) -> dict:
        return self.client.head_object(Bucket=self.name, Key=self.key(storage_name))

    def body(self, storage_name: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=self.key(storage_name))["Body"].read()

    def upload_folder(self, folder: Path) -> None:
        """Copy a media folder into the bucket, as `aws s3 sync media/ s3://bucket/media/` would."""
        for path in Path(folder).rglob("*"):
            if path.is_file():
                key = self.key(path.relative_to(folder).as_posix())
                self.client.put_object(Bucket=self.name, Key=key, Body=path.read_bytes())


@pytest.fixture
def s3_media(s3_credentials, moto_url, settings) -> MediaBucket:
    """An empty media bucket with the policy in docs/operations.md, and STORAGES["default"] switched to it.

    The settings fixture sends Django's setting_changed signal, which drops the cached
    default_storage: images, renditions and documents go to the bucket for this test,
    and to the media folder again after it. moto applies the bucket policy to
    anonymous requests, as S3 does.
    """
    name = f"media-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=moto_url)
    client.create_bucket(Bucket=name)
    client.put_bucket_policy(Bucket=name, Policy=json.dumps(public_renditions_policy(name)))
    settings.STORAGES = {**settings.STORAGES, "default": s3_media_storage(name, endpoint_url=moto_url)}
    if getattr(default_storage, "bucket_name", None) != name:
        pytest.fail("default_storage still points at the previous storage after STORAGES changed")
    return MediaBucket(client, name, moto_url)
