"""SSRF: only public addresses, checked when saved and again, on the resolved address, when sent."""

import json

import pytest
from django.core.exceptions import ValidationError

from webhooks.destinations import DestinationError, check_url, refusal, resolve
from webhooks.models import WebhookDelivery, WebhookEndpoint

from .changes import baseline, publish_title

REFUSED = {
    "127.0.0.1": "loopback",
    "::1": "loopback",
    "::ffff:127.0.0.1": "loopback",
    "10.1.2.3": "private",
    "192.168.0.10": "private",
    "172.16.5.4": "private",
    "fd00::1": "private",
    "100.64.0.1": "reserved",  # carrier-grade NAT
    "240.0.0.1": "private",  # reserved for future use; Python counts it among the private ranges
    "169.254.169.254": "link-local",  # cloud metadata
    "fe80::1": "link-local",
    "224.0.0.1": "multicast",
    "0.0.0.0": "unspecified",  # noqa: S104
    "::": "unspecified",
}


@pytest.mark.parametrize(("address", "kind"), REFUSED.items())
def test_non_public_addresses_are_refused(settings, address, kind):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = False
    assert kind in refusal(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c", "1.1.1.1"])
def test_public_addresses_are_allowed(settings, address):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = False
    assert refusal(address) is None


def test_the_setting_allows_loopback_and_private_networks_but_never_metadata_or_multicast(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True
    assert refusal("127.0.0.1") is None and refusal("10.0.0.1") is None
    assert "link-local" in refusal("169.254.169.254") and "multicast" in refusal("239.1.1.1")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://hooks.example.com/", "must start with https:// or http://"),
        ("hooks.example.com/cms", "must start with https:// or http://"),
        ("https:///cms", "no host name"),
        ("https://user:pw@hooks.example.com/", "no user name or password"),
        ("https://hooks.example.com:99999/", "port"),
        ("https://hooks.example.com/a path", "without spaces"),
        ("http://localhost:8000/", "resolves to 127.0.0.1, a loopback address"),
        ("http://10.0.0.8/hook", "10.0.0.8 is a private network address"),
        ("http://[::1]/hook", "::1 is a loopback address"),
        ("https://no-such-host.invalid/", "could not be found"),
        ("http://[::1/hook", "cannot be read"),
        ("https://" + "a" * 300 + ".example.com/", "could not be found"),
        ("https://a..b/", "could not be found"),
    ],
)
def test_an_editor_is_told_what_is_wrong_with_a_url(settings, url, message):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = False
    with pytest.raises(DestinationError, match=message.replace("?", r"\?")):
        check_url(url)


def test_the_model_refuses_a_private_destination_with_the_reason(settings, db):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = False
    endpoint = WebhookEndpoint(name="x", url="http://127.0.0.1:9/", events=["updated"])
    with pytest.raises(ValidationError) as error:
        endpoint.full_clean()
    assert "a loopback address" in error.value.message_dict["url"][0]


def test_a_host_name_is_sent_as_host_while_the_checked_address_is_dialled(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True
    destination = resolve("http://localhost:8123/hooks?x=1")
    assert destination.address in ("127.0.0.1", "::1")
    assert (destination.host_header, destination.target) == ("localhost:8123", "/hooks?x=1")


@pytest.mark.django_db
def test_a_destination_refused_at_delivery_time_is_failed_without_a_request(
    tasks, make_endpoint, receiver, webhook_settings
):
    """Saved while allowed, refused when sent (as when DNS starts answering a private address)."""
    baseline()
    make_endpoint(url=receiver.url.replace("127.0.0.1", "localhost"))
    webhook_settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = False
    publish_title("autumn-release", "Refused")
    tasks.settle()
    assert receiver.requests == []
    (delivery,) = WebhookDelivery.objects.all()
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert "resolves to" in delivery.error and "loopback" in delivery.error


@pytest.mark.django_db
def test_delivery_by_host_name_reaches_the_receiver_with_that_host(tasks, make_endpoint, receiver):
    baseline()
    url = receiver.url.replace("127.0.0.1", "localhost")
    make_endpoint(url=url)
    publish_title("autumn-release", "By name")
    tasks.settle()
    (request,) = receiver.requests
    assert request.headers["Host"] == url.split("/")[2]
    assert json.loads(request.body)["event"] == "changes"
