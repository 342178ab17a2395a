"""Document bytes this process keeps in memory, named by content hash, so a read need not fetch them again.

A content hash names exactly one sequence of bytes, so nothing held here can be out
of date: a reader still asks the database, in its one statement, whether the page is
public now and which hash its document has, and only the body is taken from here when
that hash is held (content.delivery.served). Bounded by bytes (DOCUMENT_CACHE_BYTES),
the least recently used out first; 0 keeps nothing.
"""

import threading
from collections import OrderedDict
from collections.abc import Hashable

from django.conf import settings


class HeldBytes:
    """A least-recently-used map to bytes, bounded by the bytes it holds.

    Every key must name its bytes for good (a content hash, or a hash and what else
    the bytes were made from): an entry is never replaced, only dropped.
    """

    def __init__(self) -> None:
        self._entries: OrderedDict[Hashable, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()  # gunicorn's threaded workers share a process

    @property
    def size(self) -> int:
        return self._size

    def get(self, key: Hashable) -> bytes | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: Hashable, value: bytes) -> None:
        limit = settings.DOCUMENT_CACHE_BYTES
        if len(value) > limit:
            return
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = value
            self._size += len(value)
            while self._size > limit:
                _, dropped = self._entries.popitem(last=False)
                self._size -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0


held = HeldBytes()


MAX_READS = 10_000  # reads remembered below; a flood of new ones starts the table afresh
_last_met: dict[Hashable, tuple[str, ...]] = {}


def held_bodies(read: Hashable) -> dict[str, bytes]:
    """The held bodies of the documents this read (a page, a listing's window) met last time, by hash.

    Taken before the statement runs: what it leaves out is then certainly at hand.
    """
    bodies = {}
    for content_hash in _last_met.get(read, ()):
        body = held.get(content_hash)
        if body is not None:
            bodies[content_hash] = body
    return bodies


def met(read: Hashable, content_hashes: tuple[str, ...]) -> None:
    if len(_last_met) >= MAX_READS:
        _last_met.clear()
    _last_met[read] = content_hashes


def forget_held() -> None:
    held.clear()
    _last_met.clear()
