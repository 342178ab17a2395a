"""Publish on publish: one export-and-publish task for a burst of page publishes.

Off unless PUBLISH_ON_PUBLISH is set. Each publish, unpublish, move or deletion
of a page asks for a run once its transaction commits; a flag in the cache lets
only the first request of a burst enqueue the task, and the task clears the flag
as it starts, so changes made while it runs queue exactly one more run.
Run the queue with a task backend that has workers (Django's default
ImmediateBackend would export inside the editor's request), and then a cache
shared by all processes (Redis): the flags live in the cache.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django_tasks import task
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from content.api.invalidation import WATCHED_MODELS
from content.task_bursts import enqueue_once, run_starts

from .export import export_site
from .progress import Progress
from .publish import publish_release

QUEUED_KEY = "publishing:export-queued"
QUEUED_TIMEOUT = 60 * 60  # a lost task must not block publishing for longer than this
# One export and publish at a time: two would share the staging folder and race in the bucket.
RUNNING_KEY = "publishing:export-running"
RERUN_KEY = "publishing:export-rerun"
RUNNING_TIMEOUT = 2 * 60 * 60


@task()
def export_and_publish() -> dict:
    """Export and publish; while another run holds the lock, ask it to go round once more instead."""
    run_starts(QUEUED_KEY)
    if not cache.add(RUNNING_KEY, True, timeout=RUNNING_TIMEOUT):
        cache.set(RERUN_KEY, True, timeout=RUNNING_TIMEOUT)
        return {"skipped": "another export is running; it will run again"}
    try:
        while True:
            cache.delete(RERUN_KEY)
            summary = _export_and_publish()
            if not cache.get(RERUN_KEY):
                return summary
    finally:
        cache.delete(RUNNING_KEY)


def _export_and_publish() -> dict:
    output = settings.EXPORT_OUTPUT_DIR
    export = export_site(output, progress=Progress(quiet=True))
    release = publish_release(output, progress=Progress(quiet=True))
    return {"export": export.as_dict(), "publish": release.as_dict()}


def queue_export() -> None:
    """Enqueue a run unless one is already waiting (content.task_bursts)."""
    enqueue_once(export_and_publish, QUEUED_KEY, QUEUED_TIMEOUT)


def page_changed(sender, **kwargs) -> None:
    if settings.PUBLISH_ON_PUBLISH:
        transaction.on_commit(queue_export)


def page_deleted(sender, instance, **kwargs) -> None:
    if instance.live:  # deleting a draft changes nothing public
        page_changed(sender)


def connect() -> None:
    page_published.connect(page_changed, dispatch_uid="publishing.published")
    page_unpublished.connect(page_changed, dispatch_uid="publishing.unpublished")
    post_page_move.connect(page_changed, dispatch_uid="publishing.moved")
    post_delete.connect(page_deleted, sender=Page, dispatch_uid="publishing.deleted")
    # What else changes public output (view restrictions, redirects, site settings...):
    # the same models whose changes clear the API cache.
    for model in WATCHED_MODELS:
        for signal in (post_save, post_delete):
            uid = f"publishing.{model.__name__}.{id(signal)}"
            signal.connect(page_changed, sender=model, dispatch_uid=uid)
