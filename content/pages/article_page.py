"""ArticlePage: the site's main content type, with authors, tags and related pages."""

import datetime

from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from content.blocks import BodyBlock

from .base import BasePage


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey("content.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class ArticlePageAuthor(Orderable):
    page = ParentalKey("content.ArticlePage", on_delete=models.CASCADE, related_name="authors")
    person = models.ForeignKey("content.Person", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("person")]


class ArticlePageRelatedPage(Orderable):
    page = ParentalKey("content.ArticlePage", on_delete=models.CASCADE, related_name="related_pages")
    target = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("target")]


class ArticlePage(BasePage):
    summary = models.TextField(max_length=500, help_text="One or two sentences for listings.")
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    date = models.DateField("Article date", default=datetime.date.today)
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        MultiFieldPanel(
            [FieldPanel("date"), InlinePanel("authors", label="Author"), FieldPanel("tags")],
            heading="Byline",
        ),
        FieldPanel("body"),
        InlinePanel("related_pages", label="Related page"),
    ]

    search_fields = [
        *BasePage.search_fields,
        # Site search ranks title (boost 2, from Page) and summary above tags and
        # authors, and those above the body (docs/search.md).
        index.SearchField("summary", boost=1.5),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name", boost=1)]),
        index.RelatedFields("authors", [index.RelatedFields("person", [index.SearchField("name", boost=1)])]),
        index.FilterField("date"),
    ]

    parent_page_types = ["content.IndexPage", "home.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "article"
