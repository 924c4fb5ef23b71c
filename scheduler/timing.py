"""When a scheduled crawl is next due (pure functions of the schedule and the run history).

A crawl that never ran, or whose last run was interrupted or lost, is due at
once: the archive is kept current and interrupted crawls resume. Otherwise
the next time comes from its interval or cron expression, shifted by a
jitter that is stable for a given crawl and time (so restarting the
scheduler does not move it), and pushed back after failures in a row.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from scheduler.cron import next_time
from scheduler.spec import Crawl

FAILED = frozenset({"failed", "timeout"})
RESUME = frozenset({"interrupted", "lost"})


@dataclass(frozen=True)
class History:
    """What the run records say about one crawl."""

    last_start: datetime | None = None
    last_end: datetime | None = None
    last_status: str | None = None
    failures_in_a_row: int = 0


def backoff_delay(failures: int, base: timedelta, cap: timedelta) -> timedelta:
    """``base`` after one failure, doubled for each further one, never more than ``cap``."""
    if failures <= 0:
        return timedelta(0)
    factor = 1 << min(failures - 1, 32)
    return min(base * factor, cap)


def jitter_offset(name: str, due: datetime, jitter: timedelta) -> timedelta:
    """A delay in ``[0, jitter)`` derived from the crawl and the time: spread, yet repeatable."""
    if jitter <= timedelta(0):
        return timedelta(0)
    digest = hashlib.sha256(f"{name}|{due.isoformat()}".encode()).digest()
    fraction = int.from_bytes(digest[:8], "big") / 2**64
    return timedelta(seconds=int(fraction * jitter.total_seconds()))


def regular_time(crawl: Crawl, last_start: datetime) -> datetime:
    """The next time by the interval or cron expression alone."""
    if crawl.every is not None:
        return last_start + crawl.every
    assert crawl.cron is not None
    return next_time(crawl.cron, last_start, crawl.tz)


def next_due(crawl: Crawl, history: History, now: datetime) -> datetime:
    if history.last_start is None or history.last_status in RESUME:
        return now
    regular = regular_time(crawl, history.last_start)
    due = regular + jitter_offset(crawl.name, regular, crawl.jitter)
    if history.last_status in FAILED and history.last_end is not None:
        delay = backoff_delay(history.failures_in_a_row, crawl.backoff, crawl.max_backoff)
        due = max(due, history.last_end + delay)
    return due


def since_date(crawl: Crawl, start: datetime) -> str | None:
    """The ``--since`` date of a run starting at ``start``: the first day of its window."""
    if crawl.since is None:
        return None
    return (start - crawl.since).date().isoformat()
