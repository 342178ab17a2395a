"""The static export with media on S3: renditions are read from the bucket and shipped in the build.

The build stays self-contained: its pages and JSON mirror link the copies under
/media/, never the media bucket, which only needs to be readable by the export.
"""

import json
import re

from django.core.files.base import ContentFile
from wagtail.images.models import Image

from content.demo.media import draw_image
from content.models import ArticlePage
from content.serialization.renditions import RENDITIONS

from .test_export import files_under


def test_the_export_ships_renditions_it_reads_from_the_media_bucket(s3_media, export, settings):
    s3_media.upload_folder(settings.MEDIA_ROOT)  # the demo's media, moved as `aws s3 sync` would
    image = Image(
        title="Lighthouse",
        file=ContentFile(draw_image((1200, 800), ((0, 0, 0), (9, 9, 9))), "lighthouse.png"),
    )
    image.save()  # only ever in the bucket: its renditions are made from the original there
    article = ArticlePage.objects.get(slug="autumn-release")
    article.hero_image = image
    article.save_revision().publish()

    site_dir = export()

    written = files_under(site_dir)
    media = {name: path for name, path in written.items() if name.startswith("media/")}
    text = "".join(path.read_text() for name, path in written.items() if name.endswith((".html", ".json")))
    assert s3_media.url not in text  # links go to the build's own copies
    for url in set(re.findall(r'(?<=["\s])/media/[\w.\-/]+', text)):
        assert url.lstrip("/") in written, f"{url} is linked but not shipped"
    assert not any(name.startswith("media/original_images/") for name in media)
    for name, path in media.items():
        assert path.read_bytes() == s3_media.body(name.removeprefix("media/")), name
    shipped = sorted(name for name in media if name.startswith("media/images/lighthouse."))
    assert len(shipped) == len(RENDITIONS)
    hero = json.loads((site_dir / "api/pages/news/autumn-release.json").read_text())["hero_image"]
    assert sorted(r["url"].lstrip("/") for r in hero["renditions"].values()) == shipped
