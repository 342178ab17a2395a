"""Media in an S3 bucket (MEDIA_S3_BUCKET), against a moto server over HTTP."""

import json
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import boto3
import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from wagtail.documents.models import Document
from wagtail.images.models import Image

from content.demo import markers
from content.demo.media import draw_image
from content.models import ArticlePage
from publishing.export import export_site
from site_config.media_storage import media_origins, public_renditions_policy, s3_media_storage


@pytest.fixture
def media_bucket(settings, moto_url, s3_credentials) -> tuple[str, object]:
    """A fresh bucket holding the demo's media files, and the default storage switched to it."""
    name = f"media-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=moto_url)
    client.create_bucket(Bucket=name)
    for path in Path(django_settings.MEDIA_ROOT).rglob("*"):
        if path.is_file():  # the seeded demo media, moved to the bucket as an operator would
            client.upload_file(
                str(path), name, f"media/{path.relative_to(django_settings.MEDIA_ROOT).as_posix()}"
            )
    # The bucket policy docs/operations.md asks for (manage.py media_bucket_policy): renditions only.
    client.put_bucket_policy(Bucket=name, Policy=json.dumps(public_renditions_policy(name)))
    storage = s3_media_storage(name, endpoint_url=moto_url, region="us-east-1")
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    return name, client


def keys(client, bucket: str, prefix: str) -> set[str]:
    listing = client.list_objects_v2(Bucket=bucket, Prefix=prefix)
    return {item["Key"] for item in listing.get("Contents", [])}


def test_an_uploaded_image_and_its_renditions_live_in_the_bucket(client, demo_site, media_bucket, moto_url):
    bucket, s3 = media_bucket
    image = Image(
        title="Lighthouse",
        file=ContentFile(draw_image((800, 600), ((0, 0, 0), (255, 255, 255))), "lighthouse.png"),
    )
    image.save()
    assert "media/original_images/lighthouse.png" in keys(s3, bucket, "media/original_images/")

    data = client.get(f"/api/v2/images/{image.pk}/").json()

    medium = data["renditions"]["medium"]["url"]
    assert medium.startswith(f"{moto_url}/{bucket}/media/images/lighthouse.")
    assert medium.removeprefix(f"{moto_url}/{bucket}/") in keys(s3, bucket, "media/images/")
    with urllib.request.urlopen(medium, timeout=10) as response:  # noqa: S310 (the local moto server)
        assert response.read()[8:12] == b"WEBP"
    original = f"{moto_url}/{bucket}/media/original_images/lighthouse.png"
    with pytest.raises(urllib.error.HTTPError) as refused:  # the original is not public
        urllib.request.urlopen(original, timeout=10)  # noqa: S310
    assert refused.value.code == 403


def test_documents_are_served_by_wagtail_and_private_ones_never_by_the_bucket(
    client, demo_site, media_bucket, moto_url
):
    bucket, s3 = media_bucket
    public = Document(title="Timetable", file=ContentFile(b"Ferries leave at nine.\n", "timetable.txt"))
    public.save()
    private = Document.objects.get(title__contains=markers.PRIVATE_COLLECTION)
    assert "media/documents/timetable.txt" in keys(s3, bucket, "media/documents/")

    served = client.get(public.url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == b"Ferries leave at nine.\n"
    refused = client.get(private.url)
    assert refused.status_code == 302 and "/login/" in refused["Location"]  # Wagtail asks for a login

    listing = client.get("/api/v2/documents/", {"limit": 100}).text
    assert public.url in listing
    assert moto_url not in listing and private.title not in listing


def test_the_export_copies_renditions_out_of_the_bucket(demo_site, media_bucket, moto_url, tmp_path):
    article = ArticlePage.objects.get(slug="autumn-release")
    output = tmp_path / "site"

    export_site(output, workers=1)

    html = (output / "news/autumn-release/index.html").read_text()
    assert (
        moto_url not in html and moto_url not in (output / "api/pages/news/autumn-release.json").read_text()
    )
    hero = article.hero_image.get_rendition("width-960|format-webp")
    assert f'src="/media/{hero.file.name}"' in html or f"/media/{hero.file.name}" in html
    assert (output / "media" / hero.file.name).read_bytes()[8:12] == b"WEBP"


def test_the_content_security_policy_lets_browsers_load_renditions_from_the_bucket():
    assert media_origins("site-media", custom_domain="media.example.com") == ["https://media.example.com"]
    assert media_origins("site-media", endpoint_url="http://127.0.0.1:9000/") == ["http://127.0.0.1:9000"]
    assert media_origins("site-media", region="eu-west-1") == [
        "https://site-media.s3.amazonaws.com",
        "https://site-media.s3.eu-west-1.amazonaws.com",
    ]
