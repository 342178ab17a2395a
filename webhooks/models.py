"""Webhook endpoints that editors configure, and the log of every delivery made to them."""

import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import models

from content.delivery.changes import latest_seq

from .destinations import DestinationError, check_url

# Events of the change feed (one per kind of entry) and the purge after a static publish.
CREATED, UPDATED, DELETED, SITE, PURGE = "created", "updated", "deleted", "site", "purge"
EVENTS = [
    (CREATED, "A page is published (created)"),
    (UPDATED, "A published page changes or moves (updated)"),
    (DELETED, "A page leaves the public site: unpublished, made private or deleted (deleted)"),
    (SITE, "The site's settings, menu or footer change"),
    (PURGE, "A static publish changed files: the URLs to purge from a CDN"),
]
CHANGE_EVENTS = (CREATED, UPDATED, DELETED, SITE)


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class WebhookEndpoint(models.Model):
    """A receiver: where deliveries go, how they are signed, and which of them it wants.

    cursor is the last sequence number of the change feed this endpoint has been
    given (or skipped, for entries it does not want); the next delivery starts after it.
    """

    name = models.CharField(max_length=100, help_text="For editors: what receives these deliveries.")
    # Checked by destinations.check_url, whose messages say what is wrong (URLValidator's do not).
    url = models.CharField(
        "URL",
        max_length=2000,
        help_text="An http or https address on the public internet; redirects are not followed.",
    )
    secret = models.CharField(
        max_length=200,
        default=new_secret,
        help_text=(
            "Configure the receiver with this value: it checks the X-CMS-Signature header with it. "
            "Change it to revoke the old one (at least 16 characters)."
        ),
    )
    events = models.JSONField(default=list, help_text="The deliveries this endpoint receives.")
    sites = models.ManyToManyField(
        "wagtailcore.Site",
        blank=True,
        related_name="+",
        help_text="Only changes on these sites; none selected: every site.",
    )
    active = models.BooleanField(default=True, help_text="Inactive endpoints receive nothing.")
    cursor = models.BigIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "webhook endpoint"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # A new or re-activated endpoint starts from now: the feed's history is
        # for GET /api/v2/changes/, not for a burst of deliveries.
        if self.pk is None or not type(self).objects.filter(pk=self.pk, active=True).exists():
            self.cursor = latest_seq()
        elif "update_fields" not in kwargs:
            # An editor's save must not write back the cursor it loaded: the worker moves it meanwhile.
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields if f.name not in ("id", "cursor", "created_at")
            ]
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors = {}
        try:
            check_url(self.url)
        except DestinationError as exc:
            errors["url"] = str(exc)
        if len(self.secret or "") < 16:
            errors["secret"] = "The secret must be at least 16 characters long."  # noqa: S105 (a message)
        unknown = set(self.events or []) - {value for value, _label in EVENTS}
        if not self.events or unknown:
            errors["events"] = "Choose at least one event."
        if errors:
            raise ValidationError(errors)

    def wants(self, event: str) -> bool:
        return event in (self.events or [])

    def event_list(self) -> str:
        return ", ".join(event for event, _label in EVENTS if self.wants(event))


class WebhookDelivery(models.Model):
    """One payload for one endpoint, with every attempt's outcome (the admin's delivery log)."""

    PENDING, DELIVERED, FAILED = "pending", "delivered", "failed"
    STATUSES = [(PENDING, "pending"), (DELIVERED, "delivered"), (FAILED, "failed")]
    CHANGES = "changes"
    KINDS = [(CHANGES, "changes"), (PURGE, "purge")]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=16, choices=KINDS)
    body = models.TextField()  # the exact JSON sent, signed anew at each attempt
    seq_from = models.BigIntegerField(null=True, blank=True)
    seq_to = models.BigIntegerField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=STATUSES, default=PENDING)
    attempts = models.PositiveIntegerField(default=0)
    response_code = models.PositiveIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    response_excerpt = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    redelivery_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = "webhook delivery"
        verbose_name_plural = "webhook deliveries"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["endpoint", "status"], name="webhook_delivery_status")]

    def __str__(self) -> str:
        return f"{self.event} delivery {self.pk} to {self.endpoint_id}"

    @property
    def seq_range(self) -> str:
        return f"{self.seq_from}–{self.seq_to}" if self.seq_from is not None else ""
