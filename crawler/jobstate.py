"""JOBDIR hygiene: one crawl per JOBDIR, and a crawl killed without warning resumes cleanly.

A crawl holds its JOBDIR with an ``flock`` for as long as its process lives:
two crawls on one JOBDIR would share a request queue and a spool and spoil
both, so the second stops before it fetches anything (:class:`JobdirInUse`).
The kernel drops the lock when the process ends, however it ends: no stale
lock after a kill.

Scrapy keeps a crawl's scheduler queue in JOBDIR and writes the queue's
bookkeeping only on a clean shutdown; after SIGKILL the queue on disk is
stale, and resuming from it loses or repeats requests. So a run marks the
JOBDIR while it runs; a run that finds the mark left behind drops the
stale queue and seen-set and re-walks the discovery pages instead, which
costs a few list pages: the store already knows the articles stored before
the kill, and they are not fetched again.
"""

from __future__ import annotations

import fcntl
import logging
import os
import shutil
from pathlib import Path

from index.errors import NewsindexError

logger = logging.getLogger(__name__)

MARK = "newsindex-running"
LOCK = "newsindex.lock"
SCRAPY_STATE = ("requests.queue", "requests.seen")


class JobdirInUse(NewsindexError):
    """Another crawl holds the JOBDIR."""


def hold(jobdir: str | Path) -> int:
    """Take the JOBDIR for this process; the descriptor to close when done (or at exit)."""
    path = Path(jobdir)
    path.mkdir(parents=True, exist_ok=True)
    fd = os.open(path / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
        os.close(fd)
        raise JobdirInUse(f"{path} is in use by another crawl (pid {holder})") from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    return fd


def begin(jobdir: str | Path) -> bool:
    """Mark a run as started; True when the previous run in this JOBDIR was killed."""
    path = Path(jobdir)
    path.mkdir(parents=True, exist_ok=True)
    mark = path / MARK
    killed = mark.exists()
    if killed:
        logger.warning(
            "The previous crawl in %(dir)s did not finish cleanly: re-discovering its pages",
            {"dir": str(path)},
        )
        for name in SCRAPY_STATE:
            state = path / name
            if state.is_dir():
                shutil.rmtree(state)
            else:
                state.unlink(missing_ok=True)
    mark.touch()
    return killed


def end(jobdir: str | Path) -> None:
    """The run ended cleanly (finished, or stopped by SIGINT/SIGTERM): Scrapy's state is sound."""
    (Path(jobdir) / MARK).unlink(missing_ok=True)
