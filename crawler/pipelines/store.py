"""Buffered, bulk writes to the store; nothing lost when the store is down.

A batch the store cannot take now (unreachable, overloaded, its disk full)
goes to the local spool (index/spool.py) and the crawl goes on; the spool is
replayed before the next batch that can be written, at the end of the crawl,
and by ``newsindex index flush``. A document the store refuses for good goes
to the dead-letter file with the reason, counted in ``newsindex/dead_letter``.
A document that can be neither written nor spooled (the spool's disk is full
too) is never dropped silently: it is counted in ``newsindex/lost`` and
``newsindex/store_errors``, logged with both reasons, and fails the crawl's
exit status; the next crawl fetches it again, since the store lacks it.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from crawler.extensions.store import crawl_store
from crawler.extensions.warc import WarcArchive, crawl_archive
from index.document import Document
from index.errors import StoreError
from index.spool import Spool, default_spool_dir
from index.store import Store

logger = logging.getLogger(__name__)


class StorePipeline:
    """Buffer documents and write them in bulk; spool what cannot be written yet."""

    def __init__(
        self,
        store: Store,
        batch_size: int,
        stats: Any,
        *,
        flush_seconds: float,
        spool_dir: Path | None = None,
        archive: WarcArchive | None = None,
    ):
        self.store = store
        self.batch_size = batch_size
        self.flush_seconds = flush_seconds
        self.stats = stats
        self.spool_dir = spool_dir
        self.archive = archive  # its records are synced to the disk before each write
        self.buffer: list[Document] = []
        self.spool: Spool | None = None
        self.last_flush = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        jobdir = crawler.settings.get("JOBDIR")
        pipeline = cls(
            crawl_store(crawler),
            crawler.settings.getint("NEWSINDEX_BATCH_SIZE"),
            crawler.stats,
            flush_seconds=crawler.settings.getfloat("NEWSINDEX_FLUSH_SECONDS"),
            spool_dir=Path(jobdir) / "newsindex-spool" if jobdir else None,
            archive=crawl_archive(crawler),
        )
        crawler.signals.connect(pipeline.spider_idle, signal=signals.spider_idle)
        return pipeline

    def open_spider(self) -> None:
        self.spool = Spool(self.spool_dir or default_spool_dir(self.store.url))
        self._replay()

    def process_item(self, item: Document) -> Document:
        self.buffer.append(item)
        due = time.monotonic() - self.last_flush >= self.flush_seconds
        if len(self.buffer) >= self.batch_size or due:
            self.flush()
        return item

    def spider_idle(self) -> None:
        self.flush()

    def flush(self) -> None:
        self.last_flush = time.monotonic()
        if not self.buffer or self.spool is None:
            return
        batch, self.buffer = self.buffer, []
        if self.archive is not None:
            try:
                self.archive.sync()  # a stored document's page is on the disk before it
            except OSError as exc:
                self._lost(batch, "its page was not archived", exc)
                return
        if not self._replay():
            self._to_spool(batch, "the spool could not be replayed yet")
            return
        try:
            result = self.store.upsert(batch)
        except StoreError as exc:  # unreachable, or refusing the whole batch: keep it
            self._to_spool(batch, str(exc))
            return
        self.stats.inc_value("newsindex/stored", result.written)
        by_id = {doc.id: doc for doc in batch}
        for doc_id, reason in result.errors:
            self._reject(by_id[doc_id], reason)
        if result.transient:
            self._to_spool([by_id[i] for i, _ in result.transient], result.transient[0][1])
        logger.info("Stored %(n)d articles", {"n": result.written})

    def _to_spool(self, batch: list[Document], reason: str) -> None:
        assert self.spool is not None
        try:
            n = self.spool.add(batch)
        except OSError as exc:
            self._lost(batch, reason, exc)
            return
        self.stats.inc_value("newsindex/spooled", n)
        logger.warning(
            "Spooled %(n)d article(s) to %(dir)s: %(reason)s",
            {"n": n, "dir": self.spool.directory, "reason": reason},
        )

    def _lost(self, docs: list[Document], reason: str, spool_error: OSError) -> None:
        """Neither stored nor spooled: say so, loudly, and count it."""
        self.stats.inc_value("newsindex/lost", len(docs))
        self.stats.inc_value("newsindex/store_errors", len(docs))
        logger.error(
            "%(n)d article(s) neither stored (%(reason)s) nor spooled (%(error)s); "
            "crawl again to fetch them, e.g. %(url)s",
            {"n": len(docs), "reason": reason, "error": spool_error, "url": docs[0].url},
        )

    def _reject(self, doc: Document, reason: str) -> None:
        assert self.spool is not None
        try:
            self.spool.reject(doc, reason)
        except OSError as exc:
            self._lost([doc], reason, exc)
            return
        self.stats.inc_value("newsindex/store_errors")
        self.stats.inc_value("newsindex/dead_letter")
        logger.error(
            "Store rejected %(id)s (%(url)s): %(reason)s",
            {"id": doc.id, "url": doc.url, "reason": reason},
        )

    def _replay(self) -> bool:
        """Replay the spool; False while the store still cannot take it."""
        assert self.spool is not None
        if not self.spool.pending_count():
            return True
        try:
            result = self.spool.replay(self.store)
        except (StoreError, OSError) as exc:  # what could not be replayed stays in the spool
            logger.warning("Spool not replayed yet: %(reason)s", {"reason": exc})
            return False
        self.stats.inc_value("newsindex/replayed", result.written)
        for _, reason in result.errors:
            self.stats.inc_value("newsindex/store_errors")
            self.stats.inc_value("newsindex/dead_letter")
            logger.error("Store rejected a spooled article: %(reason)s", {"reason": reason})
        return not result.transient

    def close_spider(self) -> None:
        if self.spool is None:
            return
        self.flush()
        try:
            self._replay()
            pending, dead = self.spool.pending_count(), self.spool.dead_count()
            self.stats.set_value("newsindex/spool/pending", pending)
            if pending:
                logger.warning(
                    "%(n)d article(s) wait in the spool %(dir)s",
                    {"n": pending, "dir": self.spool.directory},
                )
            if dead:
                logger.error(
                    "%(n)d article(s) were refused by the store; see %(path)s",
                    {"n": dead, "path": self.spool.dead_letter},
                )
            self.store.refresh()
        except (StoreError, OSError) as exc:
            logger.warning(
                "Store or spool unusable at the end of the crawl: %(reason)s", {"reason": exc}
            )
