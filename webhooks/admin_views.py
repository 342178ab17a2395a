"""The Webhooks menu of the admin: endpoints (add, edit, delete) and the read-only delivery log.

Endpoints are a ModelViewSet rather than a snippet or a settings model: there
are several per installation (a settings model is one per site), and they are
configuration, not content (a snippet would show up in choosers and the
reference index beside Person). The viewset still gives them what snippets
have: add/change/delete permissions that an administrator grants to a group,
and a history of who changed what.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.views.generic import TemplateView
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, StatusTagColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton

from .models import EVENTS, WebhookDelivery, WebhookEndpoint
from .redelivery import redeliver

REDELIVER_PERMISSION = "webhooks.change_webhookendpoint"


class EndpointForm(WagtailAdminModelForm):
    events = forms.MultipleChoiceField(
        choices=EVENTS,
        widget=forms.CheckboxSelectMultiple,
        help_text="What this endpoint receives. Deliveries never carry page content or titles.",
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "secret", "events", "sites", "active"]
        widgets = {"url": forms.URLInput, "sites": forms.CheckboxSelectMultiple}


class EndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    name = "webhook_endpoints"
    url_prefix = "webhooks/endpoints"
    icon = "link-external"
    menu_label = "Endpoints"
    copy_view_enabled = False  # a copy would share the secret
    add_to_reference_index = False  # nothing links to an endpoint
    list_display = [
        "name",
        "url",
        BooleanColumn("active", label="Active"),
        Column("events", label="Events", accessor="event_list"),
    ]
    list_filter = ["active"]
    search_fields = ["name", "url"]

    def get_form_class(self, for_update=False):
        return EndpointForm


class DeliveryIndexView(IndexView):
    """The delivery log: read only, newest first, with a Redeliver button per row."""

    def get_add_url(self):
        return None

    def get_edit_url(self, instance):
        return None

    def get_delete_url(self, instance):
        return None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.request.user.has_perm(REDELIVER_PERMISSION):
            url = reverse("webhook_deliveries:redeliver", args=(instance.pk,))
            buttons.append(ListingButton("Redeliver", url=url, icon_name="resubmit", priority=30))
        return buttons


class DeliveryInspectView(InspectView):
    def get_edit_url(self):
        return None

    def get_delete_url(self):
        return None


class RedeliverView(WagtailAdminTemplateMixin, TemplateView):
    """Confirm, then queue a new delivery with the same payload (a new delivery id, signed anew)."""

    template_name = "webhooks/redeliver.html"
    page_title = "Redeliver"
    header_icon = "resubmit"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(REDELIVER_PERMISSION):
            raise PermissionDenied
        self.delivery = get_object_or_404(WebhookDelivery.objects.select_related("endpoint"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.delivery.endpoint)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("webhook_deliveries:index"), "label": "Webhook deliveries"},
            {"url": "", "label": "Redeliver", "sublabel": str(self.delivery.endpoint)},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(delivery=self.delivery, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.delivery.endpoint.active:
            messages.error(request, f"{self.delivery.endpoint} is inactive: activate it to redeliver.")
            return redirect("webhook_deliveries:index")
        redeliver(self.delivery)
        messages.success(request, f"A new delivery to {self.delivery.endpoint} is queued.")
        return redirect("webhook_deliveries:index")


class DeliveryViewSet(ModelViewSet):
    model = WebhookDelivery
    name = "webhook_deliveries"
    url_prefix = "webhooks/deliveries"
    icon = "history"
    menu_label = "Delivery log"
    index_view_class = DeliveryIndexView
    inspect_view_class = DeliveryInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False  # a log row per delivery: no reference index task per save
    form_fields = []  # no add or edit view: the worker writes this log
    list_display = [
        "endpoint",  # the title column: links to the details, carries the Redeliver button
        Column("event", label="Event"),
        StatusTagColumn("status", label="Status", primary=lambda d: d.status == WebhookDelivery.DELIVERED),
        Column("seq_range", label="Changes"),
        Column("attempts", label="Attempts"),
        Column("response_code", label="Response"),
        Column("duration_ms", label="ms"),
        Column("error", label="Error"),
        DateColumn("created_at", label="Created"),
    ]
    list_filter = ["status", "event", "endpoint"]
    inspect_view_fields = [
        "endpoint", "event", "status", "seq_from", "seq_to", "attempts", "response_code", "duration_ms",
        "error", "response_excerpt", "created_at", "last_attempt_at", "next_attempt_at", "redelivery_of",
        "body",
    ]  # fmt: skip

    def get_permissions_to_register(self):
        # Deliveries are made by the worker: a group may only be allowed to see them.
        return super().get_permissions_to_register().filter(codename="view_webhookdelivery")

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<uuid:pk>/", self.inspect_view, name="inspect"),
            path("redeliver/<uuid:pk>/", RedeliverView.as_view(), name="redeliver"),
        ]


class WebhooksGroup(ViewSetGroup):
    menu_label = "Webhooks"
    menu_icon = "link-external"
    menu_order = 800
    items = (EndpointViewSet, DeliveryViewSet)
