"""Bumps the API's cache generations, of the response families a change can alter."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    Site,
)
from wagtail.signals import page_published, page_unpublished, post_page_move

from content.models import Person, SiteSettings

from .http_cache import FAMILIES, bump_generation

# The response families (http_cache.FAMILIES) each change can alter. Pages: menus and
# breadcrumbs come from pages, chrome from SiteSettings, media from collections; redirects
# to pages the public may not see are hidden; search results show all of it.
PAGE_CHANGE = ("pages", "redirects", "search")
MEDIA_CHANGE = ("pages", "media", "search")
FAMILIES_OF_MODEL = {
    SiteSettings: ("pages", "search"),
    Person: ("pages", "search"),
    Image: MEDIA_CHANGE,
    Document: MEDIA_CHANGE,
    Collection: MEDIA_CHANGE,
    CollectionViewRestriction: MEDIA_CHANGE,
    PageViewRestriction: PAGE_CHANGE,
    Redirect: ("pages", "redirects"),  # pages/find/ answers redirects too
    Site: FAMILIES,
}
# Every model whose saving or deletion can change public output (the export watches them too).
WATCHED_MODELS = tuple(FAMILIES_OF_MODEL)


def _bump_now_and_on_commit(families) -> None:
    # Now, for changes outside a transaction; again on commit, so that a response
    # cached between the change and its commit (still showing the old state)
    # is left behind under an older generation.
    bump_generation(families)
    transaction.on_commit(lambda: bump_generation(families))


def _page_changed(sender=None, **kwargs) -> None:
    _bump_now_and_on_commit(PAGE_CHANGE)


def _model_changed(sender, **kwargs) -> None:
    _bump_now_and_on_commit(FAMILIES_OF_MODEL[sender])


def _page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        _bump_now_and_on_commit(PAGE_CHANGE)


def connect() -> None:
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_page_changed, dispatch_uid=f"api-cache-{id(signal)}")
    post_delete.connect(_page_deleted, dispatch_uid="api-cache-page-deleted")
    for model in FAMILIES_OF_MODEL:
        post_save.connect(_model_changed, sender=model, dispatch_uid=f"api-cache-save-{model.__name__}")
        post_delete.connect(_model_changed, sender=model, dispatch_uid=f"api-cache-del-{model.__name__}")
