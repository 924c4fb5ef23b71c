"""Saved searches ("watches") and the articles each has already reported.

One SQLite file (``watch.db`` in the user's data directory) holds the
watches and, per watch, the ids it has reported. "New" means not reported
by this watch before, whatever the article's dates say, so an article a
crawl adds late is still reported once. A watch's filters are kept as the
plain data its caller gives (a dict of lists and strings).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.errors import InvalidInput, NewsindexError
from index.paths import default_data_dir
from index.sqlite.lookup import ids_in
from index.sqlite.transaction import write_transaction

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS watches (name TEXT PRIMARY KEY, query TEXT NOT NULL, "
    "filters TEXT NOT NULL, store TEXT, created TEXT NOT NULL, last_run TEXT)",
    "CREATE TABLE IF NOT EXISTS seen (watch TEXT NOT NULL, id TEXT NOT NULL, "
    "PRIMARY KEY (watch, id)) WITHOUT ROWID",
)


class WatchExists(InvalidInput):
    """A watch of that name is already saved."""

    def __init__(self, name: str):
        super().__init__(f"a watch named {name!r} exists")
        self.name = name


class UnknownWatch(InvalidInput):
    """No watch of that name is saved."""

    def __init__(self, name: str):
        super().__init__(f"no watch named {name!r}")
        self.name = name


@dataclass
class Watch:
    name: str
    query: str
    filters: dict[str, Any] = field(default_factory=dict)
    store: str | None = None
    created: str = ""
    last_run: str | None = None


def default_watch_path() -> Path:
    return default_data_dir() / "watch.db"


class WatchBook:
    """The saved watches and what each has reported."""

    def __init__(self, path: Path):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, isolation_level=None)
            self.db.execute("PRAGMA busy_timeout=10000")
            for sql in _SCHEMA:
                self.db.execute(sql)
        except (OSError, sqlite3.Error) as exc:
            raise NewsindexError(f"cannot open the watch list {path}: {exc}") from None

    def close(self) -> None:
        self.db.close()

    def add(self, watch: Watch) -> None:
        try:
            self.db.execute(
                "INSERT INTO watches VALUES (?, ?, ?, ?, ?, NULL)",
                (
                    watch.name,
                    watch.query,
                    json.dumps(watch.filters, ensure_ascii=False),
                    watch.store,
                    watch.created,
                ),
            )
        except sqlite3.IntegrityError:
            raise WatchExists(watch.name) from None

    def remove(self, name: str) -> None:
        self.get(name)
        with write_transaction(self.db):
            self.db.execute("DELETE FROM seen WHERE watch = ?", (name,))
            self.db.execute("DELETE FROM watches WHERE name = ?", (name,))

    def all(self) -> list[Watch]:
        rows = self.db.execute("SELECT * FROM watches ORDER BY name").fetchall()
        return [Watch(r[0], r[1], json.loads(r[2]), r[3], r[4], r[5]) for r in rows]

    def get(self, name: str) -> Watch:
        for watch in self.all():
            if watch.name == name:
                return watch
        raise UnknownWatch(name)

    def seen_count(self, name: str) -> int:
        row = self.db.execute("SELECT count(*) FROM seen WHERE watch = ?", (name,)).fetchone()
        return int(row[0])

    def unseen(self, name: str, ids: Iterable[str]) -> set[str]:
        id_list = list(ids)
        sql = "SELECT id FROM seen WHERE watch = ? AND id IN ({marks})"
        return set(id_list) - ids_in(self.db, sql, id_list, name)

    def mark_seen(self, name: str, ids: Iterable[str], when: str) -> None:
        with write_transaction(self.db):
            self.db.executemany(
                "INSERT OR IGNORE INTO seen VALUES (?, ?)", [(name, i) for i in ids]
            )
            self.db.execute("UPDATE watches SET last_run = ? WHERE name = ?", (when, name))
