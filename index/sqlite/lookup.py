"""Lookups of many ids in SQLite, in chunks that stay under its limit on bound variables."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

#: Ids per statement: far below SQLite's variable limit (32,766; 999 before 3.32).
CHUNK = 500


def ids_in(db: sqlite3.Connection, sql: str, ids: Iterable[str], *params: object) -> set[str]:
    """The first column of ``sql`` run over all the ids; ``{marks}`` in ``sql`` stands for
    one chunk's placeholders, bound after ``params``."""
    id_list = list(ids)
    found: set[str] = set()
    for start in range(0, len(id_list), CHUNK):
        chunk = id_list[start : start + CHUNK]
        query = sql.format(marks=",".join("?" * len(chunk)))
        found.update(row[0] for row in db.execute(query, [*params, *chunk]))
    return found
