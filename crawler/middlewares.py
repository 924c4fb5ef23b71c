"""Downloader middlewares of the crawler."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured

from crawler.spiders.news import ARTICLE_META
from index.document import document_id
from index.store import Store, open_store
from index.urls import canonical_url

logger = logging.getLogger(__name__)


class KnownArticlesMiddleware:
    """Skip article pages the store already holds, so a re-crawl fetches only what is new."""

    def __init__(self, store_url: str | None, stats: Any):
        self.store_url = store_url
        self.stats = stats
        self.store: Store | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> KnownArticlesMiddleware:
        if not crawler.settings.getbool("NEWSINDEX_SKIP_KNOWN"):
            raise NotConfigured
        mw = cls(crawler.settings.get("NEWSINDEX_STORE"), crawler.stats)
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def spider_opened(self) -> None:
        self.store = open_store(self.store_url)

    def spider_closed(self) -> None:
        if self.store is not None:
            self.store.close()

    def process_request(self, request: Request) -> None:
        if not request.meta.get(ARTICLE_META) or self.store is None:
            return
        doc_id = document_id(canonical_url(request.url))
        if self.store.known_ids([doc_id]):
            self.stats.inc_value("newsindex/skipped/known")
            raise IgnoreRequest(f"already stored: {request.url}")
