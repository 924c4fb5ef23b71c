"""The record of every scheduled crawl: one row per run in ``runs.db`` (user data directory).

A run is written when it starts (status ``running``) and completed when it
ends, with the crawl's summary figures, so ``newsindex runs`` shows crawls in
progress too, and a scheduler restarted after being killed finds the runs
it left behind.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from scheduler.timing import FAILED, History

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    profile TEXT NOT NULL,
    started TEXT NOT NULL,
    ended TEXT,
    status TEXT NOT NULL,
    exit_code INTEGER,
    pages INTEGER,
    stored INTEGER,
    skipped INTEGER,
    dropped INTEGER,
    errors INTEGER,
    finish_reason TEXT,
    pid INTEGER,
    log TEXT,
    summary TEXT
);
CREATE INDEX IF NOT EXISTS runs_profile ON runs (profile, id);
"""
COLUMNS = (
    "id", "profile", "started", "ended", "status", "exit_code", "pages", "stored", "skipped",
    "dropped", "errors", "finish_reason", "pid", "log",
)  # fmt: skip


@dataclass(frozen=True)
class Run:
    """One run. Its status: running (under way), ok (finished), failed (exited with an
    error), timeout (stopped at max_runtime), interrupted (stopped by a scheduler
    shutdown; resumable), lost (its scheduler was killed and it left no summary)."""

    id: int
    profile: str
    started: str
    ended: str | None
    status: str
    exit_code: int | None
    pages: int | None
    stored: int | None
    skipped: int | None
    dropped: int | None
    errors: int | None
    finish_reason: str | None
    pid: int | None
    log: str | None

    def to_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in COLUMNS}


def figures(summary: dict[str, Any]) -> dict[str, Any]:
    """The columns a crawl's ``--json`` summary fills."""
    return {
        "pages": int(summary.get("pages", 0)),
        "stored": int(summary.get("stored", 0)),
        "skipped": int(summary.get("skipped_known", 0)),
        "dropped": sum(int(v) for v in dict(summary.get("dropped", {})).values()),
        "errors": sum(
            int(summary.get(key, 0)) for key in ("http_errors", "download_errors", "store_errors")
        ),
        "finish_reason": str(summary.get("finish_reason", "")) or None,
    }


class RunBook:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA busy_timeout=10000")
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    def start(self, profile: str, started: datetime) -> int:
        cursor = self.db.execute(
            "INSERT INTO runs (profile, started, status) VALUES (?, ?, 'running')",
            (profile, started.isoformat(timespec="seconds")),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def attach(self, run_id: int, pid: int, log: Path) -> None:
        """The crawl process of a run, and where its log goes."""
        self.db.execute("UPDATE runs SET pid = ?, log = ? WHERE id = ?", (pid, str(log), run_id))

    def finish(
        self,
        run_id: int,
        ended: datetime,
        status: str,
        exit_code: int | None,
        summary: dict[str, Any] | None,
    ) -> None:
        values = (
            figures(summary)
            if summary
            else dict.fromkeys(("pages", "stored", "skipped", "dropped", "errors", "finish_reason"))
        )
        self.db.execute(
            "UPDATE runs SET ended = ?, status = ?, exit_code = ?, pages = ?, stored = ?, "
            "skipped = ?, dropped = ?, errors = ?, finish_reason = ?, summary = ? WHERE id = ?",
            (
                ended.isoformat(timespec="seconds"),
                status,
                exit_code,
                values["pages"],
                values["stored"],
                values["skipped"],
                values["dropped"],
                values["errors"],
                values["finish_reason"],
                json.dumps(summary) if summary else None,
                run_id,
            ),
        )

    def runs(
        self, profile: str | None = None, *, failed: bool = False, limit: int | None = None
    ) -> list[Run]:
        """Newest first."""
        sql = f"SELECT {', '.join(COLUMNS)} FROM runs"
        where, params = [], []
        if profile:
            where.append("profile = ?")
            params.append(profile)
        if failed:
            where.append(f"status IN ({', '.join('?' * len(FAILED))})")
            params.extend(sorted(FAILED))
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id DESC"
        if limit:
            sql += f" LIMIT {int(limit)}"
        return [Run(*row) for row in self.db.execute(sql, params)]

    def running(self) -> list[Run]:
        rows = self.db.execute(
            f"SELECT {', '.join(COLUMNS)} FROM runs WHERE status = 'running' ORDER BY id"
        )
        return [Run(*row) for row in rows]

    def history(self, profile: str) -> History:
        recent = self.runs(profile, limit=50)
        finished = [r for r in recent if r.status != "running"]
        if not finished:
            return History()
        last = finished[0]
        failures = 0
        for run in finished:
            if run.status not in FAILED:
                break
            failures += 1
        return History(
            last_start=datetime.fromisoformat(last.started),
            last_end=datetime.fromisoformat(last.ended) if last.ended else None,
            last_status=last.status,
            failures_in_a_row=failures,
        )
