"""Real responses captured from the demo content, one per page type and the site response."""

import json
from pathlib import Path

from django.test import Client
from wagtail.models import Page, Site

from content.models import ArticlePage, IndexPage


def example_urls(site: Site) -> dict[str, str]:
    article = ArticlePage.objects.live().public().filter(slug="style-guide").first()
    article = article or ArticlePage.objects.live().public().first()
    index = IndexPage.objects.live().public().filter(slug="news").first() or IndexPage.objects.live().first()
    return {
        "home-page.json": f"/api/v2/pages/{site.root_page_id}/",
        "index-page.json": f"/api/v2/pages/{index.pk}/",
        "article-page.json": f"/api/v2/pages/{article.pk}/",
        "site.json": "/api/v2/site/",
        "pages-listing.json": "/api/v2/pages/?type=content.ArticlePage&limit=2",
    }


def write_examples(folder: Path) -> list[str]:
    if not Page.objects.filter(depth=2).exists():
        raise ValueError("no site content: run manage.py seed_demo first")
    site = Site.objects.get(is_default_site=True)
    client = Client(HTTP_HOST=site.hostname)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, url in example_urls(site).items():
        response = client.get(url)
        if response.status_code != 200:
            raise ValueError(f"{url} answered {response.status_code}")
        (folder / name).write_text(json.dumps(response.json(), indent=2, ensure_ascii=False) + "\n")
        written.append(name)
    return written
