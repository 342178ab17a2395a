"""Admin hooks of the webhooks app: the Webhooks menu (endpoints and the delivery log)."""

from wagtail import hooks

from .admin_views import WebhooksGroup


@hooks.register("register_admin_viewset")
def register_webhooks_viewsets():
    return WebhooksGroup()
