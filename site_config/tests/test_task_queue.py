"""/readyz and `check --database` on the task queue: what waits, and a sentence when no worker takes it."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from site_config.task_queue import queue_state

DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@task()
def noop() -> None:
    """A task for the queue to hold (no worker runs in these tests)."""


@pytest.fixture
def database_queue(settings, db):
    settings.TASKS = DATABASE
    settings.TASKS_STALLED_AFTER = 300


def age(minutes: float) -> None:
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=minutes))


def test_readyz_reports_an_empty_queue(client, database_queue):
    tasks = client.get("/readyz").json()["tasks"]
    assert tasks == {"backend": "DatabaseBackend", "queued": 0}


def test_a_task_waiting_briefly_is_reported_but_not_stalled(client, database_queue):
    noop.enqueue()
    age(minutes=1)
    response = client.get("/readyz")
    assert response.status_code == 200
    tasks = response.json()["tasks"]
    assert tasks["queued"] == 1 and 55 <= tasks["oldest_queued_seconds"] <= 65
    assert "stalled" not in tasks


def test_tasks_nobody_takes_make_the_queue_stalled_yet_the_instance_ready(client, database_queue):
    noop.enqueue()
    noop.enqueue()
    age(minutes=10)
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json()["status"] == "ok"
    stalled = response.json()["tasks"]["stalled"]
    assert stalled.startswith("2 tasks are queued, the oldest for 6")
    assert "no worker has taken one yet" in stalled and "db_worker" in stalled


def test_a_worker_that_took_a_task_recently_is_not_stalled(database_queue):
    noop.enqueue()
    noop.enqueue()
    age(minutes=10)
    DBTaskResult.objects.filter(pk=DBTaskResult.objects.first().pk).update(
        status="RUNNING", started_at=timezone.now() - timedelta(seconds=30)
    )
    state = queue_state()
    assert state.queued == 1 and state.running == 1 and state.stalled is None


def test_a_worker_gone_for_long_is_named_with_when_it_last_took_a_task(database_queue):
    noop.enqueue()
    noop.enqueue()
    age(minutes=20)
    started = timezone.now() - timedelta(minutes=15)
    first = DBTaskResult.objects.filter(pk=DBTaskResult.objects.first().pk)
    first.update(status="RUNNING", started_at=started)
    stalled = queue_state().stalled
    assert f"since {started.isoformat()}" in stalled and "1 still marked running" in stalled


def test_the_immediate_backend_has_no_queue(client, db):
    assert client.get("/readyz").json()["tasks"] == {"backend": "ImmediateBackend", "queued": 0}


def test_check_database_warns_about_a_stalled_queue(database_queue, capsys):
    noop.enqueue()
    age(minutes=10)
    call_command("check", "--database", "default")
    assert "site_config.W001" in capsys.readouterr().err


def test_a_queue_that_cannot_be_read_is_reported_and_the_instance_stays_ready(
    client, database_queue, monkeypatch
):
    def unreadable():
        raise RuntimeError("the queue table is locked")

    monkeypatch.setattr("site_config.health.queue_state", unreadable)
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["tasks"] == {"error": "RuntimeError: the queue table is locked"}
