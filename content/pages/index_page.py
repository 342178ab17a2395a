"""IndexPage: a section whose live, public children are listed newest first."""

from django.core.paginator import Page as PaginatorPage
from django.http import Http404
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index
from wagtail.url_routing import RouteResult

from content.serialization.fields import CHILDREN_FIELD, rich_text_field
from content.serialization.listing import listing_page, listing_page_number
from content.serialization.registry import register_page_type

from .base import BASE_IMAGE_FIELDS, BasePage

INTRO_FEATURES = ["bold", "italic", "link"]


class IndexPage(BasePage):
    intro = RichTextField(features=INTRO_FEATURES, blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    search_fields = [*BasePage.search_fields, index.SearchField("intro", boost=1.5)]

    parent_page_types = ["home.HomePage", "content.IndexPage"]
    subpage_types = ["content.ArticlePage", "content.IndexPage"]

    class Meta:
        verbose_name = "section index"

    def listing_page(self, number: int | str | None = 1) -> PaginatorPage:
        """One page of the listing of live, public children, newest first (by their card's date)."""
        return listing_page(self, number)

    def route(self, request, path_components):
        """A child by its slug first; else page/N/, a later page of the listing, as the export writes it."""
        try:
            return super().route(request, path_components)
        except Http404:
            number = listing_page_number(path_components)
            if number is None or not self.live:
                raise
            return RouteResult(self, kwargs={"listing_page": number})


register_page_type(
    IndexPage,
    fields={"intro": rich_text_field("intro"), "children": CHILDREN_FIELD},
    template="content/pages/index_page.html",
    image_fields=BASE_IMAGE_FIELDS,
    search_text_fields=("intro",),
    lists_children=True,
)
