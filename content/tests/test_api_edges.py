"""Edge cases found in review: several sites, broken files, odd values, schemes."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction, Page, Site

from content.demo import blocks
from content.factories import ArticlePageFactory, IndexPageFactory
from content.models import ArticlePage
from home.models import HomePage


@pytest.fixture
def second_site(demo_site):
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Blog home", slug="blog-home"))
    IndexPageFactory(parent=home, title="Posts", slug="posts")
    return Site.objects.create(hostname="blog.example", port=80, root_page=home)


def test_a_second_site_is_reached_with_the_site_parameter(client, second_site):
    listing = client.get("/api/v2/pages/", {"site": "blog.example", "child_of": "root"}).json()
    assert [item["title"] for item in listing["items"]] == ["Posts"]
    assert listing["items"][0]["meta"]["detail_url"].endswith("?site=blog.example")
    assert listing["items"][0]["meta"]["html_url"] == "http://blog.example/posts/"
    assert client.get("/api/v2/site/", {"site": "blog.example"}).status_code == 200
    found = client.get("/api/v2/pages/find/", {"html_path": "/posts/", "site": "blog.example"})
    assert found.status_code == 302
    assert found["Location"].startswith("http://testserver/api/v2/pages/")
    assert found["Location"].endswith("?site=blog.example")


@pytest.mark.parametrize("site", ["localhost:²", "localhost:①", "localhost:999999"])
def test_odd_ports_in_the_site_parameter_are_a_404(client, demo_site, site):
    assert client.get("/api/v2/pages/", {"site": site}).status_code == 404


def test_an_image_with_a_missing_file_is_left_out_instead_of_failing(client, demo_site):
    article = ArticlePage.objects.get(slug="autumn-release")
    image = Image.objects.get(pk=article.hero_image_id)
    image.renditions.all().delete()
    Image.objects.filter(pk=image.pk).update(file="original_images/gone.png")
    data = client.get(f"/api/v2/pages/{article.pk}/").json()
    assert data["hero_image"] is None
    assert client.get("/api/v2/images/").status_code == 200


def test_huge_table_numbers_are_refused_in_the_editor_and_survive_in_the_api(client, home_page):
    from content.blocks.text import TableBlock

    block = TableBlock()
    table = block.to_python(
        {"caption": "", "columns": [{"type": "number", "heading": "N"}], "rows": [{"values": ["1e5000"]}]}
    )
    with pytest.raises(ValidationError) as raised:
        block.clean(table)
    assert "digits" in " ".join(raised.value.cell_errors[0][0].messages)
    article = ArticlePageFactory(parent=Page.objects.get(slug="news"), title="Huge")
    article.body = [blocks.table("", [("number", "N")], [["1e5000"]])]
    article.save_revision().publish()
    row = client.get(f"/api/v2/pages/{article.pk}/").json()["body"][0]["value"]["rows"][0]
    assert row == ["1E+5000"]


def test_a_private_social_image_falls_back_to_the_hero_image(client, demo_site):
    article = ArticlePage.objects.get(slug="autumn-release")
    private = Collection.get_first_root_node().get_children().get(name="Private")
    private_image = Image.objects.filter(collection=private).first()
    article.social_image = private_image
    article.save_revision().publish()
    meta = client.get(f"/api/v2/pages/{article.pk}/").json()["meta"]
    assert meta["social_image"]["id"] == article.hero_image_id
    assert CollectionViewRestriction.objects.filter(collection=private).exists()


def test_http_and_https_requests_are_cached_apart(client, demo_site):
    plain = client.get("/api/v2/site/").json()
    secure = client.get("/api/v2/site/", secure=True).json()
    assert plain["default_social_image"]["srcset"].startswith("http://")
    assert secure["default_social_image"]["srcset"].startswith("https://")
