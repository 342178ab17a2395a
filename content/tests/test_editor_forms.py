"""The page editor refuses invalid blocks with a message, and saves nothing half-done."""

import socket

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from content.blocks.links import BOTH_LINKS
from content.models import ArticlePage


def article_form(title: str, call_to_action: dict) -> dict:
    return nested_form_data(
        {
            "title": title,
            "slug": title.lower().replace(" ", "-"),
            "summary": "A summary.",
            "date": "2026-11-01",
            "tags": "",
            "authors": inline_formset([]),
            "related_pages": inline_formset([]),
            "comments": inline_formset([]),
            "body": streamfield(
                [
                    ("heading", {"text": "Intro", "level": "h2"}),
                    ("paragraph", rich_text("<p>Hello</p>", features=["bold"])),
                    ("call_to_action", call_to_action),
                    (
                        "video",
                        {
                            "url": "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
                            "title": "",
                            "caption": "",
                        },
                    ),
                ]
            ),
        }
    )


@pytest.fixture
def section(demo_site):
    return Page.objects.get(slug="news").specific


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("boss", "", "pw")
    client.force_login(user)
    return client


def cta(page="", url="") -> dict:
    return {"title": "Join us", "text": "", "button_label": "Go", "page": page, "url": url}


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open an outside connection fails the test."""
    real_connect = socket.socket.connect

    def connect(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        if host not in ("127.0.0.1", "::1", "localhost") and not str(host).startswith("/"):
            raise AssertionError(f"network access to {address} while saving or rendering")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)


def test_invalid_call_to_action_is_refused_and_nothing_is_saved(editor_client, section):
    url = reverse("wagtailadmin_pages:add", args=("content", "articlepage", section.pk))
    pages_before = Page.objects.count()
    response = editor_client.post(url, article_form("Broken CTA", cta(page=section.pk, url="https://e.com/")))
    assert response.status_code == 200
    assert "The page could not be created due to validation errors" in response.text
    assert BOTH_LINKS in response.text
    assert Page.objects.count() == pages_before
    assert not ArticlePage.objects.filter(title="Broken CTA").exists()


def test_the_same_form_with_one_link_saves_and_renders_without_network(editor_client, section, no_network):
    url = reverse("wagtailadmin_pages:add", args=("content", "articlepage", section.pk))
    response = editor_client.post(url, article_form("Good CTA", cta(url="https://e.com/")))
    assert response.status_code == 302, response.text[:2000]
    page = ArticlePage.objects.get(title="Good CTA")
    assert [block.block_type for block in page.get_latest_revision_as_object().body] == [
        "heading",
        "paragraph",
        "call_to_action",
        "video",
    ]
    page.get_latest_revision().publish()
    assert editor_client.get(page.url).status_code == 200
