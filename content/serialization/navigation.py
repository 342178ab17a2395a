"""The main menu: the live, public children of a site's home page marked show_in_menus."""

from django.db.models import QuerySet
from wagtail.models import Page, Site


def main_menu_pages(site: Site) -> QuerySet[Page]:
    return site.root_page.get_children().live().public().in_menu().order_by("path")
