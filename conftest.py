"""Fixtures shared by every app's tests."""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.test import Client
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Page, Site

from content.api.sites import forget_sites
from content.contract.validation import check_response
from content.delivery.held import forget_held
from content.delivery.served import forget_totals
from content.demo import blocks, markers
from content.models import ArticlePage, ArticlePageRelatedPage
from content.serialization.renditions import SPECS, ensure_renditions
from search.served import forget_several_sites

pytest_plugins = ["site_config.testing.browser", "site_config.testing.s3"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Seed the demo site once per test run; each test's changes are rolled back.

    The seeded database then becomes what serialized_rollback restores. Django took its
    copy right after the migrations, so a transactional test would otherwise load that
    older state over the demo (a root collection and page tree that no longer count
    their children) and a reseed would collide with what is there.
    """
    with django_db_blocker.unblock():
        call_command("seed_demo", verbosity=0, stdout=io.StringIO())
        # Renditions made inside a test are rolled back with it: make them once here.
        ensure_renditions(list(Image.objects.prefetch_renditions(*SPECS)))
        connection._test_serialized_contents = connection.creation.serialize_db_to_string()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with empty caches: rolled-back data must not linger in them.

    The API's per-host sites and listing totals are dropped too, and the epoch at which
    search last saw several sites: a rolled-back epoch can return to a value an
    earlier test's were remembered with. So are the document
    bytes held in memory, which are never wrong but would let one test's reads decide
    whether another's statement sends a body.
    """
    cache.clear()
    forget_sites()
    forget_totals()
    forget_held()
    forget_several_sites()
    yield
    cache.clear()
    forget_sites()
    forget_totals()
    forget_held()
    forget_several_sites()


class ContractClient(Client):
    """A test client that checks every API response it receives against frontend-contract/."""

    def request(self, **request):
        response = super().request(**request)
        if request["REQUEST_METHOD"] == "GET" and request["PATH_INFO"].startswith("/api/"):
            query = dict(QueryDict(request.get("QUERY_STRING", "")).items())
            check_response(request["PATH_INFO"], query, response.status_code, response.content)
        return response


@pytest.fixture
def client() -> Client:
    return ContractClient()


@pytest.fixture
def demo_site(db) -> Site:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or not site.root_page.get_children().exists():
        # A transactional test emptied the database (its flush takes the Site too): seed it again.
        call_command("seed_demo", verbosity=0)
        site = Site.objects.get(is_default_site=True)
    return site


@pytest.fixture
def home_page(demo_site):
    return demo_site.root_page.specific


# Restricted demo content, and a public page that links to all of it (privacy tests of every reader).
RESTRICTED_SLUGS = [
    "upcoming-announcement",  # draft only
    "embargoed-results",  # password
    "members",  # login-restricted section
    "member-newsletter",  # its child
    "moderators-handbook",  # group-restricted
]


@pytest.fixture
def restricted(demo_site) -> dict[str, Page]:
    return {slug: Page.objects.get(slug=slug) for slug in RESTRICTED_SLUGS}


@pytest.fixture
def private_files(demo_site):
    return {
        "image": Image.objects.get(title__contains=markers.PRIVATE_COLLECTION),
        "document": Document.objects.get(title__contains=markers.PRIVATE_COLLECTION),
    }


@pytest.fixture
def public_page_pointing_at_private_things(restricted, private_files):
    """A live article whose body, related pages and links all point at private content."""
    page = ArticlePage.objects.get(slug="autumn-release")
    draft = restricted["upcoming-announcement"]
    page.body = [
        blocks.paragraph(
            f"<p>See {blocks.page_link(draft, 'the draft')}, "
            f"{blocks.page_link(restricted['member-newsletter'], 'the newsletter')} and "
            f"{blocks.document_link(private_files['document'], 'the memo')}.</p>"
        ),
        blocks.call_to_action("Go", "", "Go", page=restricted["moderators-handbook"]),
        blocks.image(private_files["image"], caption="private"),
        blocks.document(private_files["document"]),
    ]
    page.related_pages = [
        ArticlePageRelatedPage(target=restricted["member-newsletter"], sort_order=0),
        ArticlePageRelatedPage(target=restricted["embargoed-results"], sort_order=1),
    ]
    page.save_revision().publish()
    return ArticlePage.objects.get(pk=page.pk)
