"""Document assembly off the reactor: in worker processes, or in a thread, time-bounded.

Extraction (with the rest of :func:`crawler.article.article`: cleaning, word
count, near-duplicate keys) is the CPU cost of a crawl. Run inline it stalls every download;
in a thread it still holds the GIL most of the time. With
``NEWSINDEX_EXTRACT_PROCESSES`` > 0 pages are extracted in that many worker
processes (started with "spawn": the crawl process runs threads, and forking
it is unsafe); 0 runs extraction in a thread. "auto" means one process per
CPU (at most 4): on two CPUs, two workers beat one worker plus an idle
share of the reactor's core (benchmarks/crawl.py).

Each page gets ``NEWSINDEX_EXTRACT_SECONDS``: a worker process stops the page
itself (SIGALRM) and is free for the next one; in a thread the crawl stops
waiting (the thread cannot be stopped and finishes in the background). Either
way the page is dropped as ``too_slow``. Workers ignore SIGINT and SIGTERM: a
Ctrl-C reaches the whole process group, and it is the crawl's to handle
(Scrapy's graceful shutdown waits for the pages in hand). A pool whose worker
died anyway is replaced; the page it held counts as failed.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import multiprocessing
import os
import signal
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime
from typing import Any

from crawler.article import article
from crawler.pagebounds import PageRejected, within
from crawler.profile import Profile
from index.document import Document


def worker_count(setting: str | int | None) -> int:
    if setting in (None, "", "auto"):
        return max(1, min(os.cpu_count() or 1, 4))
    return max(0, int(setting))


STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@contextlib.contextmanager
def _stop_signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back while workers may be spawned: a worker inherits the
    blocked signals, so a Ctrl-C during its start-up cannot kill it; here they are
    delivered, not lost, once released."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _ignore_stop_signals() -> None:
    for signum in STOP_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


def _timed_article(
    seconds: float, html: str, url: str, profile: Profile, now: datetime
) -> Document:
    return within(seconds, functools.partial(article, html, url, profile, now))


class ExtractPool:
    def __init__(self, processes: int, seconds: float = 30.0):
        self.processes = processes
        self.seconds = seconds
        self.executor: ProcessPoolExecutor | None = None

    @classmethod
    def from_settings(cls, settings: Any) -> ExtractPool:
        """The pool a crawl's settings ask for (Scrapy's typed getters)."""
        return cls(
            worker_count(settings.get("NEWSINDEX_EXTRACT_PROCESSES")),
            settings.getfloat("NEWSINDEX_EXTRACT_SECONDS"),
        )

    async def article(self, html: str, url: str, profile: Profile, now: datetime) -> Document:
        """The page's document; PageRejected when it is over a bound."""
        if self.processes == 0:
            try:
                return await asyncio.wait_for(
                    asyncio.to_thread(article, html, url, profile, now), self.seconds
                )
            except TimeoutError:
                raise PageRejected(f"extraction took over {self.seconds:g} s", "too_slow") from None
        if self.executor is None:
            self.executor = ProcessPoolExecutor(
                self.processes,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_ignore_stop_signals,
            )
        loop = asyncio.get_running_loop()
        work = functools.partial(_timed_article, self.seconds, html, url, profile, now)
        try:
            with _stop_signals_held():  # submitting may spawn a worker
                future = loop.run_in_executor(self.executor, work)
            return await future
        except BrokenProcessPool:
            self.executor = None  # the next page gets a new pool
            raise

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None
