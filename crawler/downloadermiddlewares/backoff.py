"""Wait before a retry: the server's Retry-After, else exponential backoff.

Scrapy's RetryMiddleware re-schedules a failed request at once. This
middleware sits just before it (a higher order number, so it sees
responses and exceptions first) and holds a response or exception that is
going to be retried for ``Retry-After`` seconds (429 and 503 send it), or
for ``NEWSINDEX_BACKOFF_BASE * 2 ** retries``, at most
``NEWSINDEX_BACKOFF_MAX``. Only that request waits; the rest of the crawl
goes on.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.utils.misc import load_object

logger = logging.getLogger(__name__)


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def backoff_seconds(retries: int, base: float, cap: float, retry_after: float | None) -> float:
    """The wait before retry number ``retries + 1``."""
    wait = retry_after if retry_after is not None else base * 2**retries
    return min(max(wait, 0.0), cap)


class BackoffMiddleware:
    def __init__(
        self,
        codes: set[int],
        exceptions: tuple[type[BaseException], ...],
        max_retries: int,
        base: float,
        cap: float,
        stats: Any,
    ):
        self.codes = codes
        self.exceptions = exceptions
        self.max_retries = max_retries
        self.base = base
        self.cap = cap
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffMiddleware:
        settings = crawler.settings
        if not settings.getbool("RETRY_ENABLED") or not settings.getbool(
            "NEWSINDEX_BACKOFF_ENABLED"
        ):
            raise NotConfigured
        exceptions = tuple(load_object(e) for e in settings.getlist("RETRY_EXCEPTIONS"))
        return cls(
            {int(c) for c in settings.getlist("RETRY_HTTP_CODES")},
            exceptions,
            settings.getint("RETRY_TIMES"),
            settings.getfloat("NEWSINDEX_BACKOFF_BASE"),
            settings.getfloat("NEWSINDEX_BACKOFF_MAX"),
            crawler.stats,
        )

    def _will_retry(self, request: Request) -> bool:
        retries = int(request.meta.get("retry_times", 0))
        limit = int(request.meta.get("max_retry_times", self.max_retries))
        return not request.meta.get("dont_retry", False) and retries < limit

    async def _wait(self, request: Request, retry_after: float | None) -> None:
        wait = backoff_seconds(
            int(request.meta.get("retry_times", 0)), self.base, self.cap, retry_after
        )
        if wait <= 0:
            return
        self.stats.inc_value("newsindex/backoff/count")
        self.stats.inc_value("newsindex/backoff/seconds", wait)
        logger.info("Waiting %(s).1fs before retrying %(url)s", {"s": wait, "url": request.url})
        await asyncio.sleep(wait)

    async def process_response(self, request: Request, response: Response) -> Response:
        if response.status in self.codes and self._will_retry(request):
            header = response.headers.get(b"Retry-After")
            await self._wait(
                request, retry_after_seconds(header.decode("latin-1") if header else None)
            )
        return response

    async def process_exception(self, request: Request, exception: Exception) -> None:
        if isinstance(exception, self.exceptions) and self._will_retry(request):
            await self._wait(request, None)
