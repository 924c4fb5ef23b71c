"""Run the schedule: start due crawls as processes, watch them, record how they ended.

Each crawl is ``newsindex crawl PROFILE --json --jobdir DIR`` in its own
process, holding its profile's lock (lock.py). Its summary goes to a file
rather than a pipe, so a crawl outliving a killed scheduler still leaves it,
and the next scheduler completes that run's record from it. On shutdown the
crawls get SIGTERM: they finish their current items and keep their job
state, and the next run of the profile resumes it.
"""

from __future__ import annotations

import json
import logging
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Container
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from scheduler.lock import CrawlLock, holder_pid, is_locked
from scheduler.runs import RunBook
from scheduler.spec import Crawl, Schedule
from scheduler.timing import FAILED, next_due, since_date

logger = logging.getLogger(__name__)

SPOOL_DIR = "newsindex-spool"  # the crawl's spool inside its JOBDIR: kept between runs
POLL_SECONDS = 1.0


def crawl_command(crawl: Crawl, jobdir: Path, start: datetime) -> list[str]:
    """The command line of one scheduled crawl."""
    command = [sys.executable, "-m", "search_cli", "-v", "crawl", crawl.profile, "--json"]
    command += ["--jobdir", str(jobdir)]
    if crawl.store:
        command += ["--store", crawl.store]
    since = since_date(crawl, start)
    if since:
        command += ["--since", since]
    for key, value in sorted(crawl.settings.items()):
        command += ["--set", f"{key}={value}"]
    return command


def run_status(exit_code: int | None, summary: dict[str, Any] | None, stop: str | None) -> str:
    """How a run ended, from its exit code (None: unknown), summary and why we stopped it."""
    finished = bool(summary) and summary.get("finish_reason") == "finished"  # type: ignore[union-attr]
    if stop == "timeout":
        return "timeout"
    if stop == "shutdown":
        return "ok" if exit_code == 0 and finished else "interrupted"
    if exit_code is None:
        if not summary:
            return "lost"
        if finished:
            return "ok"
        return "interrupted" if summary.get("finish_reason") == "shutdown" else "failed"
    return "ok" if exit_code == 0 else "failed"


def read_summary(path: Path) -> dict[str, Any] | None:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def last_written(logs: Path, run_id: int) -> datetime | None:
    """When a run's crawl last wrote its log or summary: its end, as near as is known."""
    times = [
        p.stat().st_mtime for p in (logs / f"{run_id}.log", logs / f"{run_id}.json") if p.exists()
    ]
    return datetime.fromtimestamp(max(times), UTC) if times else None


def clear_job_state(jobdir: Path) -> None:
    """After a complete crawl, forget its request queue and seen-set; keep the spool."""
    if not jobdir.is_dir():
        return
    for entry in jobdir.iterdir():
        if entry.name == SPOOL_DIR:
            continue
        if entry.is_dir():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def lock_path(state: Path, name: str) -> Path:
    """The lock file of a scheduled crawl (lock.py), in the scheduler's state directory."""
    return state / "locks" / f"{name}.lock"


def due_crawls(
    schedule: Schedule, book: RunBook, busy: Container[str], now: datetime
) -> list[Crawl]:
    """The crawls due at ``now`` by their run history, but for the ``busy`` ones."""
    return [
        crawl
        for crawl in schedule.crawls
        if crawl.name not in busy and next_due(crawl, book.history(crawl.name), now) <= now
    ]


@dataclass
class Active:
    crawl: Crawl
    run_id: int
    process: subprocess.Popen[bytes]
    lock: CrawlLock
    deadline: float  # time.monotonic() past which the crawl is stopped
    summary: Path
    jobdir: Path
    stop: str | None = None  # "shutdown" or "timeout" once we sent SIGTERM
    killed_at: float | None = None


class Scheduler:
    """Start what is due, never two crawls of one profile, record every run."""

    def __init__(
        self,
        schedule: Schedule,
        book: RunBook,
        state_dir: Path,
        *,
        stop_timeout: float = 300.0,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ):
        self.schedule = schedule
        self.book = book
        self.state_dir = state_dir
        self.stop_timeout = stop_timeout
        self.now = now
        self.active: dict[str, Active] = {}
        self.waiting: set[str] = set()  # crawls seen locked by another process, said once
        self.stopping = threading.Event()
        self.failed = 0

    def lock_path(self, name: str) -> Path:
        return lock_path(self.state_dir, name)

    # --- one step ------------------------------------------------------------

    def due(self, now: datetime) -> list[Crawl]:
        return due_crawls(self.schedule, self.book, self.active, now)

    def start(self, crawl: Crawl, now: datetime) -> bool:
        """Start one crawl unless another process runs that profile; True if started."""
        lock = CrawlLock(self.lock_path(crawl.name))
        if not lock.acquire():
            if crawl.name not in self.waiting:
                logger.warning(
                    "%(name)s is still running (pid %(pid)s): not starting another",
                    {"name": crawl.name, "pid": holder_pid(lock.path) or "?"},
                )
                self.waiting.add(crawl.name)
            return False
        self.waiting.discard(crawl.name)
        if self.recover(crawl.name):  # its last run only just ended: decide again with it
            lock.close()
            return False
        logs = self.state_dir / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        jobdir = self.state_dir / "jobs" / crawl.name
        run_id = self.book.start(crawl.name, now)
        log, summary = logs / f"{run_id}.log", logs / f"{run_id}.json"
        assert lock.fd is not None
        try:
            with log.open("wb") as err, summary.open("wb") as out:
                process = subprocess.Popen(
                    crawl_command(crawl, jobdir, now),
                    stdout=out,
                    stderr=err,
                    stdin=subprocess.DEVNULL,
                    pass_fds=(lock.fd,),
                    start_new_session=True,  # a terminal's Ctrl-C reaches the scheduler only
                )
        except OSError as exc:
            lock.close()
            self.book.finish(run_id, self.now(), "failed", None, None)
            self.failed += 1
            logger.error(
                "%(name)s: cannot start the crawl: %(exc)s", {"name": crawl.name, "exc": exc}
            )
            return False
        lock.note_holder(process.pid)
        self.book.attach(run_id, process.pid, log)
        deadline = time.monotonic() + crawl.max_runtime.total_seconds()
        self.active[crawl.name] = Active(crawl, run_id, process, lock, deadline, summary, jobdir)
        logger.info(
            "%(name)s: run %(id)d started (pid %(pid)d)",
            {"name": crawl.name, "id": run_id, "pid": process.pid},
        )
        return True

    def reap(self) -> None:
        """Record the crawls that ended; stop those past their maximum run time."""
        for name, active in list(self.active.items()):
            code = active.process.poll()
            if code is None:
                self._enforce(active)
                continue
            del self.active[name]
            active.lock.close()
            summary = read_summary(active.summary)
            status = run_status(code, summary, active.stop)
            self.book.finish(active.run_id, self.now(), status, code, summary)
            if status == "ok":
                clear_job_state(active.jobdir)
            if status in FAILED:
                self.failed += 1
            logger.info(
                "%(name)s: run %(id)d %(status)s (exit %(code)d)",
                {"name": name, "id": active.run_id, "status": status, "code": code},
            )

    def _enforce(self, active: Active) -> None:
        clock = time.monotonic()
        if active.stop is None and clock > active.deadline:
            logger.warning("%(name)s: past its max_runtime, stopping", {"name": active.crawl.name})
            self._signal(active, "timeout")
        elif active.killed_at is None and active.stop and clock > active.deadline:
            logger.warning("%(name)s: not stopping, killed", {"name": active.crawl.name})
            active.process.kill()
            active.killed_at = clock

    def _signal(self, active: Active, reason: str) -> None:
        active.stop = reason
        active.deadline = time.monotonic() + self.stop_timeout
        active.process.send_signal(signal.SIGTERM)

    def recover(self, profile: str | None = None) -> int:
        """Complete the records of runs a killed scheduler left, once their crawl is gone."""
        done = 0
        for run in self.book.running():
            if profile not in (None, run.profile) or run.profile in self.active:
                continue
            if profile is None and is_locked(self.lock_path(run.profile)):
                continue
            logs = self.state_dir / "logs"
            summary = read_summary(logs / f"{run.id}.json")
            status = run_status(None, summary, None)
            self.book.finish(
                run.id, last_written(logs, run.id) or self.now(), status, None, summary
            )
            if status == "ok":
                clear_job_state(self.state_dir / "jobs" / run.profile)
            logger.info(
                "%(name)s: run %(id)d (left by an earlier scheduler) %(status)s",
                {"name": run.profile, "id": run.id, "status": status},
            )
            done += 1
        return done

    # --- loops ---------------------------------------------------------------

    def run(self, *, once: bool = False) -> int:
        """Run until stopped (or, with ``once``, until what was due has run); failed runs."""
        self.recover()
        first = True
        while not self.stopping.is_set():
            now = self.now()
            if first or not once:
                for crawl in self.due(now):
                    self.start(crawl, now)
            first = False
            self.reap()
            self.recover()
            if once and not self.active:
                break
            self.stopping.wait(self._sleep(now))
        self.shutdown()
        return self.failed

    def _sleep(self, now: datetime) -> float:
        if self.active:
            return POLL_SECONDS
        dues = [next_due(c, self.book.history(c.name), now) for c in self.schedule.crawls]
        seconds = (min(dues) - now).total_seconds() if dues else POLL_SECONDS
        floor = POLL_SECONDS if self.waiting else 0.05  # due, but held by another process
        return max(min(seconds, POLL_SECONDS * 30), floor)

    def request_stop(self) -> None:
        """From a signal handler: stop starting crawls, then stop the running ones."""
        self.stopping.set()

    def shutdown(self) -> None:
        for active in self.active.values():
            if active.stop is None:
                logger.info("%(name)s: stopping (resumable)", {"name": active.crawl.name})
                self._signal(active, "shutdown")
        while self.active:
            self.reap()
            if self.active:
                time.sleep(0.1)


class Stoppable(Protocol):
    def request_stop(self) -> None: ...


def install_signal_handlers(scheduler: Stoppable) -> None:
    def handle(signum: int, frame: object) -> None:
        logger.info("Signal %(n)d: stopping", {"n": signum})
        scheduler.request_stop()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)


def state_dir(data_dir: Path) -> Path:
    return data_dir / "schedule"
