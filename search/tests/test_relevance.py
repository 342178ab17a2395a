"""The relevance set (search/relevance.json): each query must return its page in the top 3.

It runs over the demo site plus 200 realistic archive articles (seed_demo
--realistic --seed 1), on both databases.
"""

import json
import math
from pathlib import Path

import pytest
from django.db import connection
from wagtail.models import Page

from content.demo.bulk import add_articles
from content.demo.site import demo_context, ensure_section

CASES = json.loads((Path(__file__).parents[1] / "relevance.json").read_text())["cases"]
REQUIRED_SHARE = {"postgresql": 0.9, "sqlite": 0.85}
REALISTIC_ARTICLES = 200


@pytest.fixture
def realistic_archive(demo_site):
    home = demo_site.root_page.specific
    archive = ensure_section(home, "archive", "Archive", "Every article ever published.")
    add_articles(archive, REALISTIC_ARTICLES, demo_context(demo_site), realistic_seed=1)
    return archive


def top_three(client, query: str) -> list[str]:
    items = client.get("/api/v2/search/", {"q": query, "limit": 3}).json()["items"]
    slugs = dict(Page.objects.filter(pk__in=[item["id"] for item in items]).values_list("pk", "slug"))
    return [slugs[item["id"]] for item in items]


def test_the_relevance_set(client, realistic_archive):
    assert len(CASES) >= 40
    misses = []
    for case in CASES:
        found = top_three(client, case["query"])
        if case["expect"] not in found:
            misses.append(f"{case['query']!r} ({case['kind']}): wanted {case['expect']}, got {found}")
    required = math.ceil(REQUIRED_SHARE[connection.vendor] * len(CASES))
    passed = len(CASES) - len(misses)
    print(f"relevance on {connection.vendor}: {passed} of {len(CASES)}")
    print("\n".join(misses))
    summary = f"{passed} of {len(CASES)} passed, {required} needed. Misses:\n"
    assert passed >= required, summary + "\n".join(misses)
