"""IndexPage: a section whose live, public children are listed newest first."""

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.db.models.functions import Coalesce, TruncDate
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from .base import BasePage

INTRO_FEATURES = ["bold", "italic", "link"]


class IndexPage(BasePage):
    intro = RichTextField(features=INTRO_FEATURES, blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    search_fields = [*BasePage.search_fields, index.SearchField("intro", boost=1.5)]

    parent_page_types = ["home.HomePage", "content.IndexPage"]
    subpage_types = ["content.ArticlePage", "content.IndexPage"]

    class Meta:
        verbose_name = "section index"

    def listed_children(self) -> QuerySet[Page]:
        """Live, public children, newest first: an article by its date, others by publication."""
        return (
            self.get_children()
            .live()
            .public()
            .annotate(listing_date=Coalesce("articlepage__date", TruncDate("first_published_at")))
            .order_by("-listing_date", "-pk")
        )

    def listing_page(self, number: int | str | None = 1) -> PaginatorPage:
        """One page of the listing; an out-of-range or malformed number gives the nearest page."""
        paginator = Paginator(self.listed_children(), settings.INDEX_PAGE_SIZE)
        return paginator.get_page(number)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["listing"] = self.listing_page(request.GET.get("page"))
        return context
