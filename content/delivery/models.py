"""Stored documents: derived data, rebuilt from the serializer whenever stale or missing.

Deleting every row loses nothing: a reader that finds no fresh document computes it.
"""

from django.db import models


class PageDocument(models.Model):
    """One page's JSON for one site, as the API serves it (origin-relative, see build.py)."""

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    body = models.BinaryField()
    content_hash = models.CharField(max_length=64)
    serializer_version = models.CharField(max_length=32)
    stale = models.BooleanField(default=False)
    built_at = models.DateTimeField(auto_now=True)
    # What the change feed reports when the document changes or goes (the body says it too).
    path = models.CharField(max_length=2048, default="")  # relative to the site's root: /news/a/
    page_type = models.CharField(max_length=128, default="")  # as the JSON's meta.type

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "page"], name="one_document_per_site_page")]
        indexes = [models.Index(fields=["stale"], name="page_document_stale")]

    def __str__(self) -> str:
        return f"document of page {self.page_id} on site {self.site_id}"


class SiteDocument(models.Model):
    """A site's JSON (settings, menu, footer) as /api/v2/site/ serves it."""

    site = models.OneToOneField("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    body = models.BinaryField()
    content_hash = models.CharField(max_length=64)
    serializer_version = models.CharField(max_length=32)
    stale = models.BooleanField(default=False)
    built_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"document of site {self.site_id}"


class DocumentDependency(models.Model):
    """Something a document was built from: a page, image, document, person or a site's settings.

    Exactly one of page_document and site_document is set.
    """

    page_document = models.ForeignKey(
        PageDocument, null=True, on_delete=models.CASCADE, related_name="dependencies"
    )
    site_document = models.ForeignKey(
        SiteDocument, null=True, on_delete=models.CASCADE, related_name="dependencies"
    )
    kind = models.CharField(max_length=16)  # page, image, document, person, settings
    object_id = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["kind", "object_id"], name="dependency_lookup")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"


class StoreEpoch(models.Model):
    """One row, bumped in the transaction of every change that invalidates documents.

    A reader stores what it built only if no change committed (or is committing)
    since it started: it reads the epoch first and compares it under a row lock.
    sites moves only when a Site is saved or deleted, or a site's root page moves:
    the API's per-host site cache (content.api.sites) is valid while it stands still.
    """

    value = models.BigIntegerField(default=0)
    sites = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"store epoch {self.value}"


class DocumentChange(models.Model):
    """One entry of the change feed: a stored document created, changed (a new hash) or removed.

    Appended in the transaction that stores or removes the document, with the store
    epoch's row locked, so sequence numbers are in commit order: a reader that has
    seen seq N will never later find an entry below N appear. Documents exist only
    for live, public pages, so an entry never names a page the public could not see;
    it holds ids, a type and paths, never content. site and page are plain ids: the
    history outlives the rows it describes.
    """

    CREATED = "created"
    UPDATED = "updated"
    DELETED = "deleted"
    KINDS = [(CREATED, "created"), (UPDATED, "updated"), (DELETED, "deleted")]
    SITE_TYPE = "site"  # the site document (settings, menu, footer): no page, no path

    seq = models.BigAutoField(primary_key=True)
    site_id = models.IntegerField()
    page_id = models.IntegerField(null=True)
    page_type = models.CharField(max_length=128)
    kind = models.CharField(max_length=8, choices=KINDS)
    old_path = models.CharField(max_length=2048, default="")  # "": none (created, or the site)
    new_path = models.CharField(max_length=2048, default="")  # "": none (deleted, or the site)
    content_hash = models.CharField(max_length=64, default="")  # the new document's; "" when deleted
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["site_id", "seq"], name="document_change_site_seq")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind} {self.page_type} {self.page_id} on site {self.site_id}"
