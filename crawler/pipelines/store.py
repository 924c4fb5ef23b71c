"""Buffered, bulk writes to the store."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from index.document import Document
from index.store import Store, open_store

logger = logging.getLogger(__name__)


class StorePipeline:
    """Buffer documents and write them in bulk; flush at close, report every failure."""

    def __init__(self, store_url: str | None, batch_size: int, stats: Any):
        self.store_url = store_url
        self.batch_size = batch_size
        self.stats = stats
        self.buffer: list[Document] = []
        self.store: Store | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        pipeline = cls(
            crawler.settings.get("NEWSINDEX_STORE"),
            crawler.settings.getint("NEWSINDEX_BATCH_SIZE", 200),
            crawler.stats,
        )
        crawler.signals.connect(pipeline.spider_idle, signal=signals.spider_idle)
        return pipeline

    def open_spider(self) -> None:
        # Fails the crawl here, before anything is fetched, when the store is unusable.
        self.store = open_store(self.store_url)
        self.store.ensure_schema()

    def process_item(self, item: Document) -> Document:
        self.buffer.append(item)
        if len(self.buffer) >= self.batch_size:
            self.flush()
        return item

    def spider_idle(self) -> None:
        self.flush()

    def flush(self) -> None:
        if not self.buffer or self.store is None:
            return
        batch, self.buffer = self.buffer, []
        result = self.store.upsert(batch)
        self.stats.inc_value("newsindex/stored", result.written)
        for doc_id, reason in result.errors:
            self.stats.inc_value("newsindex/store_errors")
            logger.error("Store rejected %(id)s: %(reason)s", {"id": doc_id, "reason": reason})
        logger.info("Stored %(n)d articles", {"n": result.written})

    def close_spider(self) -> None:
        if self.store is None:
            return
        try:
            self.flush()
            self.store.refresh()
        finally:
            self.store.close()
