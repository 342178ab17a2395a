"""PUBLISH_ON_PUBLISH: page publishes queue one export-and-publish task per burst."""

import pytest
from django.core.cache import cache
from django_tasks import default_task_backend
from wagtail.models import Page, PageViewRestriction

from content.models import ArticlePage
from publishing.checks import publish_on_publish_cache, publish_on_publish_worker
from publishing.tasks import QUEUED_KEY, RERUN_KEY, RUNNING_KEY, export_and_publish

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def queue(settings):
    settings.TASKS = DUMMY
    settings.PUBLISH_ON_PUBLISH = True
    default_task_backend.clear()
    return default_task_backend


def publish(slug: str, title: str) -> None:
    page = ArticlePage.objects.get(slug=slug)
    page.title = title
    page.save_revision().publish()


def queued(queue) -> list[str]:
    """Our tasks among those queued (Wagtail queues its own search and reference index updates)."""
    return [result.task.name for result in queue.results if result.task.name == "export_and_publish"]


def test_a_burst_of_publishes_queues_one_run(queue, demo_site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        publish("autumn-release", "One")
        publish("community-meetup", "Two")
        Page.objects.get(slug="api-version-two").unpublish()
    assert queued(queue) == ["export_and_publish"]


def test_changes_while_a_run_goes_on_queue_exactly_one_more(
    queue, demo_site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish("autumn-release", "One")
    cache.delete(QUEUED_KEY)  # what the task does as it starts
    with django_capture_on_commit_callbacks(execute=True):
        publish("autumn-release", "Two")
        publish("autumn-release", "Three")
    assert queued(queue) == ["export_and_publish", "export_and_publish"]


def test_off_by_default(queue, settings, demo_site, django_capture_on_commit_callbacks):
    settings.PUBLISH_ON_PUBLISH = False
    with django_capture_on_commit_callbacks(execute=True):
        publish("autumn-release", "One")
    assert queued(queue) == []


def test_deleting_a_draft_queues_nothing_but_deleting_a_live_page_does(
    queue, demo_site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(slug="upcoming-announcement").delete()
    assert queued(queue) == []
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(slug="community-meetup").delete()
    assert queued(queue) == ["export_and_publish"]


def test_the_task_exports_and_publishes_the_change(
    settings, demo_site, bucket, tmp_path, django_capture_on_commit_callbacks
):
    """With the immediate backend, a publish runs the whole export and upload to the bucket."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PUBLISH_ON_PUBLISH = True
    settings.EXPORT_OUTPUT_DIR = tmp_path / "build"
    settings.EXPORT_WORKERS = 1
    with django_capture_on_commit_callbacks(execute=True):
        publish("autumn-release", "Published by the task")
    html = bucket.body("www/news/autumn-release/index.html").decode()
    assert "Published by the task" in html


def test_a_new_view_restriction_queues_a_run(queue, demo_site, django_capture_on_commit_callbacks):
    """A page made private must leave the bucket too, though nothing was published."""
    page = Page.objects.get(slug="autumn-release")
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert queued(queue) == ["export_and_publish"]


def test_a_run_that_finds_another_running_asks_it_to_go_round_again(settings, demo_site):
    cache.add(RUNNING_KEY, True)
    try:
        assert export_and_publish.call() == {"skipped": "another export is running; it will run again"}
        assert cache.get(RERUN_KEY)
    finally:
        cache.delete_many([RUNNING_KEY, RERUN_KEY])


def test_task_workers_without_a_shared_cache_are_warned_about(settings):
    settings.PUBLISH_ON_PUBLISH = True
    settings.TASKS = DUMMY
    assert [warning.id for warning in publish_on_publish_cache(None)] == ["publishing.W001"]
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x"}
    }
    assert publish_on_publish_cache(None) == []


def test_the_immediate_backend_is_warned_about(settings):
    settings.PUBLISH_ON_PUBLISH = True
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert [warning.id for warning in publish_on_publish_worker(None)] == ["publishing.W002"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    assert publish_on_publish_worker(None) == []
    settings.PUBLISH_ON_PUBLISH = False
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert publish_on_publish_worker(None) == []
