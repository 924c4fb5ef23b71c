"""Looking up many ids at once in SQLite."""

from __future__ import annotations

import sqlite3

from index.sqlite.lookup import CHUNK, ids_in


def test_ids_are_found_across_chunks_with_the_leading_parameters_bound_each_time() -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE seen (watch TEXT, id TEXT)")
    ids = [f"id-{n}" for n in range(2 * CHUNK + 7)]
    db.executemany("INSERT INTO seen VALUES ('a', ?)", [(i,) for i in ids[::3]])
    db.execute("INSERT INTO seen VALUES ('b', 'id-1')")
    sql = "SELECT id FROM seen WHERE watch = ? AND id IN ({marks})"
    assert ids_in(db, sql, ids, "a") == set(ids[::3])
