"""Per-site settings that every page's chrome needs: name, tagline, footer links."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from content.blocks.links import FooterLinkBlock
from content.serialization.registry import register_site_settings


@register_site_settings
@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    site_name = models.CharField(max_length=120, default="Headless CMS")
    tagline = models.CharField(max_length=200, blank=True)
    default_social_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    footer_links = StreamField([("link", FooterLinkBlock())], blank=True)

    panels = [
        FieldPanel("site_name"),
        FieldPanel("tagline"),
        FieldPanel("default_social_image"),
        FieldPanel("footer_links"),
    ]

    class Meta:
        verbose_name = "site settings"
