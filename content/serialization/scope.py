"""What one serialization may see: objects loaded in bulk beforehand, and the media base URL.

A response (or an export) first loads every image, document and linked page its
pages refer to, in a few queries, and opens a scope with them. Chooser blocks and
rich text then look objects up here instead of querying one by one, and anything
not in the scope, such as a draft or restricted page, is treated as absent.
"""

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Model
from django.utils.encoding import filepath_to_uri

_active: ContextVar["SerializationScope | None"] = ContextVar("serialization_scope", default=None)


@dataclass
class SerializationScope:
    images: dict[int, Model] = field(default_factory=dict)
    documents: dict[int, Model] = field(default_factory=dict)
    pages: dict[int, Model] = field(default_factory=dict)
    # Prefix for media and document URLs that are relative ("" keeps them relative).
    media_base: str = ""
    # The renditions part of each image's JSON, worked out once per image.
    image_renditions: dict[int, dict] = field(default_factory=dict)
    # The export copies media files beside the pages: link them under MEDIA_URL,
    # wherever the storage (a bucket, say) serves them from.
    local_media: bool = False

    def absolute(self, url: str) -> str:
        return url if "://" in url else f"{self.media_base}{url}"

    def media_url(self, stored_file) -> str:
        if self.local_media:
            return f"{self.media_base}{settings.MEDIA_URL}{filepath_to_uri(stored_file.name)}"
        return self.absolute(stored_file.url)


def active_scope() -> SerializationScope | None:
    return _active.get()


def current_scope() -> SerializationScope:
    """The active scope, or an empty one (nothing visible, relative URLs) outside any."""
    return _active.get() or SerializationScope()


@contextmanager
def serialization_scope(scope: SerializationScope) -> Iterator[SerializationScope]:
    token = _active.set(scope)
    try:
        yield scope
    finally:
        _active.reset(token)


def lookup(kind: str, ids: list) -> list | None:
    """Objects for ids from the active scope (a copy per value), or None outside a scope."""
    scope = _active.get()
    if scope is None:
        return None
    objects = getattr(scope, kind)
    return [copy.copy(objects[i]) if i in objects else None for i in ids]
