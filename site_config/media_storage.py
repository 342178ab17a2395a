"""Where uploaded images and documents live: the local media folder, or an S3-compatible bucket.

With a bucket, originals and documents stay private; only renditions (the images/
folder) are meant to be readable by the public, so their URLs carry no signature
that could expire inside a cached API response. Documents are always served
through Wagtail's document view, which checks collection privacy first.
"""

from urllib.parse import urlsplit


def s3_media_storage(
    bucket: str, prefix: str = "media", endpoint_url: str = "", custom_domain: str = "", region: str = ""
) -> dict:
    """The STORAGES["default"] entry for django-storages' S3 backend."""
    options = {
        "bucket_name": bucket,
        "location": prefix.strip("/"),
        "file_overwrite": False,
        "default_acl": None,
        "querystring_auth": False,
    }
    if endpoint_url:  # MinIO, R2, a moto server: path-style addressing at that address
        options |= {"endpoint_url": endpoint_url, "addressing_style": "path"}
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
