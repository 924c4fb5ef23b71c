"""Each article fetched once per crawl, whichever way its request reached the downloader.

The incremental spider middleware drops links this crawl already asked for,
but a crawl resumed from its JOBDIR also holds the requests its queue kept
from the run that was stopped: those never passed that middleware in this
run, and the re-read list pages offer the same articles again. The check
therefore also sits where every request ends up, just before the download.
Retries and redirects of a request let through carry its pass and go on.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

from crawler.meta import ADMITTED, ROLE
from index.urls import canonical_url

logger = logging.getLogger(__name__)


class ArticleOnceMiddleware:
    def __init__(self, stats: Any):
        self.stats = stats
        self.run = uuid.uuid4().hex  # a pass from a stopped run does not count in this one
        self.fetched: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArticleOnceMiddleware:
        return cls(crawler.stats)

    def process_request(self, request: Request) -> None:
        if request.meta.get(ROLE) != "article" or request.meta.get(ADMITTED) == self.run:
            return
        url = canonical_url(request.url)
        if url in self.fetched:
            self.stats.inc_value("newsindex/skipped/seen")
            logger.debug("Already fetched in this crawl: %(url)s", {"url": request.url})
            raise IgnoreRequest(f"already fetched in this crawl: {request.url}")
        self.fetched.add(url)
        request.meta[ADMITTED] = self.run
