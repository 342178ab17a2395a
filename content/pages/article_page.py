"""ArticlePage: the site's main content type, with authors, tags and related pages."""

import datetime

from django.db import models
from django.db.models import Prefetch
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from content.blocks import BodyBlock
from content.serialization.batch import PageBatch
from content.serialization.fields import (
    date_field,
    image_by_id,
    image_field,
    linked_pages_field,
    stream_field,
    text_field,
)
from content.serialization.references import References
from content.serialization.registry import ListingCard, PageField, register_page_type
from content.serialization.schema import STRING, array, ref

from .base import BASE_IMAGE_FIELDS, BasePage


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


def authors_json(page: ArticlePage, batch: PageBatch) -> list[dict]:
    return [
        {
            "id": author.person.pk,
            "name": author.person.name,
            "role": author.person.role,
            "photo": image_by_id(author.person.photo_id, batch),
        }
        for author in page.authors.all()
    ]


def tags_json(page: ArticlePage, batch: PageBatch) -> list[str]:
    return sorted(item.tag.name for item in page.tagged_items.all())


def author_references(page: ArticlePage, refs: References) -> None:
    # Only when the authors were loaded, i.e. asked for.
    authors = page.__dict__.get("_prefetched_objects_cache", {}).get("authors", [])
    refs.images |= {author.person.photo_id for author in authors if author.person.photo_id}
    refs.others |= {("person", author.person_id) for author in authors}


# Each Prefetch names its queryset: without one, modelcluster's managers build a
# filtered queryset per page while distributing the results (a third of the cost).
register_page_type(
    ArticlePage,
    fields={
        "summary": text_field("summary"),
        "date": date_field("date"),
        "hero_image": image_field("hero_image"),
        "authors": PageField(authors_json, array(ref("author"))),
        "tags": PageField(tags_json, array(STRING)),
        "body": stream_field("body"),
        "related_pages": linked_pages_field("related_pages"),
    },
    template="content/pages/article_page.html",
    prefetches={
        "authors": lambda: Prefetch(
            "authors", queryset=ArticlePageAuthor.objects.select_related("person").order_by("sort_order")
        ),
        "tags": lambda: Prefetch("tagged_items", queryset=ArticlePageTag.objects.select_related("tag")),
        "related_pages": lambda: Prefetch("related_pages", queryset=ArticlePageRelatedPage.objects.all()),
    },
    image_fields=(*BASE_IMAGE_FIELDS, "hero_image"),
    linked_pages=("related_pages",),
    card=ListingCard(summary="summary", date="date", image="hero_image"),
    search_text_fields=("summary",),
    references=author_references,
)
