"""HomePage: the root of each site, with a hero, a body and featured pages."""

from django.db import models
from django.db.models import Prefetch
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from content.blocks import BodyBlock
from content.pages.base import BASE_IMAGE_FIELDS, BasePage
from content.serialization.fields import (
    image_field,
    linked_pages_field,
    rich_text_field,
    stream_field,
    text_field,
)
from content.serialization.registry import register_page_type

INTRO_FEATURES = ["bold", "italic", "link"]


class HomePageFeaturedPage(Orderable):
    page = ParentalKey("home.HomePage", on_delete=models.CASCADE, related_name="featured_pages")
    target = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("target")]


class HomePage(BasePage):
    hero_heading = models.CharField(max_length=200, blank=True)
    intro = RichTextField(features=INTRO_FEATURES, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [FieldPanel("hero_heading"), FieldPanel("intro"), FieldPanel("hero_image")],
            heading="Hero",
        ),
        FieldPanel("body"),
        InlinePanel("featured_pages", label="Featured page"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("hero_heading", boost=1.5),
        index.SearchField("intro", boost=1.5),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["content.IndexPage", "content.ArticlePage"]

    class Meta:
        verbose_name = "home page"


register_page_type(
    HomePage,
    fields={
        "hero_heading": text_field("hero_heading"),
        "intro": rich_text_field("intro"),
        "hero_image": image_field("hero_image"),
        "body": stream_field("body"),
        "featured_pages": linked_pages_field("featured_pages"),
    },
    template="home/pages/home_page.html",
    prefetches={
        "featured_pages": lambda: Prefetch("featured_pages", queryset=HomePageFeaturedPage.objects.all())
    },
    image_fields=(*BASE_IMAGE_FIELDS, "hero_image"),
    linked_pages=("featured_pages",),
    search_text_fields=("hero_heading", "intro"),
)
