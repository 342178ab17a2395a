"""One queued run of a task for a burst of changes.

A flag in the cache lets only the first request of a burst enqueue the task; the
task clears the flag as it starts, so changes made while it runs queue exactly one
more run. With several processes the cache must be shared (Redis) for the flag to
collapse their requests too. Used by the delivery store's rebuild, publish on
publish and the webhooks' dispatch.
"""

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)


def enqueue_once(task, flag: str, timeout: int) -> None:
    """Enqueue task unless a run is already waiting; timeout: how long a lost run may hold the flag.

    A cache outage must not fail the change that asks: the task is queued without collapsing.
    """
    try:
        first = cache.add(flag, True, timeout=timeout)
    except Exception:  # noqa: BLE001
        logger.warning("the cache is unavailable; queueing %s without collapsing", task.name, exc_info=True)
        first = True
    if first:
        task.enqueue()


def run_starts(flag: str) -> None:
    """Called first by the task: a change from now on queues one more run."""
    cache.delete(flag)
