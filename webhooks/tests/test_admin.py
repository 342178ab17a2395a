"""The Webhooks menu: endpoints for editors with the permission; a read-only delivery log with Redeliver."""

import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from webhooks.models import WebhookDelivery, WebhookEndpoint

from .changes import baseline, publish_title

pytestmark = pytest.mark.django_db
ADD = reverse("webhook_endpoints:add")
LOG = reverse("webhook_deliveries:index")


@pytest.fixture
def admin(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("boss", "", "pw"))
    return client


def form(**fields) -> dict:
    return {
        "name": "Next.js",
        "url": "https://hooks.example.com/cms",
        "secret": "s" * 32,
        "events": ["updated"],
    } | fields


def errors_of(response) -> str:
    assert response.status_code == 200
    return " ".join(str(e) for errors in response.context["form"].errors.values() for e in errors)


def test_the_add_form_offers_a_generated_secret(admin):
    response = admin.get(ADD)
    secret = response.context["form"].initial.get("secret") or response.context["form"]["secret"].value()
    assert len(secret) >= 40 and secret in response.content.decode()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"url": "ftp://hooks.example.com/"}, "must start with https:// or http://"),
        ({"url": "https://hooks example.com/"}, "without spaces"),
        ({"url": "http://127.0.0.1:9000/"}, "127.0.0.1 is a loopback address"),
        ({"url": "http://192.168.1.20/"}, "a private network address"),
        ({"url": "http://169.254.169.254/latest/"}, "a link-local address"),
        ({"secret": "short"}, "at least 16 characters"),
        ({"events": []}, "This field is required"),
        ({"events": ["everything"]}, "Select a valid choice"),
    ],
)
def test_bad_input_gets_a_message_an_editor_understands(admin, settings, fields, message):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = False
    assert message in errors_of(admin.post(ADD, form(**fields)))
    assert not WebhookEndpoint.objects.exists()


def test_an_editor_adds_an_endpoint(admin, settings, demo_site):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True
    response = admin.post(
        ADD, form(url="http://127.0.0.1:9000/", events=["updated", "purge"], sites=[demo_site.pk])
    )
    assert response.status_code == 302
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["updated", "purge"] and list(endpoint.sites.all()) == [demo_site]
    listing = admin.get(reverse("webhook_endpoints:index")).content.decode()
    assert "Next.js" in listing and "updated, purge" in listing


def test_without_the_permission_an_editor_cannot_reach_webhooks(client, django_user_model):
    editor = django_user_model.objects.create_user("ed", "", "pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get(ADD).status_code in (302, 403)
    assert client.get(LOG).status_code in (302, 403)


def test_a_group_given_the_permissions_manages_endpoints_and_reads_the_log(client, django_user_model):
    group = Group.objects.create(name="Integrators")
    codenames = ["add_webhookendpoint", "change_webhookendpoint", "view_webhookdelivery"]
    group.permissions.set(Permission.objects.filter(codename__in=codenames))
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user = django_user_model.objects.create_user("integrator", "", "pw")
    user.groups.add(group)
    client.force_login(user)
    assert client.get(ADD).status_code == 200
    assert client.get(LOG).status_code == 200


def test_the_log_lists_deliveries_and_redeliver_sends_the_payload_again(
    admin, tasks, make_endpoint, receiver
):
    baseline()
    make_endpoint()
    receiver.answer(404)
    publish_title("autumn-release", "Logged")
    tasks.settle()
    delivery = WebhookDelivery.objects.get()
    listing = admin.get(LOG).content.decode()
    assert "failed" in listing and "404" in listing and delivery.seq_range in listing
    assert admin.get(reverse("webhook_deliveries:inspect", args=(delivery.pk,))).status_code == 200
    redeliver = reverse("webhook_deliveries:redeliver", args=(delivery.pk,))
    assert redeliver in listing
    assert "Yes, redeliver" in admin.get(redeliver).content.decode()
    assert admin.post(redeliver).status_code == 302
    tasks.settle()
    again = WebhookDelivery.objects.get(redelivery_of=delivery)
    assert (again.status, again.seq_from, again.seq_to) == ("delivered", delivery.seq_from, delivery.seq_to)
    first, second = receiver.requests
    assert first.body == second.body and json.loads(second.body)["event"] == "changes"
    assert second.headers["X-CMS-Delivery"] == str(again.pk) != first.headers["X-CMS-Delivery"]
    # The log offers no way to add, edit or delete a delivery.
    assert reverse("webhook_deliveries:index") + "new/" not in listing
