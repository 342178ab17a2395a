"""What the public may see: live pages without view restrictions, files outside private collections.

Every reader (API, export, search) filters through these. They never depend on
the request, so no cookie, session or Authorization header can widen them.
"""

from django.db.models import Q, QuerySet
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction, Page, Site


def public_pages(site: Site | None) -> QuerySet[Page]:
    pages = Page.objects.live().public()
    if site is None:
        return pages.none()
    return pages.descendant_of(site.root_page, inclusive=True)


def public_collection_ids() -> list[int]:
    """Collections without a view restriction on themselves or an ancestor."""
    private = Q()
    for path in CollectionViewRestriction.objects.values_list("collection__path", flat=True):
        private |= Q(path__startswith=path)
    collections = Collection.objects.exclude(private) if private else Collection.objects.all()
    return list(collections.values_list("pk", flat=True))


# Filtering on "collection" (a search FilterField) keeps ?search= working on these.
def public_images(collection_ids: list[int] | None = None) -> QuerySet[Image]:
    ids = public_collection_ids() if collection_ids is None else collection_ids
    return Image.objects.filter(collection__in=ids)


def public_documents(collection_ids: list[int] | None = None) -> QuerySet[Document]:
    ids = public_collection_ids() if collection_ids is None else collection_ids
    return Document.objects.filter(collection__in=ids)


def site_path(page: Page, site: Site) -> str:
    """The page's path relative to its site's root, e.g. /news/autumn-release/."""
    return path_below(page.url_path, site.root_page.url_path)


def path_below(url_path: str, root_url_path: str) -> str:
    """A Wagtail url_path relative to a site root's url_path."""
    return "/" + url_path[len(root_url_path) :] if url_path.startswith(root_url_path) else url_path


def public_redirects(site: Site) -> QuerySet[Redirect]:
    """The site's redirects (and all-site ones), except those to pages the public may not see."""
    hidden_pages = Page.objects.exclude(pk__in=public_pages(site).values("pk"))
    return (
        Redirect.objects.filter(Q(site__isnull=True) | Q(site=site))
        .exclude(redirect_page__in=hidden_pages)
        .select_related("redirect_page")
        .order_by("id")
    )
