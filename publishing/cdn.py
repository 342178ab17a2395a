"""CloudFront invalidation after a publish: one request naming exactly the URLs whose files changed.

A page's file news/a/index.html is reached as /news/a/ too, so both are named; a
JSON mirror file, the sitemap or a deleted file by its own path. Content-hashed
static files are left out: a changed one has a new name, never cached before.
Above EXPORT_CLOUDFRONT_MAX_PATHS paths, one wildcard replaces them (CloudFront
charges per path, and a wildcard counts as one). Paths are relative to the
bucket prefix, which is the distribution's origin path.
"""

import uuid
from urllib.parse import quote

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings

from .bucket import PublishError

EVERYTHING = "/*"
INDEX = "index.html"


def page_urls(path: str) -> list[str]:
    """The URLs a build file answers at: /a/b/index.html is also /a/b/ (and index.html also /)."""
    url = "/" + quote(path, safe="/-._~")
    if path == INDEX or path.endswith("/" + INDEX):
        return [url.removesuffix(INDEX), url]
    return [url]


def changed_urls(uploads: list[str], deletes: list[str], kinds: dict[str, str]) -> list[str]:
    """The URLs whose answers these changes alter (uploads' kinds from the new build), sorted."""
    changed = [path for path in uploads if kinds.get(path) != "static"] + list(deletes)
    return sorted({url for path in changed for url in page_urls(path)})


def invalidation_paths(uploads: list[str], deletes: list[str], kinds: dict[str, str]) -> list[str]:
    """The paths to invalidate for these changes: changed_urls, or one wildcard above the maximum."""
    paths = changed_urls(uploads, deletes, kinds)
    if len(paths) > settings.EXPORT_CLOUDFRONT_MAX_PATHS:
        return [EVERYTHING]
    return paths


def invalidate(distribution_id: str, paths: list[str]) -> str:
    """Ask CloudFront to drop these paths; returns the invalidation's id."""
    config = Config(retries={"max_attempts": 6, "mode": "standard"}, connect_timeout=10, read_timeout=60)
    # The endpoint comes from boto3's own lookup (AWS_ENDPOINT_URL_CLOUDFRONT in the tests).
    client = boto3.session.Session().client("cloudfront", config=config)
    batch = {"Paths": {"Quantity": len(paths), "Items": paths}, "CallerReference": f"publish-{uuid.uuid4()}"}
    try:
        response = client.create_invalidation(DistributionId=distribution_id, InvalidationBatch=batch)
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code", "")
        if code == "NoSuchDistribution":
            raise PublishError(f"the CloudFront distribution {distribution_id} does not exist") from exc
        raise PublishError(f"invalidating {len(paths)} paths on CloudFront failed ({code}): {exc}") from exc
    except BotoCoreError as exc:
        raise PublishError(f"invalidating {len(paths)} paths on CloudFront failed: {exc}") from exc
    return response["Invalidation"]["Id"]


def invalidate_changes(uploads: list[str], deletes: list[str], kinds: dict[str, str]) -> tuple[str, int]:
    """(invalidation id, number of paths), or ("", 0) without a distribution or without changes."""
    distribution_id = settings.EXPORT_CLOUDFRONT_DISTRIBUTION_ID
    paths = invalidation_paths(uploads, deletes, kinds)
    if not distribution_id or not paths:
        return "", 0
    return invalidate(distribution_id, paths), len(paths)
