"""Fixtures shared by every app's tests."""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from wagtail.images.models import Image
from wagtail.models import Site

from content.api.renditions import SPECS, ensure_renditions


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Seed the demo site once per test run; each test's changes are rolled back."""
    with django_db_blocker.unblock():
        call_command("seed_demo", verbosity=0, stdout=io.StringIO())
        # Renditions made inside a test are rolled back with it: make them once here.
        ensure_renditions(list(Image.objects.prefetch_renditions(*SPECS)))


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: rolled-back data must not linger in it."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo_site(db) -> Site:
    site = Site.objects.get(is_default_site=True)
    if not site.root_page.get_children().exists():
        # A transactional test emptied the database: seed it again.
        call_command("seed_demo", verbosity=0)
        site = Site.objects.get(is_default_site=True)
    return site


@pytest.fixture
def home_page(demo_site):
    return demo_site.root_page.specific
