"""The task queue driven inside the test: django-tasks' database backend, run by db_worker's own Worker.

A test's database lives in its transaction, so changes never commit and
on_commit callbacks (the rebuild, feed_appended) would never run: settle()
runs them as a commit would, runs every ready task with the Worker class that
`manage.py db_worker` uses, waits for deferred retries, and goes round until
nothing is left.
"""

import time

from django.db import connection
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

QUEUES = ["default", "webhooks"]
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": QUEUES}}


class TaskRunner:
    def __init__(self):
        self.worker = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        )
        self.committed = len(connection.run_on_commit)

    def commit(self) -> int:
        """Run the on_commit callbacks registered since the last call, as a real commit would."""
        ran = 0
        while len(connection.run_on_commit) > self.committed:
            _savepoints, callback, _robust = connection.run_on_commit.pop(self.committed)
            callback()
            ran += 1
        return ran

    def run_one(self) -> bool:
        result = DBTaskResult.objects.ready().first()
        if result is None:
            return False
        result.claim(self.worker.worker_id)
        self.worker.run_task(result)
        return True

    def settle(self, seconds: float = 20, deferred: bool = True) -> None:
        """Commit and run tasks until nothing is left to do (deferred=False: nothing is ready now)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.commit() or self.run_one():
                continue
            if not deferred or not DBTaskResult.objects.filter(status="READY").exists():
                return
            time.sleep(0.02)  # a retry waits for its run_after
        raise AssertionError(f"tasks still queued after {seconds} s")

    def results(self, task_name: str) -> list[DBTaskResult]:
        return [r for r in DBTaskResult.objects.order_by("enqueued_at") if r.task_path.endswith(task_name)]
