"""Nothing private reaches any API response, with or without credentials.

The matrix: every endpoint variant × every restricted state of the demo content ×
anonymous, signed-in superuser session, Basic header, and a session that has
entered the page password. Each draft and restricted page carries a marker string
(content/demo/markers.py) that must appear in no response.
"""

import base64

import pytest
from django.urls import reverse

from content.demo import markers
from content.demo.site import DEMO_PASSWORD
from content.models import ArticlePage


@pytest.fixture(params=["anonymous", "superuser_session", "basic_header", "page_password_session"])
def visitor(request, client, django_user_model, restricted):
    """A client and the extra headers it sends on every request."""
    headers = {}
    if request.param != "anonymous":
        django_user_model.objects.create_superuser("root", "", "root-password")
    if request.param == "superuser_session":
        client.login(username="root", password="root-password")
    elif request.param == "basic_header":
        token = base64.b64encode(b"root:root-password").decode()
        headers["HTTP_AUTHORIZATION"] = f"Basic {token}"
    elif request.param == "page_password_session":
        page = restricted["embargoed-results"]
        restriction = page.get_view_restrictions().get()
        url = reverse("wagtailcore_authenticate_with_password", args=(restriction.pk, page.pk))
        client.post(url, {"password": DEMO_PASSWORD, "return_url": page.url})
        assert markers.PASSWORD_PROTECTED in client.get(page.url).text  # the site itself lets them in
    return client, headers


def endpoint_urls(restricted, private_files, linking_page) -> list[str]:
    ids = {slug: page.pk for slug, page in restricted.items()}
    urls = [
        "/api/v2/pages/?limit=100",
        "/api/v2/pages/?limit=100&fields=*",
        "/api/v2/pages/?limit=100&fields=*&type=content.ArticlePage",
        "/api/v2/pages/?limit=100&fields=*&type=content.IndexPage",
        f"/api/v2/pages/{linking_page.pk}/",
        f"/api/v2/pages/?child_of={linking_page.get_parent().pk}&fields=*",
        f"/api/v2/pages/?descendant_of={linking_page.get_parent().get_parent().pk}&fields=*&limit=100",
        "/api/v2/pages/?search=DEMO&fields=*",
        *(f"/api/v2/pages/?search={marker}" for marker in markers.ALL),
        "/api/v2/site/",
        "/api/v2/images/?limit=100",
        "/api/v2/documents/?limit=100",
        "/api/v2/redirects/",
        f"/api/v2/images/{private_files['image'].pk}/",
        f"/api/v2/documents/{private_files['document'].pk}/",
        f"/api/v2/images/find/?id={private_files['image'].pk}",
    ]
    for slug, page_id in ids.items():
        urls += [
            f"/api/v2/pages/{page_id}/",
            f"/api/v2/pages/find/?id={page_id}",
            f"/api/v2/pages/find/?html_path={restricted[slug].url_path.removeprefix('/home')}",
            f"/api/v2/pages/?child_of={page_id}",
            f"/api/v2/pages/?descendant_of={page_id}",
            f"/api/v2/pages/?ancestor_of={page_id}",
        ]
    return urls


def test_no_private_content_in_any_response(
    visitor, restricted, private_files, public_page_pointing_at_private_things
):
    client, headers = visitor
    urls = endpoint_urls(restricted, private_files, public_page_pointing_at_private_things)
    private_ids = {f'"id":{page.pk},' for page in restricted.values()}
    for url in urls:
        response = client.get(url, follow=True, **headers)
        assert response.status_code in (200, 400, 404), (url, response.status_code)
        text = response.content.decode()
        for marker in markers.ALL:
            assert marker not in text, (url, marker)
        for private_id in private_ids:
            assert private_id not in text.replace(" ", ""), (url, private_id)
        if any(str(page.pk) in url.split("?")[0] for page in restricted.values()):
            assert response.status_code == 404, url


def test_links_to_private_content_keep_their_text_and_lose_their_target(
    client, public_page_pointing_at_private_things
):
    data = client.get(f"/api/v2/pages/{public_page_pointing_at_private_things.pk}/").json()
    paragraph, cta, image, document = (block["value"] for block in data["body"])
    assert "<a>the draft</a>" in paragraph and "<a>the newsletter</a>" in paragraph
    assert "<a>the memo</a>" in paragraph
    assert cta["page"] is None and cta["href"] is None
    assert image is None
    assert document["document"] is None
    assert data["related_pages"] == []


def test_unpublished_changes_stay_out_of_the_api(client, demo_site):
    page = ArticlePage.objects.get(slug="work-in-progress")
    data = client.get(f"/api/v2/pages/{page.pk}/").json()
    assert data["summary"] == "A live story whose next version is still being written."
    assert markers.UNPUBLISHED_CHANGE not in client.get("/api/v2/pages/?fields=*&limit=100").content.decode()


def test_a_redirect_to_a_private_page_is_not_listed_or_found(client, restricted):
    from wagtail.contrib.redirects.models import Redirect

    Redirect.objects.create(old_path="/secret", redirect_page=restricted["member-newsletter"])
    assert [r["old_path"] for r in client.get("/api/v2/redirects/").json()["items"]] == ["/news-archive"]
    assert client.get("/api/v2/redirects/find/?html_path=/secret").status_code == 404
