"""The crawl's one store: opened once, its schema ensured once, shared by who needs it.

The incremental middleware asks it which articles are known, the dedup
pipeline looks up near-duplicates in it, the store pipeline writes to it:
one connection for the whole crawl. It is opened when the first component
that needs it is built (a crawl that needs none, ``sites check``, opens
none): before the spider is opened, so an unusable store stops the crawl
before anything is fetched, with its own error. It is closed when the
engine stops, after every component's own ``spider_closed`` work.
"""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.crawler import Crawler

from index.factory import open_store
from index.store import Store

logger = logging.getLogger(__name__)


class CrawlStore:
    def __init__(self, url: str | None):
        self.url = url
        self._store: Store | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlStore:
        ext = cls(crawler.settings.get("NEWSINDEX_STORE"))
        crawler.signals.connect(ext.close, signal=signals.engine_stopped)
        return ext

    def store(self) -> Store:
        """The crawl's store, opened and its schema ensured on the first call only."""
        if self._store is None:
            store = open_store(self.url)
            try:
                store.ensure_schema()
            except BaseException:
                store.close()
                raise
            self._store = store
            logger.info("Writing to %(url)s", {"url": store.url})
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def crawl_store(crawler: Crawler) -> Store:
    """The crawl's store, from its CrawlStore extension (which the components that use the
    store need: they fail loudly without it rather than store nothing)."""
    ext = crawler.get_extension(CrawlStore)
    if ext is None:
        raise RuntimeError("newsindex's components need the CrawlStore extension (EXTENSIONS)")
    return ext.store()
