"""The background rebuild: after a change commits, a task worker rebuilds the documents it made stale.

Readers never wait for it (read-through builds what they meet), it only keeps the
next reader from paying for the build. Queued only where a task backend with
workers is configured: Django's default ImmediateBackend would run it inside the
editor's request, so there the store relies on read-through alone.
"""

from django_tasks import task, task_backends
from django_tasks.backends.immediate import ImmediateBackend

from content.task_bursts import enqueue_once, run_starts

from .rebuild import rebuild_documents

QUEUED_KEY = "delivery:rebuild-queued"
QUEUED_TIMEOUT = 10 * 60


@task()
def rebuild_stale_documents() -> dict:
    run_starts(QUEUED_KEY)
    summary = rebuild_documents()
    return {"pages": summary.pages, "kept": summary.kept, "dropped": summary.dropped}


def queue_rebuild() -> None:
    """One queued run for a burst of changes (content.task_bursts)."""
    if isinstance(task_backends["default"], ImmediateBackend):
        return
    enqueue_once(rebuild_stale_documents, QUEUED_KEY, QUEUED_TIMEOUT)
