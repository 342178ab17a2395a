"""End to end with a real task worker: an editor's publish only queues; a db_worker process rebuilds the
documents, dispatches, and POSTs the signed delivery to a receiver started by the test. Then an
editor unpublishes the page through Wagtail's admin view, and the receiver is told it is gone."""

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
UNPUBLISH_IN_ADMIN = """
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
editor = get_user_model().objects.create_superuser("editor", "", "pw")
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(editor)
response = client.post(reverse("wagtailadmin_pages:unpublish", args=({page_id},)))
print(response.status_code)
"""
LOG = """
import json
from webhooks.models import WebhookDelivery
fields = ("status", "attempts", "response_code", "seq_from", "seq_to")
print(json.dumps(list(WebhookDelivery.objects.order_by("created_at").values(*fields))))
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
        # An editor unpublishes the page in Wagtail's admin (its unpublish view, a real request).
        assert project.python(UNPUBLISH_IN_ADMIN.format(page_id=page_id)).splitlines()[-1] == "302"
        unpublished = wait_for(
            lambda: [r for r in receiver.requests if b'"kind":"deleted"' in r.body],
            seconds=60,
            what="the unpublish reaching the receiver",
            log=project.worker_log,
        )[0]
    request = receiver.requests[0]
    assert verify(request, SECRET) and verify(unpublished, SECRET)
    gone = [e for e in json.loads(unpublished.body)["entries"] if e["id"] == page_id]
    assert [(e["kind"], e["old_path"], e["new_path"]) for e in gone] == [
        ("deleted", "/news/autumn-release/", None)
    ]
    body = json.loads(request.body)
    mine = [entry for entry in body["entries"] if entry["id"] == page_id]
    assert [(e["kind"], e["new_path"]) for e in mine] == [("updated", "/news/autumn-release/")]
    assert b"Delivered by the worker" not in request.body
    logged, *later = json.loads(project.python(LOG))
    assert {row["status"] for row in later} == {"delivered"} and later[0]["seq_from"] == body["to"] + 1
    assert logged == {
        "status": "delivered",
        "attempts": 1,
        "response_code": 204,
        "seq_from": body["from"],
        "seq_to": body["to"],
    }
