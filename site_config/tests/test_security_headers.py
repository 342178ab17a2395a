"""Security headers on the API and the site; SVG uploads are not accepted as images."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images.forms import get_image_form
from wagtail.images.models import Image


@pytest.mark.parametrize("path", ["/api/v2/pages/", "/", "/healthz"])
def test_responses_carry_the_security_headers(client, demo_site, path):
    response = client.get(path)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_an_svg_cannot_be_uploaded_as_an_image():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    form = get_image_form(Image)(
        data={"title": "Logo"}, files={"file": SimpleUploadedFile("logo.svg", svg, "image/svg+xml")}
    )
    assert not form.is_valid()
    assert "file" in form.errors


def policy(response) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))


@pytest.mark.parametrize("path", ["/", "/news/", "/api/v2/pages/", "/healthz", "/no-such-page/"])
def test_the_site_and_the_api_allow_no_inline_or_foreign_script(client, demo_site, path):
    directives = policy(client.get(path))
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'self'"


def test_only_the_admin_may_run_its_inline_scripts(client, demo_site, django_user_model):
    django_user_model.objects.create_superuser("root", "", "pw")
    client.login(username="root", password="pw")
    directives = policy(client.get("/admin/"))
    assert directives["script-src"] == "'self' 'unsafe-inline'"
    assert directives["object-src"] == "'none'"


def test_the_admin_dashboard_asks_no_one_on_the_internet_for_a_newer_wagtail(
    client, demo_site, django_user_model
):
    """Wagtail's upgrade notice fetches releases.wagtail.org from the editor's browser."""
    django_user_model.objects.create_superuser("root", "", "pw")
    client.login(username="root", password="pw")
    dashboard = client.get("/admin/").content.decode()
    assert "Headless CMS" in dashboard and "w-upgrade" not in dashboard
