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

    def write(self, doc: Document) -> Written | None:
        """Write the document's exchange, if it has one waiting; where it went."""
        pair = self.held.pop(id(doc), None)
        if pair is None:
            return None
        writer = self.writers.get(doc.source)
        if writer is None:
            writer = self.writers[doc.source] = WarcWriter(
                self.root, doc.source or "unknown", self.max_size
            )
        return writer.write(pair[1])

    def sync(self) -> None:
        for writer in self.writers.values():
            writer.sync()

    def close(self) -> None:
        self.held.clear()
        for writer in self.writers.values():
            writer.close()
        self.writers.clear()


def crawl_archive(crawler: Crawler) -> WarcArchive | None:
    """The crawl's WARC archive; None when archiving is off."""
    return crawler.get_extension(WarcArchive)
