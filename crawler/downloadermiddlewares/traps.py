"""Refuse requests to what is not a web URL, or is shaped like a crawler trap.

Every request passes here, redirects included, so this is the last word on
what may be fetched: only http(s) URLs (index/urls.py ``web_url``), never
traps (crawler/safety.py). Discovery already refuses such links; this guard
holds for requests made any other way.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

from crawler.safety import trap_reason
from index.urls import InvalidURL, web_url

logger = logging.getLogger(__name__)


class TrapGuardMiddleware:
    """Ever-growing query strings and looping paths never reach the site."""

    def __init__(self, stats: Any, *, traps: bool = True):
        self.stats = stats
        self.traps = traps  # NEWSINDEX_TRAP_GUARD; the web-URL check cannot be turned off

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TrapGuardMiddleware:
        return cls(crawler.stats, traps=crawler.settings.getbool("NEWSINDEX_TRAP_GUARD"))

    def process_request(self, request: Request) -> None:
        try:
            web_url(request.url)
            reason = trap_reason(request.url) if self.traps else None
        except InvalidURL as exc:
            reason = exc.reason
        if reason is not None:
            self.stats.inc_value(f"newsindex/refused/{reason}")
            logger.warning("Refused %(url)s: %(why)s", {"url": request.url[:200], "why": reason})
            raise IgnoreRequest(f"{reason}: {request.url[:200]}")
