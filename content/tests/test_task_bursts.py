"""One queued run of a task for a burst of changes, and a cache outage that never fails a change."""

from django.core.cache import cache

from content.task_bursts import enqueue_once, run_starts

FLAG = "tests:burst-queued"


class RecordedTask:
    name = "recorded"

    def __init__(self):
        self.enqueued = 0

    def enqueue(self):
        self.enqueued += 1


def test_a_burst_queues_one_run_and_a_change_during_the_run_one_more():
    cache.delete(FLAG)
    task = RecordedTask()
    for _ in range(5):
        enqueue_once(task, FLAG, timeout=60)
    assert task.enqueued == 1
    run_starts(FLAG)
    enqueue_once(task, FLAG, timeout=60)
    enqueue_once(task, FLAG, timeout=60)
    assert task.enqueued == 2


def test_without_a_cache_every_change_queues_a_run(monkeypatch, caplog):
    def unavailable(*args, **kwargs):
        raise ConnectionError("the cache is down")

    monkeypatch.setattr(cache, "add", unavailable)
    task = RecordedTask()
    enqueue_once(task, FLAG, timeout=60)
    enqueue_once(task, FLAG, timeout=60)
    assert task.enqueued == 2
    assert "queueing recorded without collapsing" in caplog.text
