"""A live progress line on stderr while a crawl runs.

On a terminal the line is rewritten in place (``\\r``) at most every
``NEWSINDEX_PROGRESS_INTERVAL`` seconds; elsewhere (``-v`` into a pipe or a
log file) one line is printed every ten intervals. The final summary is the
CLI's job, not this extension's.
"""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from crawler.summary import download_errors, group


def progress_text(stats: dict[str, Any], seconds: float) -> str:
    """``pages 120 · stored 80 · known 12 · dropped 3 (no_body 3) · errors 1 · 4.1 pages/s``."""
    pages = int(stats.get("response_received_count", 0))
    dropped = group(stats, "newsindex/dropped/")
    why = ", ".join(f"{k} {v}" for k, v in dropped.items())
    errors = int(stats.get("httperror/response_ignored_count", 0)) + download_errors(stats)
    rate = pages / seconds if seconds > 0 else 0.0
    return (
        f"pages {pages} · stored {int(stats.get('newsindex/stored', 0))}"
        f" · known {int(stats.get('newsindex/skipped/known', 0))}"
        f" · dropped {sum(dropped.values())}{f' ({why})' if why else ''}"
        f" · errors {errors} · {rate:.1f} pages/s"
    )


class ProgressLine:
    def __init__(self, stats: Any, interval: float, stream: TextIO):
        self.stats = stats
        self.interval = interval
        self.stream = stream
        self.tty = stream.isatty()
        self.started = time.monotonic()
        self.ticks = 0
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressLine:
        if not crawler.settings.getbool("NEWSINDEX_PROGRESS"):
            raise NotConfigured
        ext = cls(
            crawler.stats, crawler.settings.getfloat("NEWSINDEX_PROGRESS_INTERVAL"), sys.stderr
        )
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self) -> None:
        self.started = time.monotonic()
        self.loop = task.LoopingCall(self.show)
        self.loop.start(self.interval, now=False)

    def show(self) -> None:
        self.ticks += 1
        line = progress_text(self.stats.get_stats(), time.monotonic() - self.started)
        if self.tty:
            self.stream.write(f"\r{line}\x1b[K")
        elif self.ticks % 10 == 0:
            self.stream.write(f"{line}\n")
        self.stream.flush()

    def spider_closed(self) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if self.tty:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
