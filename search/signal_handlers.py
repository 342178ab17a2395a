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


def restriction_changed(sender, instance, **kwargs) -> None:
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
