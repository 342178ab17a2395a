"""Fields and panels every page type shares, as an abstract model (no extra table)."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from content.pages.preview import ExpiringPreviewMixin

# Every page type's image fields start with these: its own social image comes first.
BASE_IMAGE_FIELDS = ("social_image",)


class BasePage(ExpiringPreviewMixin, Page):
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when the page is shared; the site's default image if empty.",
    )

    promote_panels = [*Page.promote_panels, FieldPanel("social_image")]

    class Meta:
        abstract = True
