"""HomePage: the root of each site, with a hero, a body and featured pages."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable
from wagtail.search import index

from content.blocks import BodyBlock
from content.pages.base import BasePage

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
