"""Item pipelines: validate -> clean -> store (buffered, bulk)."""

from __future__ import annotations

import logging
import unicodedata
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from index.document import LIST_FIELDS, TEXT_FIELDS, Document
from index.store import Store, open_store

logger = logging.getLogger(__name__)


class ValidatePipeline:
    """Pages without a title or a body are not articles: drop and count them."""

    def __init__(self, stats: Any):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler.stats)

    def process_item(self, item: Document) -> Document:
        for name in ("title", "body"):
            if not (getattr(item, name) or "").strip():
                self.stats.inc_value(f"newsindex/dropped/no_{name}")
                raise DropItem(f"no {name}: {item.url}")
        return item


def _clean_text(value: str) -> str:
    """NFC, no control characters or stray spaces, paragraphs kept apart by one blank line."""
    value = unicodedata.normalize("NFC", value).replace("\u00a0", " ").replace("\u200b", "")
    paragraphs = (" ".join(p.split()) for p in value.split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


class CleanPipeline:
    """Normalise whitespace and Unicode in every text field and de-duplicate lists."""

    def process_item(self, item: Document) -> Document:
        for name in TEXT_FIELDS:
            value = getattr(item, name)
            if isinstance(value, str):
                setattr(item, name, _clean_text(value) or (None if name == "lead" else ""))
        for name in LIST_FIELDS:
            values = [_clean_text(v) for v in getattr(item, name)]
            setattr(item, name, list(dict.fromkeys(v for v in values if v)))
        item.word_count = len(item.body.split())
        return item


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
