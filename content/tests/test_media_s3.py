"""Media on S3 as the API and the document view present it, against a moto server over HTTP.

The storage is the one production builds from MEDIA_S3_BUCKET (s3_media,
site_config/testing/s3.py), on a bucket with the policy in docs/operations.md. Renditions are
public, unsigned bucket URLs; originals are never linked; documents only ever
leave through Wagtail's serve view, which checks their collection's privacy
first. (site_config/tests/test_media_s3.py covers the basics on the demo media.)
"""

import io
import re
import urllib.error
import urllib.request

import pytest
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection

from content.demo import blocks
from content.demo.media import draw_image, private_collection
from content.models import ArticlePage
from content.serialization.renditions import RENDITIONS
from site_config.media_storage import media_origins, s3_media_storage

pytestmark = pytest.mark.django_db
COLOURS = ((18, 52, 86), (240, 160, 80))
PRIVATE_TEXT = b"Salary bands 2026: staff only.\n"


def upload_image(title: str, filename: str, collection: Collection | None = None) -> Image:
    image = Image(title=title, file=ContentFile(draw_image((1200, 800), COLOURS), name=filename))
    image.collection = collection or Collection.get_first_root_node()
    image.save()
    return image


def upload_document(title: str, filename: str, data: bytes, collection: Collection | None = None):
    document = Document(title=title, file=ContentFile(data, name=filename), file_size=len(data))
    document.collection = collection or Collection.get_first_root_node()
    document.save()
    return document


def fetch(url: str) -> tuple[int, str, bytes]:
    """GET a URL anonymously, as a browser showing the frontend would."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (the local moto server)
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


def bucket_urls(text: str, s3_media) -> list[str]:
    return re.findall(rf"{re.escape(s3_media.url)}[^\"\s,]*", text)


def test_an_uploaded_image_is_stored_in_the_bucket_and_never_overwritten(s3_media):
    first = upload_image("Harbour", "harbour.png")
    second = upload_image("Another harbour", "harbour.png")

    assert first.file.name == "original_images/harbour.png"
    assert second.file.name != first.file.name  # file_overwrite off: the first upload is kept
    assert {s3_media.key(first.file.name), s3_media.key(second.file.name)} <= s3_media.listing()
    assert PILImage.open(io.BytesIO(s3_media.body(first.file.name))).size == (1200, 800)
    assert s3_media.head(first.file.name)["ContentType"] == "image/png"
    assert s3_media.head(first.file.name)["CacheControl"] == "public, max-age=86400"
    # The bucket policy keeps originals private: an anonymous request is refused.
    assert fetch(f"{s3_media.url}{s3_media.key(first.file.name)}")[0] == 403
    # No object ACL is set: what is public is the bucket policy's decision.
    grants = s3_media.client.get_object_acl(Bucket=s3_media.name, Key=s3_media.key(first.file.name))
    assert [grant["Permission"] for grant in grants["Grants"]] == ["FULL_CONTROL"]


def test_the_api_links_every_rendition_in_the_bucket_and_never_the_original(s3_media, client):
    image = upload_image("City", "city-at-night.png")
    article = ArticlePage.objects.get(slug="autumn-release")
    article.hero_image = image
    article.save_revision().publish()

    image_json = client.get(f"/api/v2/images/{image.pk}/").json()
    page_text = client.get(f"/api/v2/pages/{article.pk}/").content.decode()

    assert set(image_json["renditions"]) == set(RENDITIONS)
    keys = s3_media.listing()
    for name, rendition in image_json["renditions"].items():
        assert rendition["url"].startswith(f"{s3_media.url}media/images/city-at-night."), name
        assert rendition["url"].removeprefix(s3_media.url) in keys, name
        assert rendition["url"] in page_text, name  # the page's hero image has the same URLs
        status, content_type, body = fetch(rendition["url"])
        assert status == 200 and content_type.startswith("image/"), name
        assert PILImage.open(io.BytesIO(body)).width == rendition["width"], name
    assert image_json["srcset"].startswith(image_json["renditions"]["small"]["url"])
    for text in (str(image_json), page_text):
        assert "original_images" not in text


def test_rendition_urls_are_on_the_origin_the_content_security_policy_allows(s3_media, moto_url):
    rendition = upload_image("Lake", "mountain-lake.png").get_rendition("max-165x165")

    assert media_origins(s3_media.name, endpoint_url=moto_url) == [moto_url]
    assert rendition.url.startswith(f"{moto_url}/")
    assert "?" not in rendition.url  # unsigned: a cached API response never holds an expired URL


def test_a_custom_domain_puts_rendition_urls_on_the_cdn(s3_media, moto_url, settings, client):
    storage = s3_media_storage(s3_media.name, endpoint_url=moto_url, custom_domain="media.example.com")
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    image = upload_image("Desert", "desert-road.png")

    renditions = client.get(f"/api/v2/images/{image.pk}/").json()["renditions"]

    assert renditions["thumbnail"]["url"].startswith("https://media.example.com/media/images/desert-road.")
    assert renditions["thumbnail"]["url"].removeprefix("https://media.example.com/") in s3_media.listing()


def test_a_private_document_in_the_bucket_reaches_signed_in_users_only_through_wagtail(
    s3_media, client, django_user_model
):
    document = upload_document("Salary bands", "salary-bands.txt", PRIVATE_TEXT, private_collection())
    assert s3_media.body(document.file.name) == PRIVATE_TEXT
    assert fetch(f"{s3_media.url}{s3_media.key(document.file.name)}")[0] == 403  # not from the bucket

    anonymous = client.get(document.url)
    client.force_login(django_user_model.objects.create_user("reader", password="x" * 12))
    signed_in = client.get(document.url)

    assert anonymous.status_code == 302
    # Wagtail's own login page, on this site: never the bucket.
    assert anonymous["Location"] == f"/_util/login/?next={document.url}"
    assert PRIVATE_TEXT not in anonymous.content
    assert signed_in.status_code == 200  # streamed after the privacy check, not sent to the bucket
    assert b"".join(signed_in.streaming_content) == PRIVATE_TEXT


def test_no_api_response_links_a_private_file_in_the_bucket(s3_media, client):
    document = upload_document("Salary bands", "salary-bands.txt", PRIVATE_TEXT, private_collection())
    image = upload_image("Floor plan", "floor-plan.png", private_collection())
    image.get_rendition("max-165x165")  # the admin's thumbnail: in the bucket, never linked
    article = ArticlePage.objects.get(slug="autumn-release")
    article.body = [
        blocks.paragraph(f"<p>See {blocks.document_link(document, 'the bands')}.</p>"),
        blocks.document(document),
        blocks.image(image, caption="plan"),
    ]
    article.hero_image = image
    article.save_revision().publish()

    responses = [
        client.get(url)
        for url in (
            f"/api/v2/pages/{article.pk}/",
            "/api/v2/pages/?type=content.ArticlePage&fields=*&limit=100",
            "/api/v2/documents/?limit=100",
            f"/api/v2/documents/{document.pk}/",
            "/api/v2/images/?limit=100",
            f"/api/v2/images/{image.pk}/",
            "/api/v2/site/",
        )
    ]

    assert [response.status_code for response in responses[3:7:2]] == [404, 404]
    for response in responses:
        text = response.content.decode()
        assert "salary-bands" not in text and "floor-plan" not in text, response.request["PATH_INFO"]
        # The only bucket URLs anywhere are renditions of public images.
        assert all("/media/images/" in url for url in bucket_urls(text, s3_media))
