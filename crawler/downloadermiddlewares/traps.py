"""Refuse requests to URLs shaped like crawler traps (see crawler/safety.py)."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured

from crawler.safety import trap_reason

logger = logging.getLogger(__name__)


class TrapGuardMiddleware:
    """Ever-growing query strings and looping paths never reach the site."""

    def __init__(self, stats: Any):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TrapGuardMiddleware:
        if not crawler.settings.getbool("NEWSINDEX_TRAP_GUARD"):
            raise NotConfigured
        return cls(crawler.stats)

    def process_request(self, request: Request) -> None:
        reason = trap_reason(request.url)
        if reason is not None:
            self.stats.inc_value(f"newsindex/refused/{reason}")
            logger.warning("Refused %(url)s: %(why)s", {"url": request.url, "why": reason})
            raise IgnoreRequest(f"{reason}: {request.url}")
