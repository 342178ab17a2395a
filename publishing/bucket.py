"""The S3-compatible bucket a build is published to, spoken to through boto3.

Works with AWS S3, MinIO, Cloudflare R2 and moto alike: the endpoint URL picks
the server, and checksums are only sent where S3 requires them (newer boto3
adds CRC trailers to every upload by default, which several S3-compatible
servers refuse).
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings

from .manifest import MANIFEST_NAME, check_path, parse_manifest

PENDING_NAME = ".publish-pending.json"
DELETE_BATCH = 1000  # the most keys one DeleteObjects request may name


class PublishError(Exception):
    """A publish that stopped; the message says what failed and what state the bucket is in."""


@dataclass(frozen=True)
class Target:
    bucket: str
    prefix: str = ""  # "" or ending in "/"
    endpoint_url: str | None = None
    acl: str = ""

    @classmethod
    def from_settings(cls) -> "Target":
        if not settings.EXPORT_S3_BUCKET:
            raise PublishError("EXPORT_S3_BUCKET is not set, so there is no bucket to publish to")
        prefix = settings.EXPORT_S3_PREFIX.strip("/")
        return cls(
            bucket=settings.EXPORT_S3_BUCKET,
            prefix=f"{prefix}/" if prefix else "",
            endpoint_url=settings.AWS_S3_ENDPOINT_URL,
            acl=settings.EXPORT_S3_ACL,
        )

    def key(self, path: str) -> str:
        """The bucket key of a build path; never outside the prefix."""
        return f"{self.prefix}{check_path(path)}"


class Bucket:
    def __init__(self, target: Target, connections: int = 10):
        self.target = target
        config = Config(
            max_pool_connections=connections + 2,
            retries={"max_attempts": 6, "mode": "standard"},  # exponential backoff with jitter
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
            connect_timeout=10,
            read_timeout=60,
        )
        self.client = boto3.session.Session().client("s3", endpoint_url=target.endpoint_url, config=config)

    def read(self, path: str) -> bytes | None:
        """The object's bytes, or None when there is no such key."""
        try:
            body = self.client.get_object(Bucket=self.target.bucket, Key=self.target.key(path))["Body"].read()
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                return None
            raise PublishError(self.explain(exc, f"reading {self.target.key(path)}")) from exc
        except BotoCoreError as exc:
            raise PublishError(self.explain(exc, f"reading {self.target.key(path)}")) from exc
        return body

    def manifest(self) -> dict[str, dict] | None:
        data = self.read(MANIFEST_NAME)
        return None if data is None else parse_manifest(data)

    def pending(self) -> set[str]:
        data = self.read(PENDING_NAME)
        if data is None:
            return set()
        try:
            return {check_path(path) for path in json.loads(data)}
        except (ValueError, TypeError) as exc:
            raise PublishError(f"{self.target.key(PENDING_NAME)} is not a JSON list of paths") from exc

    def listing(self) -> Iterator[tuple[str, str]]:
        """(build path, ETag) of every object under the prefix, page by page."""
        paginator = self.client.get_paginator("list_objects_v2")
        try:
            for page in paginator.paginate(Bucket=self.target.bucket, Prefix=self.target.prefix):
                for item in page.get("Contents", []):
                    yield item["Key"][len(self.target.prefix) :], item["ETag"].strip('"')
        except (ClientError, BotoCoreError) as exc:
            raise PublishError(self.explain(exc, "listing the bucket")) from exc

    def put(
        self,
        path: str,
        data: bytes,
        content_type: str,
        cache_control: str,
        website_redirect: str | None = None,
    ) -> None:
        extra = {"ACL": self.target.acl} if self.target.acl else {}
        if website_redirect:  # x-amz-website-redirect-location: a 301 from S3 website endpoints
            extra["WebsiteRedirectLocation"] = website_redirect
        self.client.put_object(
            Bucket=self.target.bucket,
            Key=self.target.key(path),
            Body=data,
            ContentType=content_type,
            CacheControl=cache_control,
            **extra,
        )

    def put_json(self, path: str, document) -> None:
        data = json.dumps(document, indent=1, sort_keys=True).encode()
        self.put(path, data, "application/json; charset=utf-8", "no-cache")

    def delete(self, paths: list[str]) -> None:
        keys = [self.target.key(path) for path in paths]
        for start in range(0, len(keys), DELETE_BATCH):
            objects = [{"Key": key} for key in keys[start : start + DELETE_BATCH]]
            response = self.client.delete_objects(
                Bucket=self.target.bucket, Delete={"Objects": objects, "Quiet": True}
            )
            if response.get("Errors"):
                first = response["Errors"][0]
                raise PublishError(f"deleting {first['Key']} failed: {first.get('Message', first['Code'])}")

    def explain(self, exc: Exception, doing: str) -> str:
        code = exc.response.get("Error", {}).get("Code") if isinstance(exc, ClientError) else None
        if code == "NoSuchBucket":
            return f"the bucket {self.target.bucket} does not exist (while {doing})"
        if code in ("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch"):
            return f"the credentials were refused for bucket {self.target.bucket} ({code}, while {doing})"
        return f"{doing} failed: {exc}"
