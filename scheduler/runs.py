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
    summary TEXT,
    node TEXT,
    job TEXT,
    error TEXT
);
CREATE INDEX IF NOT EXISTS runs_profile ON runs (profile, id);
"""
COLUMNS = (
    "id", "profile", "started", "ended", "status", "exit_code", "pages", "stored", "skipped",
    "dropped", "errors", "finish_reason", "pid", "log", "node", "job", "error",
)  # fmt: skip
ADDED = ("node", "job", "error")  # columns runs.db files from before fleet runs lack


@dataclass(frozen=True)
class Run:
    """One run. Its status: running (under way), ok (finished), failed (exited with an
    error), timeout (stopped at max_runtime), interrupted (stopped by a scheduler
    shutdown; resumable), lost (its scheduler was killed and it left no summary; or,
    on a Scrapyd node, its job vanished: the node died or is gone). Runs on a node
    name it and their job; ``error`` says why a run failed, when it is known."""

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
    node: str | None = None
    job: str | None = None
    error: str | None = None

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
        present = {row[1] for row in self.db.execute("PRAGMA table_info(runs)")}
        for column in ADDED:
            if column not in present:
                self.db.execute(f"ALTER TABLE runs ADD COLUMN {column} TEXT")

    def close(self) -> None:
        self.db.close()

    def start(
        self, profile: str, started: datetime, *, node: str | None = None, job: str | None = None
    ) -> int:
        """A new run, under way; on a Scrapyd node, which one and the job's id."""
        cursor = self.db.execute(
            "INSERT INTO runs (profile, started, status, node, job) VALUES (?, ?, 'running', ?, ?)",
            (profile, started.isoformat(timespec="seconds"), node, job),
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
        *,
        error: str | None = None,
        log: str | None = None,
    ) -> None:
        values = (
            figures(summary)
            if summary
            else dict.fromkeys(("pages", "stored", "skipped", "dropped", "errors", "finish_reason"))
        )
        self.db.execute(
            "UPDATE runs SET ended = ?, status = ?, exit_code = ?, pages = ?, stored = ?, "
            "skipped = ?, dropped = ?, errors = ?, finish_reason = ?, summary = ?, error = ?, "
            "log = COALESCE(?, log) WHERE id = ?",
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
                error,
                log,
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

    def of_job(self, job: str) -> Run | None:
        """The run of a Scrapyd job, if this book has one."""
        row = self.db.execute(
            f"SELECT {', '.join(COLUMNS)} FROM runs WHERE job = ? ORDER BY id DESC LIMIT 1", (job,)
        ).fetchone()
        return Run(*row) if row else None

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
