"""Webhooks hang off the change feed (content) and the end of a static publish (publishing)."""

from django.conf import settings

from content.delivery.changes import feed_appended
from publishing.signals import release_published

from .dispatch import dispatch_purge
from .tasks import queue_dispatch, queue_sends


def feed_moved(sender, **kwargs) -> None:
    queue_dispatch()


def release_done(sender, paths: list[str], **kwargs) -> None:
    if paths:
        queue_sends(dispatch_purge(paths, settings.PUBLIC_BASE_URL))


def register_signal_handlers() -> None:
    feed_appended.connect(feed_moved, dispatch_uid="webhooks.feed_moved")
    release_published.connect(release_done, dispatch_uid="webhooks.release_done")
