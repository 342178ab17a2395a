"""EventPage: a page type defined in the tests only, registered by register_event_page().

Registration is a function here (the shipped page types register on import), so that
the committed contract, checked under the test settings, never lists this type.
"""

from django.db import models
from wagtail.fields import StreamField
from wagtail.search import index

from content.blocks import BodyBlock
from content.pages.base import BASE_IMAGE_FIELDS, BasePage
from content.serialization.fields import date_field, image_field, stream_field, text_field
from content.serialization.registry import ListingCard, register_page_type, unregister_page_type


class EventPage(BasePage):
    teaser = models.TextField(blank=True)
    starts_on = models.DateField()
    poster = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = StreamField(BodyBlock(), blank=True)

    search_fields = [
        *BasePage.search_fields,
        index.SearchField("teaser", boost=1.5),
        index.SearchField("body"),
    ]
    parent_page_types = ["content.IndexPage"]


def register_event_page() -> None:
    register_page_type(
        EventPage,
        fields={
            "teaser": text_field("teaser"),
            "starts_on": date_field("starts_on"),
            "poster": image_field("poster"),
            "body": stream_field("body"),
        },
        template="event_pages/event_page.html",
        image_fields=(*BASE_IMAGE_FIELDS, "poster"),
        card=ListingCard(summary="teaser", date="starts_on", image="poster"),
        search_text_fields=("teaser",),
    )


def unregister_event_page() -> None:
    unregister_page_type(EventPage)
