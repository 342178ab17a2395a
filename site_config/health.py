"""Liveness and readiness for load balancers and orchestrators; JSON, never cached.

/healthz: the process answers (touches nothing else).
/readyz: the database and the cache answer and every migration is applied;
otherwise 503, naming each failing component. It also reports how many stored
documents are stale (read-through serves them correctly meanwhile, so it stays ready)
and the task queue: tasks waiting, and a sentence when no worker has taken one for
TASKS_STALLED_AFTER seconds. A stalled queue does not make this instance unready:
the worker is a separate process that every app server shares, so taking them all
out of the load balancer would turn a background delay into an outage; the page
still says so, for monitoring to alert on, and a warning is logged.
"""

import logging

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse

from content.delivery.rebuild import stale_count

from .task_queue import queue_state

READINESS_KEY = "readyz:probe"
logger = logging.getLogger(__name__)


def _no_store(payload: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(payload, status=status)
    response["Cache-Control"] = "no-store"
    return response


def healthz(request):
    return _no_store({"status": "ok"})


def _database() -> str | None:
    connection = connections[DEFAULT_DB_ALIAS]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return f"{len(plan)} migrations not applied" if plan else None


def _cache() -> str | None:
    cache.set(READINESS_KEY, "ok", timeout=10)
    return None if cache.get(READINESS_KEY) == "ok" else "cache did not return what was stored"


CHECKS = {"database": _database, "cache": _cache}


def readyz(request):
    components, failing = {}, []
    for name, check in CHECKS.items():
        try:
            problem = check()
        except Exception as error:  # noqa: BLE001 (any failure means not ready)
            problem = f"{type(error).__name__}: {error}".strip()
        components[name] = "ok" if problem is None else problem
        if problem is not None:
            failing.append(name)
    if failing:
        return _no_store({"status": "unavailable", "failing": failing, "components": components}, 503)
    payload = {"status": "ok", "components": components, "stale_documents": stale_count()}
    return _no_store({**payload, "tasks": _tasks()})


def _tasks() -> dict:
    """The task queue's state; informative only, so a failure to read it is reported, not raised."""
    try:
        state = queue_state()
    except Exception as error:  # noqa: BLE001
        return {"error": f"{type(error).__name__}: {error}".strip()}
    if state.stalled:
        logger.warning("the task queue is stalled: %s", state.stalled)
    return state.as_dict()
