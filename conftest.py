"""Fixtures shared by every app's tests."""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.http import QueryDict
from django.test import Client
from wagtail.images.models import Image
from wagtail.models import Site

from content.api.renditions import SPECS, ensure_renditions
from content.contract.validation import check_response


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


class ContractClient(Client):
    """A test client that checks every API response it receives against frontend-contract/."""

    def request(self, **request):
        response = super().request(**request)
        if request["REQUEST_METHOD"] == "GET":
            query = dict(QueryDict(request.get("QUERY_STRING", "")).items())
            check_response(request["PATH_INFO"], query, response.status_code, response.content)
        return response


@pytest.fixture
def client() -> Client:
    return ContractClient()


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
