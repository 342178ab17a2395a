"""End to end with a real task worker: an editor's publish only queues; a db_worker process rebuilds the
documents, dispatches, and POSTs the signed delivery to a receiver started by the test."""

import json

import pytest

from site_config.testing.project import Project, project_database, wait_for

from .receiver import Receiver
from .signature import verify

SECRET = "end-to-end-secret-0123456789"
ENDPOINT = """
from webhooks.models import WebhookEndpoint
WebhookEndpoint.objects.create(name="frontend", url="{url}", secret="{secret}", events=["updated", "deleted"])
"""
PUBLISH = """
from content.models import ArticlePage
from django_tasks_db.models import DBTaskResult
page = ArticlePage.objects.get(slug="autumn-release")
page.title = "{title}"
page.save_revision().publish()
print(page.pk, DBTaskResult.objects.filter(task_path__startswith="webhooks.").count())
"""
LOG = """
import json
from webhooks.models import WebhookDelivery
fields = ("status", "attempts", "response_code", "seq_from", "seq_to")
print(json.dumps(list(WebhookDelivery.objects.values(*fields))))
"""


@pytest.fixture
def database_url(tmp_path):
    with project_database(tmp_path) as url:
        yield url


def test_a_publish_reaches_the_receiver_through_a_db_worker_process(tmp_path, database_url):
    project = Project(tmp_path, database_url, WEBHOOKS_ALLOW_PRIVATE_NETWORKS="true")
    project.manage("migrate", "--noinput")
    project.manage("seed_demo")
    project.manage("rebuild_documents")  # the store as it would be on a running site
    with Receiver() as receiver, project.worker(queues="default,webhooks"):
        project.python(ENDPOINT.format(url=receiver.url, secret=SECRET))
        page_id, queued = map(int, project.python(PUBLISH.format(title="Delivered by the worker")).split())
        # The editor's process made no delivery and queued none: the worker does it all.
        assert queued == 0
        wait_for(
            lambda: receiver.requests,
            seconds=60,
            what="the delivery reaching the receiver",
            log=project.worker_log,
        )
        (request,) = receiver.requests
    assert verify(request, SECRET)
    body = json.loads(request.body)
    mine = [entry for entry in body["entries"] if entry["id"] == page_id]
    assert [(e["kind"], e["new_path"]) for e in mine] == [("updated", "/news/autumn-release/")]
    assert b"Delivered by the worker" not in request.body
    (logged,) = json.loads(project.python(LOG))
    assert logged == {
        "status": "delivered",
        "attempts": 1,
        "response_code": 204,
        "seq_from": body["from"],
        "seq_to": body["to"],
    }
