"""Document assembly off the reactor: in worker processes, or in a thread.

Extraction (with the rest of :func:`crawler.article.article`: cleaning, word
count, near-duplicate keys) is the CPU cost of a crawl. Run inline it stalls every download;
in a thread it still holds the GIL most of the time. With
``NEWSINDEX_EXTRACT_PROCESSES`` > 0 pages are extracted in that many worker
processes (started with "spawn": the crawl process runs threads, and forking
it is unsafe); 0 runs extraction in a thread. "auto" means one process per
CPU (at most 4): on two CPUs, two workers beat one worker plus an idle
share of the reactor's core (benchmarks/crawl.py).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime

from crawler.article import article
from crawler.profile import Profile
from index.document import Document


def worker_count(setting: str | int | None) -> int:
    if setting in (None, "", "auto"):
        return max(1, min(os.cpu_count() or 1, 4))
    return max(0, int(setting))


class ExtractPool:
    def __init__(self, processes: int):
        self.processes = processes
        self.executor: ProcessPoolExecutor | None = None

    async def article(self, html: str, url: str, profile: Profile, now: datetime) -> Document:
        if self.processes == 0:
            return await asyncio.to_thread(article, html, url, profile, now)
        if self.executor is None:
            self.executor = ProcessPoolExecutor(
                self.processes, mp_context=multiprocessing.get_context("spawn")
            )
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, article, html, url, profile, now)

    def close(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None
