"""What the public may see: live pages without view restrictions, files outside private collections.

Every reader (API, export, search) filters through these. They never depend on
the request, so no cookie, session or Authorization header can widen them.
"""

from django.db.models import Q, QuerySet
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import CollectionViewRestriction, Page, Site


def public_pages(site: Site | None) -> QuerySet[Page]:
    pages = Page.objects.live().public()
    if site is None:
        return pages.none()
    return pages.descendant_of(site.root_page, inclusive=True)


def _private_collections_q(prefix: str = "collection__") -> Q:
    query = Q()
    for path in CollectionViewRestriction.objects.values_list("collection__path", flat=True):
        query |= Q(**{f"{prefix}path__startswith": path})
    return query


def public_images() -> QuerySet[Image]:
    private = _private_collections_q()
    return Image.objects.exclude(private) if private else Image.objects.all()


def public_documents() -> QuerySet[Document]:
    private = _private_collections_q()
    return Document.objects.exclude(private) if private else Document.objects.all()


def site_path(page: Page, site: Site) -> str:
    """The page's path relative to its site's root, e.g. /news/autumn-release/."""
    root = site.root_page.url_path
    return "/" + page.url_path[len(root) :] if page.url_path.startswith(root) else page.url_path
