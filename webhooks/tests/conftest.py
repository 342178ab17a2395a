"""Fixtures of the webhook tests: a real receiver, the database task queue run in the test, endpoints."""

import pytest
from wagtail.models import Site

from webhooks.models import CHANGE_EVENTS, WebhookEndpoint

from .receiver import Receiver
from .worker import DATABASE_QUEUE, TaskRunner

SECRET = "a-test-secret-of-some-length"


@pytest.fixture
def receiver():
    with Receiver() as running:
        yield running


@pytest.fixture
def webhook_settings(settings):
    """The receiver is on 127.0.0.1, so private networks are allowed here; short timeouts and backoff."""
    settings.WEBHOOKS_ALLOW_PRIVATE_NETWORKS = True
    settings.WEBHOOKS_CONNECT_TIMEOUT = 1
    settings.WEBHOOKS_READ_TIMEOUT = 0.5
    settings.WEBHOOKS_RETRY_DELAY = 0.05
    settings.WEBHOOKS_MAX_ATTEMPTS = 4
    settings.TASKS = DATABASE_QUEUE
    return settings


@pytest.fixture
def tasks(webhook_settings, demo_site) -> TaskRunner:
    return TaskRunner()


@pytest.fixture
def make_endpoint(receiver, webhook_settings, demo_site):
    def make(events=CHANGE_EVENTS, sites: list[Site] = (), url: str | None = None, **fields):
        endpoint = WebhookEndpoint.objects.create(
            name="frontend", url=url or receiver.url, secret=SECRET, events=list(events), **fields
        )
        endpoint.sites.set(sites)
        return endpoint

    return make
