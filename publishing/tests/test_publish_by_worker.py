"""Publish on publish with a real task worker: the editor's publish only queues, a db_worker process
exports and uploads, and the new page is in the bucket (moto over HTTP)."""

import json
import uuid

import boto3
import pytest

from site_config.testing.project import Project, project_database, wait_for

PUBLISH = """
from content.models import ArticlePage
from django_tasks_db.models import DBTaskResult
page = ArticlePage.objects.get(slug="autumn-release")
page.title = "{title}"
page.save_revision().publish()
exports = DBTaskResult.objects.filter(task_path="publishing.tasks.export_and_publish")
print(sorted(exports.values_list("status", flat=True)))
"""
RESULTS = """
import json
from django_tasks_db.models import DBTaskResult
rows = DBTaskResult.objects.values("task_path", "status", "worker_ids", "traceback")
print(json.dumps(list(rows)))
"""
PAGE_KEY = "news/autumn-release/index.html"


@pytest.fixture
def site_bucket(s3_credentials, moto_url) -> str:
    name = f"worker-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=moto_url).create_bucket(Bucket=name)
    return name


def page_in_bucket(client, bucket: str) -> str:
    try:
        return client.get_object(Bucket=bucket, Key=PAGE_KEY)["Body"].read().decode()
    except client.exceptions.NoSuchKey:
        return ""


@pytest.fixture
def database_url(tmp_path):
    with project_database(tmp_path) as url:
        yield url


def test_a_publish_is_exported_and_uploaded_by_a_db_worker_process(
    tmp_path, moto_url, site_bucket, database_url
):
    project = Project(
        tmp_path,
        database_url,
        PUBLISH_ON_PUBLISH="true",
        EXPORT_S3_BUCKET=site_bucket,
        AWS_S3_ENDPOINT_URL=moto_url,
        EXPORT_WORKERS="1",
        PUBLIC_BASE_URL="https://www.example.com",
    )
    project.manage("migrate", "--noinput")
    project.manage("seed_demo")
    client = boto3.client("s3", endpoint_url=moto_url)
    with project.worker():
        queued = project.python(PUBLISH.format(title="Exported by the worker"))
        # The editor's process only queued the export: it has not run (the worker takes it from here).
        assert queued.strip() in ("['READY']", "['RUNNING']")
        html = wait_for(
            lambda: "Exported by the worker" in page_in_bucket(client, site_bucket),
            seconds=150,
            what="the published page reaching the bucket",
            log=project.worker_log,
        )
        assert html
        # The worker cleared the queued flag in the cache both processes share: a later publish queues again.
        project.python(PUBLISH.format(title="Exported once more"))
        wait_for(
            lambda: "Exported once more" in page_in_bucket(client, site_bucket),
            seconds=150,
            what="the second publish reaching the bucket",
            log=project.worker_log,
        )
    results = json.loads(project.python(RESULTS))
    exports = [row for row in results if row["task_path"] == "publishing.tasks.export_and_publish"]
    assert [row["status"] for row in exports] == ["SUCCESSFUL", "SUCCESSFUL"], exports
    assert all(len(row["worker_ids"]) == 1 for row in exports)
    # The delivery store's background rebuild ran in the worker too.
    rebuild_path = "content.delivery.tasks.rebuild_stale_documents"
    rebuilds = [row for row in results if row["task_path"] == rebuild_path]
    assert rebuilds and {row["status"] for row in rebuilds} == {"SUCCESSFUL"}, rebuilds
