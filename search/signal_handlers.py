"""Keeps the search index in step with the publish path, inside each change's transaction."""

from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from content.signals import bulk_published

from . import index


def published(sender, instance, **kwargs) -> None:
    index.page_changed(instance)


def unpublished(sender, instance, **kwargs) -> None:
    index.remove_pages([instance.pk])


def moved(sender, instance, **kwargs) -> None:
    index.subtree_changed(instance.path)


def deleting(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        index.remove_pages([instance.pk])


def deleted_with_its_page(origin) -> bool:
    """A restriction deleted because its page is (the cascade of a page's deletion)."""
    model = getattr(origin, "model", type(origin))  # a queryset's model, or an instance's class
    return isinstance(model, type) and issubclass(model, Page)


def restriction_changed(sender, instance, origin=None, **kwargs) -> None:
    if deleted_with_its_page(origin):
        # The page still exists while its restriction goes: indexing its subtree now would
        # add rows that the deletion, which collected its rows already, leaves behind.
        return
    path = Page.objects.filter(pk=instance.page_id).values_list("path", flat=True).first()
    if path is not None:  # else the page itself is being deleted
        index.subtree_changed(path)


def added_in_bulk(sender, pages, **kwargs) -> None:
    index.index_pages(pages)


def register_signal_handlers() -> None:
    page_published.connect(published, dispatch_uid="search-published")
    page_unpublished.connect(unpublished, dispatch_uid="search-unpublished")
    post_page_move.connect(moved, dispatch_uid="search-moved")
    pre_delete.connect(deleting, dispatch_uid="search-page-deleted")
    bulk_published.connect(added_in_bulk, dispatch_uid="search-bulk-published")
    for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(restriction_changed, sender=PageViewRestriction, dispatch_uid=f"search-pvr-{name}")
