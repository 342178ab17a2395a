"""The background rebuild: after a change commits, a task worker rebuilds the documents it made stale.

Readers never wait for it (read-through builds what they meet), it only keeps the
next reader from paying for the build. Queued only where a task backend with
workers is configured: Django's default ImmediateBackend would run it inside the
editor's request, so there the store relies on read-through alone.
"""

import logging

from django.core.cache import cache
from django_tasks import task, task_backends
from django_tasks.backends.immediate import ImmediateBackend

from .rebuild import rebuild_documents

QUEUED_KEY = "delivery:rebuild-queued"
QUEUED_TIMEOUT = 10 * 60
logger = logging.getLogger(__name__)


@task()
def rebuild_stale_documents() -> dict:
    cache.delete(QUEUED_KEY)  # a change from now on queues one more run
    summary = rebuild_documents()
    return {"pages": summary.pages, "kept": summary.kept, "dropped": summary.dropped}


def queue_rebuild() -> None:
    """One queued run for a burst of changes (a flag in the cache collapses them)."""
    if isinstance(task_backends["default"], ImmediateBackend):
        return
    try:
        first = cache.add(QUEUED_KEY, True, timeout=QUEUED_TIMEOUT)
    except Exception:  # noqa: BLE001 (a cache outage must not fail a publish)
        logger.warning("the cache is unavailable; queueing a rebuild without collapsing", exc_info=True)
        first = True
    if first:
        rebuild_stale_documents.enqueue()
