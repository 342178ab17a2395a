"""Bumps the API's cache generation whenever public content may have changed."""

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

from .http_cache import bump_generation

# Models whose saving or deletion can change a public response (menus and
# breadcrumbs come from pages, chrome from SiteSettings, media from collections).
WATCHED_MODELS = (
    SiteSettings,
    Person,
    Image,
    Document,
    Collection,
    CollectionViewRestriction,
    PageViewRestriction,
    Redirect,
    Site,
)


def _bump_now_and_on_commit() -> None:
    # Now, for changes outside a transaction; again on commit, so that a response
    # cached between the change and its commit (still showing the old state)
    # is left behind under an older generation.
    bump_generation()
    transaction.on_commit(bump_generation)


def _content_changed(sender=None, **kwargs) -> None:
    _bump_now_and_on_commit()


def _page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        _bump_now_and_on_commit()


def connect() -> None:
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_content_changed, dispatch_uid=f"api-cache-{id(signal)}")
    post_delete.connect(_page_deleted, dispatch_uid="api-cache-page-deleted")
    for model in WATCHED_MODELS:
        post_save.connect(_content_changed, sender=model, dispatch_uid=f"api-cache-save-{model.__name__}")
        post_delete.connect(_content_changed, sender=model, dispatch_uid=f"api-cache-del-{model.__name__}")
