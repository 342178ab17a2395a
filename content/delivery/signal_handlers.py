"""Every change that can alter a stored document marks it stale, inside the change's transaction."""

from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from content.site_settings import SiteSettings
from content.snippets import Person

from . import changes, invalidation
from .models import PageDocument

OBJECT_KINDS = {Image: "image", Document: "document", Person: "person"}


def republished(sender, instance, **kwargs) -> None:
    invalidation.page_republished(instance)


def unpublished(sender, instance, **kwargs) -> None:
    invalidation.pages_changed([instance.path], [instance.pk])


def page_moved(sender, instance, parent_page_before, **kwargs) -> None:
    if Site.objects.filter(root_page__path__startswith=instance.path).exists():
        invalidation.sites_changed()  # a site's root moved: its root path changed
    invalidation.pages_changed([instance.path], [instance.pk], parent_paths=[parent_page_before.path])


def slug_changed(sender, instance, **kwargs) -> None:
    if Site.objects.filter(root_page__path__startswith=instance.path).exists():
        invalidation.sites_changed()  # a site's root, or a page above it: the root's url_path changed


def page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page) and instance.live:
        invalidation.pages_changed([instance.path], [instance.pk])


def documents_of_deleted_page(sender, instance, **kwargs) -> None:
    """Before a page's row goes (its documents with it), the feed says they are gone."""
    if isinstance(instance, Page):
        with changes.feed_transaction():
            changes.remove_page_documents(PageDocument.objects.filter(page_id=instance.pk))


def documents_of_deleted_site(sender, instance, **kwargs) -> None:
    with changes.feed_transaction():
        changes.remove_page_documents(PageDocument.objects.filter(site_id=instance.pk))
        changes.remove_site_documents(instance.pk)


def view_restriction_changed(sender, instance, **kwargs) -> None:
    page = Page.objects.filter(pk=instance.page_id).values("pk", "path").first()
    if page is not None:  # else the page itself is being deleted
        invalidation.pages_changed([page["path"]], [page["pk"]])


def object_changed(sender, instance, **kwargs) -> None:
    invalidation.objects_changed(OBJECT_KINDS[sender], [instance.pk])


def collection_privacy_changed(sender, instance, **kwargs) -> None:
    """A collection restricted, unrestricted or moved: the images and documents inside it."""
    collection = Collection.objects.filter(pk=getattr(instance, "collection_id", instance.pk)).first()
    if collection is None:
        return
    inside = Collection.objects.filter(path__startswith=collection.path)
    invalidation.objects_changed(
        "image", list(Image.objects.filter(collection__in=inside).values_list("pk", flat=True))
    )
    invalidation.objects_changed(
        "document", list(Document.objects.filter(collection__in=inside).values_list("pk", flat=True))
    )


def site_settings_saved(sender, instance, **kwargs) -> None:
    invalidation.site_settings_changed(instance.site_id)


def site_changed(sender, **kwargs) -> None:
    invalidation.sites_changed()


def register_signal_handlers() -> None:
    page_published.connect(republished, dispatch_uid="delivery-published")
    page_unpublished.connect(unpublished, dispatch_uid="delivery-unpublished")
    post_page_move.connect(page_moved, dispatch_uid="delivery-moved")
    page_slug_changed.connect(slug_changed, dispatch_uid="delivery-slug-changed")
    post_delete.connect(page_deleted, dispatch_uid="delivery-page-deleted")
    pre_delete.connect(documents_of_deleted_page, dispatch_uid="delivery-page-documents-deleted")
    pre_delete.connect(documents_of_deleted_site, sender=Site, dispatch_uid="delivery-site-documents-deleted")
    for signal in (post_save, post_delete):
        name = "saved" if signal is post_save else "deleted"
        signal.connect(
            view_restriction_changed, sender=PageViewRestriction, dispatch_uid=f"delivery-pvr-{name}"
        )
        signal.connect(
            collection_privacy_changed, sender=CollectionViewRestriction, dispatch_uid=f"delivery-cvr-{name}"
        )
        signal.connect(site_changed, sender=Site, dispatch_uid=f"delivery-site-{name}")
        for model in OBJECT_KINDS:
            signal.connect(object_changed, sender=model, dispatch_uid=f"delivery-{model.__name__}-{name}")
    post_save.connect(collection_privacy_changed, sender=Collection, dispatch_uid="delivery-collection-saved")
    post_save.connect(site_settings_saved, sender=SiteSettings, dispatch_uid="delivery-settings-saved")
