"""The crawl's WARC archive: one writer per profile, and the exchanges waiting for their
documents.

Documents and the pages they came from travel apart (pipelines see only
documents), so the exchange of a page waits here, keyed by its document,
from the spider's output until the archive pipeline writes it, or until the
document is dropped (validation, an error), when it is let go. The files
are closed, and synced to the disk, when the engine stops.

Settings: ``NEWSINDEX_WARC_ENABLED`` (on by default), ``NEWSINDEX_WARC_DIR``
(the WARC root; default: ``NEWSINDEX_WARC_DIR`` from the environment, else
``warc/`` in the user's data directory), ``NEWSINDEX_WARC_MAX_SIZE`` (bytes
before a file is rotated).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.warc.exchange import Exchange
from crawler.warc.writer import WarcWriter, Written
from index.document import Document
from index.paths import default_warc_dir


class WarcArchive:
    def __init__(self, root: Path, max_size: int):
        self.root = root
        self.max_size = max_size
        self.writers: dict[str, WarcWriter] = {}
        self.held: dict[int, tuple[Document, Exchange]] = {}  # by id() of the document
        self.lock = threading.Lock()  # writers are created and listed from several threads

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcArchive:
        settings = crawler.settings
        if not settings.getbool("NEWSINDEX_WARC_ENABLED"):
            raise NotConfigured("WARC archiving is off")
        root = settings.get("NEWSINDEX_WARC_DIR")
        ext = cls(
            Path(root) if root else default_warc_dir(), settings.getint("NEWSINDEX_WARC_MAX_SIZE")
        )
        crawler.signals.connect(ext.release, signal=signals.item_dropped)
        crawler.signals.connect(ext.release, signal=signals.item_error)
        crawler.signals.connect(ext.close, signal=signals.engine_stopped)
        return ext

    def hold(self, doc: Document, exchange: Exchange) -> None:
        self.held[id(doc)] = (doc, exchange)

    def release(self, item: Any, **_: Any) -> None:
        self.held.pop(id(item), None)

    def take(self, doc: Document) -> Exchange | None:
        """The document's exchange, if one waits for it (no longer held)."""
        pair = self.held.pop(id(doc), None)
        return pair[1] if pair else None

    def write(self, source: str, exchange: Exchange) -> Written:
        """Write an exchange to its outlet's files (callable from any thread)."""
        with self.lock:
            writer = self.writers.get(source)
            if writer is None:
                writer = self.writers[source] = WarcWriter(
                    self.root, source or "unknown", self.max_size
                )
        return writer.write(exchange)

    def sync(self) -> None:
        with self.lock:
            writers = list(self.writers.values())
        for writer in writers:
            writer.sync()

    def close(self) -> None:
        self.held.clear()
        with self.lock:
            writers, self.writers = list(self.writers.values()), {}
        for writer in writers:
            writer.close()


def crawl_archive(crawler: Crawler) -> WarcArchive | None:
    """The crawl's WARC archive; None when archiving is off."""
    return crawler.get_extension(WarcArchive)
