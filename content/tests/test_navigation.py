"""The main menu and the site settings every page's chrome needs."""

from wagtail.models import PageViewRestriction

from content.factories import IndexPageFactory
from content.models import SiteSettings
from content.serialization.navigation import main_menu_pages


def test_the_menu_is_the_live_public_in_menu_children_of_home(demo_site, home_page):
    hidden = IndexPageFactory(parent=home_page, title="Hidden", show_in_menus=False)
    draft = IndexPageFactory(parent=home_page, title="Draft", show_in_menus=True, live=False)
    menu = [page.title for page in main_menu_pages(demo_site)]
    assert menu[:3] == ["News", "Guides", "Stories"]
    assert "Members" not in menu  # in the menu, but login-restricted
    assert hidden.title not in menu and draft.title not in menu

    restricted = IndexPageFactory(parent=home_page, title="Staff", show_in_menus=True)
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    assert "Staff" not in [page.title for page in main_menu_pages(demo_site)]


def test_the_demo_site_has_settings_with_footer_links(demo_site):
    settings = SiteSettings.for_site(demo_site)
    assert settings.site_name == "The Northwind Journal"
    labels = [link.value["label"] for link in settings.footer_links]
    assert labels == ["About", "Source code"]
    assert settings.footer_links[0].value["page"].slug == "about"
