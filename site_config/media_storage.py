"""Where uploaded images and documents live: the local media folder, or an S3-compatible bucket.

With a bucket, originals and documents stay private; only renditions (the images/
folder) are meant to be readable by the public, so their URLs carry no signature
that could expire inside a cached API response. Documents are always served
through Wagtail's document view, which checks collection privacy first.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

DEFAULT_PREFIX = "media"
# Every media object's Cache-Control; only renditions are ever fetched straight from the bucket.
CACHE_CONTROL = "public, max-age=86400"


def s3_media_storage(
    bucket: str,
    prefix: str = DEFAULT_PREFIX,
    endpoint_url: str = "",
    custom_domain: str = "",
    region: str = "",
) -> dict:
    """The STORAGES["default"] entry for django-storages' S3 backend."""
    from botocore.config import Config  # loaded only when media are on S3

    options = {
        "bucket_name": bucket,
        "location": prefix.strip("/"),
        "file_overwrite": False,
        "default_acl": None,
        "querystring_auth": False,
        "object_parameters": {"CacheControl": CACHE_CONTROL},
    }
    if endpoint_url:  # MinIO, R2, a moto server: path-style addressing at that address
        options["endpoint_url"] = endpoint_url
    # As for the export's publish (publishing/bucket.py): checksums only where S3 requires
    # them, since newer boto3's default CRC trailers are refused by several S3-compatible
    # servers, and server errors retried with backoff. A client_config replaces
    # django-storages' own, so the addressing style goes in here too.
    options["client_config"] = Config(
        s3={"addressing_style": "path"} if endpoint_url else {},
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        retries={"max_attempts": 6, "mode": "standard"},
        connect_timeout=10,
        read_timeout=60,
    )
    if custom_domain:
        options["custom_domain"] = custom_domain
    if region:
        options["region_name"] = region
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def media_origins(
    bucket: str, endpoint_url: str = "", custom_domain: str = "", region: str = ""
) -> list[str]:
    """Where browsers load renditions from, for the Content-Security-Policy's img-src."""
    if custom_domain:
        return [f"https://{custom_domain}"]
    if endpoint_url:
        parts = urlsplit(endpoint_url)
        return [f"{parts.scheme}://{parts.netloc}"]
    hosts = [f"{bucket}.s3.amazonaws.com"] + ([f"{bucket}.s3.{region}.amazonaws.com"] if region else [])
    return [f"https://{host}" for host in hosts]


def public_renditions_policy(bucket: str, prefix: str = DEFAULT_PREFIX) -> dict:
    """The bucket policy media need: anyone may read renditions (<prefix>/images/), nothing else.

    Originals and documents get no public statement, and nothing grants listing.
    """
    folder = f"{prefix.strip('/')}/" if prefix.strip("/") else ""
    statement = {
        "Sid": "PublicReadRenditions",
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{bucket}/{folder}images/*",
    }
    return {"Version": "2012-10-17", "Statement": [statement]}


def check_media_variables(
    bucket: str, prefix: str, custom_domain: str, media_root: str, export_bucket: str, export_prefix: str
) -> None:
    """Refuse inconsistent media variables with a sentence naming them (prefix: as the storage gets it)."""
    if not bucket:
        stray = (("MEDIA_S3_PREFIX", prefix != DEFAULT_PREFIX), ("MEDIA_S3_CUSTOM_DOMAIN", custom_domain))
        for name, value in stray:
            if value:
                raise ImproperlyConfigured(f"{name} is set but MEDIA_S3_BUCKET is not: set both, or neither.")
        return
    if "/" in bucket or ":" in bucket:
        raise ImproperlyConfigured(
            f"MEDIA_S3_BUCKET is a bucket name such as cms-media, not {bucket!r}; "
            "a folder inside it goes in MEDIA_S3_PREFIX."
        )
    if "://" in custom_domain or "/" in custom_domain:
        raise ImproperlyConfigured(
            f"MEDIA_S3_CUSTOM_DOMAIN is a host name such as media.example.com (served over https), "
            f"not {custom_domain!r}."
        )
    if media_root:
        raise ImproperlyConfigured(
            "MEDIA_ROOT and MEDIA_S3_BUCKET are both set, but media are stored in one place: unset one."
        )
    prefix, export_prefix = prefix.strip("/"), export_prefix.strip("/")
    if bucket == export_bucket and _prefixes_overlap(prefix, export_prefix):
        raise ImproperlyConfigured(
            f"MEDIA_S3_BUCKET and EXPORT_S3_BUCKET are both {bucket} and their prefixes overlap "
            f"({prefix or '(none)'} and {export_prefix or '(none)'}): the published site is public, "
            "original images and private documents must not be. Use another bucket for media."
        )


def _prefixes_overlap(first: str, second: str) -> bool:
    return (
        not first
        or not second
        or f"{first}/".startswith(f"{second}/")
        or f"{second}/".startswith(f"{first}/")
    )
