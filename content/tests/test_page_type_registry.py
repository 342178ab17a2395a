"""A page type defined in the tests appears in every reader once registered: nothing else is edited.

EventPage (content/tests/event_pages) is a model, its registration, a template and a
migration. Registered, it reaches the API, its listing card, the live site, the export
and its JSON mirror, search and the contract; unregistered, none of them knows it.
"""

import datetime
import json

import pytest
from django.test import Client
from wagtail.images.models import Image

from content.contract.registry import schema_documents, validator_for
from content.demo import blocks
from content.models import IndexPage
from content.tests.event_pages.models import EventPage, register_event_page, unregister_event_page
from publishing.export import export_site

TEASER = "A quayside evening of zymurgy talks"


@pytest.fixture
def event_type():
    register_event_page()
    yield EventPage
    unregister_event_page()


@pytest.fixture
def event(event_type, demo_site):
    news = IndexPage.objects.get(slug="news")
    page = EventPage(
        title="Harbour festival",
        slug="harbour-festival",
        teaser=TEASER,
        starts_on=datetime.date(2027, 1, 15),  # the newest card in the section
        poster=Image.objects.get(title="Harbour at dawn"),
        body=[blocks.paragraph("<p>Music on the quay.</p>")],
    )
    news.add_child(instance=page)
    page.save_revision().publish()
    return EventPage.objects.get(pk=page.pk)


def plain_client() -> Client:
    # The committed contract does not know this type: responses are checked against
    # the contract generated with it registered instead.
    return Client()


def test_its_detail_json_has_its_fields_and_matches_the_generated_contract(event):
    data = json.loads(plain_client().get(f"/api/v2/pages/{event.pk}/").content)
    assert data["meta"]["type"] == "event_pages.EventPage"
    assert (data["teaser"], data["starts_on"]) == (TEASER, "2027-01-15")
    assert data["poster"]["title"] == "Harbour at dawn"
    assert data["meta"]["social_image"]["id"] == data["poster"]["id"]  # its declared image fields
    assert data["body"] == [
        {"type": "paragraph", "value": "<p>Music on the quay.</p>", "id": data["body"][0]["id"]}
    ]
    documents = schema_documents()
    errors = list(validator_for("page", documents).iter_errors(data))
    assert errors == []


def test_its_listing_card_reads_the_fields_it_declared(event):
    news = json.loads(plain_client().get(f"/api/v2/pages/{event.get_parent().pk}/").content)
    card = news["children"]["items"][0]
    assert card["id"] == event.pk
    assert (card["type"], card["summary"], card["date"]) == ("event_pages.EventPage", TEASER, "2027-01-15")
    assert card["hero_image"]["title"] == "Harbour at dawn"


def test_the_contract_lists_it_only_while_registered(event_type):
    documents = schema_documents()
    assert set(documents["event-page.json"]["properties"]) >= {"teaser", "starts_on", "poster", "body"}
    assert {"$ref": "event-page.json"} in documents["page.json"]["oneOf"]
    assert "event_pages.EventPage" in documents["page-meta.json"]["properties"]["type"]["enum"]
    unregister_event_page()
    assert "event-page.json" not in schema_documents()


def test_the_live_site_and_the_export_render_it_with_its_template(event, tmp_path):
    live = plain_client().get("/news/harbour-festival/")
    assert live.status_code == 200
    assert 'class="event__date"' in live.text and TEASER in live.text
    site = tmp_path / "site"
    export_site(site, workers=1)
    exported = (site / "news/harbour-festival/index.html").read_text()
    assert 'class="event__date"' in exported and TEASER in exported
    mirror = json.loads((site / "api/pages/news/harbour-festival.json").read_text())
    assert (mirror["meta"]["type"], mirror["teaser"]) == ("event_pages.EventPage", TEASER)


def test_search_finds_it_with_its_summary(event):
    results = json.loads(plain_client().get("/api/v2/search/?q=zymurgy").content)
    assert [item["id"] for item in results["items"]] == [event.pk]
    assert results["items"][0]["summary"] == TEASER
    assert "<mark>zymurgy</mark>" in results["items"][0]["snippet"]


def test_unregistered_it_is_only_a_page(event):
    unregister_event_page()
    data = json.loads(plain_client().get(f"/api/v2/pages/{event.pk}/").content)
    assert set(data) == {"id", "meta", "title", "breadcrumbs"}
