"""One crawl per profile at a time, even when the scheduler is killed.

The lock is an ``flock`` on a file per crawl. The scheduler takes it and
hands the open descriptor to the crawl process it starts: the kernel keeps
the lock while any process holds that descriptor, so a crawl left running by
a scheduler killed with SIGKILL still holds it, and the lock goes away by
itself when the crawl exits, however it exits. No stale pid files.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path


class CrawlLock:
    """An exclusive, non-blocking lock on ``path``; ``fd`` is what a child inherits."""

    def __init__(self, path: Path):
        self.path = path
        self.fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock if it is free; False if another process holds it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self.fd = fd
        return True

    def note_holder(self, pid: int) -> None:
        """Write the holding crawl's pid into the file, for people looking at it."""
        assert self.fd is not None
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, f"{pid}\n".encode(), 0)

    def close(self) -> None:
        """Close our descriptor; a crawl that inherited it keeps the lock until it exits."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def holder_pid(path: Path) -> int | None:
    """The pid the lock's last holder wrote (meaningful while :func:`is_locked`)."""
    try:
        return int(path.read_text().strip() or 0) or None
    except (OSError, ValueError):
        return None


def is_locked(path: Path) -> bool:
    probe = CrawlLock(path)
    if probe.acquire():
        probe.close()
        return False
    return True
