"""Cut a stream into lists of at most ``size`` items, for bulk writes in constant memory."""

from __future__ import annotations

import itertools
import queue
import threading
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

_DONE = object()


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def read_ahead(items: Iterable[T], depth: int = 2) -> Iterator[T]:
    """``items``, made on a thread up to ``depth`` ahead of their use: the next batch is
    read and parsed while a store's commit or a database call has let go of the
    interpreter. An error in the making is raised here, in its turn; a consumer that
    stops early stops the thread at its next item (one blocked reading a pipe is left
    to end with the process, never waited for)."""
    ready: queue.Queue[object] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: object) -> bool:
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def make() -> None:
        try:
            for item in items:
                if not put(item):
                    return
        except BaseException as exc:  # handed to the consumer, which raises it
            put(exc)
            return
        put(_DONE)

    thread = threading.Thread(target=make, name="read-ahead", daemon=True)
    thread.start()
    try:
        while (item := ready.get()) is not _DONE:
            if isinstance(item, BaseException):
                raise item
            yield item  # type: ignore[misc]  # what ``items`` gave
    finally:
        stop.set()
