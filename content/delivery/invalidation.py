"""What a change makes stale: exactly the documents built from what changed, marked in its transaction.

Each function bumps the store epoch first (so a reader building at the same time
does not keep what it built), then marks the documents. A page's document depends
on the page, its ancestors (breadcrumbs, path), its children when it lists them,
and the rows its build noted (DocumentDependency); a site's on its settings, its
menu (the home page's children), and the pages and image its settings point at.
"""

import orjson
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F, Q
from wagtail.models import Page

from content.serialization.registry import page_types

from .models import DocumentDependency, PageDocument, SiteDocument, StoreEpoch
from .tasks import queue_rebuild


def listers() -> list[int]:
    """Content types of the page types whose JSON lists their children (an index's listing)."""
    models = [declared.model for declared in page_types() if declared.lists_children]
    return [content_type.pk for content_type in ContentType.objects.get_for_models(*models).values()]


def bump_epoch() -> None:
    if not StoreEpoch.objects.filter(pk=1).update(value=F("value") + 1):
        StoreEpoch.objects.get_or_create(pk=1, defaults={"value": 1})
    transaction.on_commit(queue_rebuild)


def _depending_on(kind: str, object_ids) -> dict:
    """Filters for the page and site documents whose builds read these rows."""
    dependencies = DocumentDependency.objects.filter(kind=kind, object_id__in=object_ids)
    return {
        "pages": Q(pk__in=dependencies.exclude(page_document=None).values("page_document_id")),
        "sites": Q(pk__in=dependencies.exclude(site_document=None).values("site_document_id")),
    }


def _mark(pages: Q | None = None, sites: Q | None = None) -> None:
    if pages is not None:
        PageDocument.objects.filter(pages, stale=False).update(stale=True)
    if sites is not None:
        SiteDocument.objects.filter(sites, stale=False).update(stale=True)


def pages_changed(paths: list[str], page_ids=(), parent_paths=(), subtrees: bool = True) -> None:
    """Pages (with their subtrees) published, unpublished, moved, renamed, restricted or deleted.

    paths: each changed page's tree path (before and after a move); page_ids: the pages
    themselves, needed when they are already deleted; parent_paths: parents they left
    (a move's old parent); subtrees=False when the descendants cannot have changed
    (see page_republished). Marks their own and their
    descendants' documents (breadcrumbs, paths, visibility), their parents' (listing),
    those that link to any of them, and the site documents whose menu they are in.
    """
    bump_epoch()
    subtree = Q(pk__in=[])
    for path in paths:
        subtree |= Q(path__startswith=path) if subtrees else Q(path=path)
    changed = {*page_ids, *Page.objects.filter(subtree).values_list("pk", flat=True)}
    parents = {path[: -Page.steplen] for path in paths if len(path) > Page.steplen} | set(parent_paths)
    linked = _depending_on("page", changed)
    _mark(
        pages=Q(page_id__in=changed)
        | Q(page__path__in=parents, page__content_type__in=listers())
        | linked["pages"],
        sites=linked["sites"] | Q(site__root_page__path__in=parents),
    )


def objects_changed(kind: str, object_ids: list[int]) -> None:
    """Images, documents or people edited, deleted or moved to another collection."""
    bump_epoch()
    depending = _depending_on(kind, object_ids)
    _mark(pages=depending["pages"], sites=depending["sites"])


def site_settings_changed(site_id: int) -> None:
    """Only the pages whose social image is the site's default, and the site's own document."""
    bump_epoch()
    depending = _depending_on("settings", [site_id])
    _mark(pages=depending["pages"], sites=depending["sites"] | Q(site_id=site_id))


def everything_changed() -> None:
    """A bulk change no signal describes."""
    bump_epoch()
    _mark(pages=Q(), sites=Q())


def sites_changed() -> None:
    """A Site edited (addresses, root, default) or deleted, or a site's root page moved.

    Which site a host means may have changed: every document, and every process's
    cache of hosts (it compares the sites epoch on each read).
    """
    bump_sites_epoch()
    everything_changed()


def bump_sites_epoch() -> None:
    if not StoreEpoch.objects.filter(pk=1).update(sites=F("sites") + 1):
        StoreEpoch.objects.get_or_create(pk=1, defaults={"sites": 1})


def page_republished(page: Page) -> None:
    """A publish of a page: its descendants change only when its title or slug did (breadcrumbs, paths).

    What the page looked like is read from its own stored document; without one, or
    with one already stale, the subtree is marked to be safe.
    """
    stored = PageDocument.objects.filter(page=page, stale=False).values_list("body", flat=True).first()
    same = False
    if stored is not None:
        before = orjson.loads(bytes(stored))
        same = before.get("title") == page.title and before.get("meta", {}).get("slug") == page.slug
    pages_changed([page.path], [page.pk], subtrees=not same)
