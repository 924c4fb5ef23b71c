"""Batches for bulk writes, and reading the next one ahead while a store writes."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from index.batches import batches, read_ahead


def test_batches_cut_a_stream_into_lists_of_at_most_the_size() -> None:
    assert list(batches(range(5), 2)) == [[0, 1], [2, 3], [4]]


def test_read_ahead_gives_every_item_in_order() -> None:
    assert list(read_ahead(batches(range(1000), 7))) == list(batches(range(1000), 7))


def test_read_ahead_makes_items_on_another_thread() -> None:
    def names() -> Iterator[str]:
        yield threading.current_thread().name

    assert list(read_ahead(names())) != [threading.current_thread().name]


def test_an_error_in_the_making_is_raised_after_the_items_before_it() -> None:
    def broken() -> Iterator[int]:
        yield 1
        raise OSError("disk gone")

    seen = []
    with pytest.raises(OSError, match="disk gone"):
        for item in read_ahead(broken()):
            seen.append(item)
    assert seen == [1]


def test_a_consumer_that_stops_early_stops_the_making() -> None:
    made: list[int] = []

    def counting() -> Iterator[int]:
        for i in range(10_000):
            made.append(i)
            yield i

    items = read_ahead(counting(), depth=2)
    assert next(items) == 0
    items.close()
    threading.Event().wait(0.3)
    assert len(made) < 10
