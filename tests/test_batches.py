"""Batches for bulk writes."""

from __future__ import annotations

from index.batches import batches


def test_batches_cut_a_stream_into_lists_of_at_most_the_size() -> None:
    assert list(batches(range(5), 2)) == [[0, 1], [2, 3], [4]]
