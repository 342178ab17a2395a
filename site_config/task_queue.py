"""The task queue as /readyz and `manage.py check --database default` see it.

Tasks wait in the database until a `db_worker` process takes them. When tasks are
ready to run and none has been taken for TASKS_STALLED_AFTER seconds, no worker
is running (or every worker is stuck): publish on publish, the delivery store's
background rebuild and everything else queued silently stops happening.
"""

from dataclasses import asdict, dataclass
from datetime import datetime

from django.conf import settings
from django.core.checks import Warning, register
from django.db import DatabaseError
from django.db.models import Max
from django.utils import timezone
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max


@dataclass
class QueueState:
    backend: str
    queued: int = 0  # ready to run now (deferred tasks not yet due are left out)
    # The rest only while tasks are queued, so that an idle probe costs one indexed count.
    running: int | None = None
    oldest_queued_seconds: int | None = None
    last_started: str | None = None  # when a worker last took a task, ISO 8601
    stalled: str | None = None  # a sentence, when tasks wait and no worker takes them

    def as_dict(self) -> dict:
        return {name: value for name, value in asdict(self).items() if value is not None}


def _waiting_since(enqueued_at: datetime, run_after: datetime) -> datetime:
    return enqueued_at if run_after == get_date_max() else max(enqueued_at, run_after)


def queue_state(now: datetime | None = None) -> QueueState:
    backend = task_backends["default"]
    if not isinstance(backend, DatabaseBackend):
        # The immediate backend runs a task inside the code that enqueues it: nothing waits.
        return QueueState(backend=type(backend).__name__)
    now = now or timezone.now()
    results = DBTaskResult.objects.filter(backend_name=backend.alias)
    ready = results.ready()
    state = QueueState(type(backend).__name__, queued=ready.count())
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", "run_after").first()
    if oldest is None:
        return state
    state.running = results.running().count()
    last_started = results.aggregate(last=Max("started_at"))["last"]
    state.last_started = last_started.isoformat() if last_started else None
    waited = int((now - _waiting_since(*oldest)).total_seconds())
    state.oldest_queued_seconds = max(0, waited)
    limit = settings.TASKS_STALLED_AFTER
    if waited >= limit and (last_started is None or (now - last_started).total_seconds() >= limit):
        since = f"since {state.last_started}" if last_started else "yet"
        running = f" ({state.running} still marked running: a long task, or a worker that died)"
        state.stalled = (
            f"{state.queued} tasks are queued, the oldest for {waited} s, and no worker has taken one "
            f"{since}{running if state.running else ''}: is `manage.py db_worker` running?"
        )
    return state


@register("database")
def task_worker_running(app_configs, **kwargs) -> list[Warning]:
    """Runs with `manage.py check --database default` (Django runs database checks only when asked)."""
    try:
        stalled = queue_state().stalled
    except DatabaseError:  # before migrate has made the queue's table (migrate runs this check too)
        return []
    if stalled is None:
        return []
    hint = "Start `python manage.py db_worker` (docs/operations.md)."
    return [Warning(stalled, hint=hint, id="site_config.W001")]
