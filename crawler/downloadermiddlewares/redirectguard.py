"""Redirects only to http(s) URLs within the profile's domains, never into private networks,
never in loops.

Runs before Scrapy's RedirectMiddleware sees a 3xx response. A profile's own
``domains`` are always reachable, whatever they resolve to (a profile for an
intranet or a local test site works). A redirect elsewhere is refused,
unless the host is in the profile's ``redirect_domains`` (CDN mirrors) and
neither is nor resolves to a private or loopback address (``allow_private``
lifts that). Each refusal is logged and counted under ``newsindex/refused/``.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from crawler.profile import Profile
from crawler.safety import literal_private, resolves_private
from index.urls import InvalidURL, canonical_url, web_url

logger = logging.getLogger(__name__)
REDIRECTS = frozenset({301, 302, 303, 307, 308})


class RedirectGuardMiddleware:
    """Refuse redirects that leave the profile's domains, reach private addresses or loop."""

    def __init__(self, stats: Any):
        self.stats = stats
        self.profile: Profile | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectGuardMiddleware:
        mw = cls(crawler.stats)
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        return mw

    def spider_opened(self, spider: Spider) -> None:
        self.profile = getattr(spider, "profile", None)

    async def refusal(self, request: Request, target: str) -> str | None:
        """Why a redirect from ``request`` to ``target`` is refused, or None."""
        chain = [*request.meta.get("redirect_urls", ()), request.url]
        if canonical_url(target) in {canonical_url(u) for u in chain}:
            return "redirect_loop"
        host = urlsplit(target).hostname or ""
        profile = self.profile
        if profile is None or profile.owns_host(host):
            return None
        if not profile.redirect_domains or not profile.owns_host(host, profile.redirect_domains):
            return "private_address" if literal_private(host) else "offsite_redirect"
        if profile.allow_private:
            return None
        private = literal_private(host)
        if private is None:
            private = await asyncio.to_thread(resolves_private, host)
        return "private_address" if private else None

    async def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get(b"Location")
        if response.status not in REDIRECTS or not location:
            return response
        try:
            target = web_url(location.decode("latin-1"), request.url)
            reason = await self.refusal(request, target)
        except InvalidURL as exc:
            target, reason = location.decode("latin-1")[:200], exc.reason
        if reason is None:
            return response
        self.stats.inc_value(f"newsindex/refused/{reason}")
        logger.warning(
            "Refused redirect from %(url)s to %(target)s: %(why)s",
            {"url": request.url, "target": target, "why": reason},
        )
        raise IgnoreRequest(f"{reason}: {request.url} -> {target}")
