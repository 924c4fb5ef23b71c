"""The one generic spider: a site profile says where to look, extraction does the rest.

The spider only parses: list pages, archives, feeds and sitemaps into
article requests, articles into documents. What to skip (already fetched
in this run, already stored, a streak of known articles) is decided by
crawler/spidermiddlewares/incremental.py; what is safe to fetch by the
downloader middlewares; how pages are read by crawler/discovery/.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime, time
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.discovery.feeds import Entry, parse_feed
from crawler.discovery.links import MAX_PAGE_LINKS, article_links, listed_dates, next_page_href
from crawler.discovery.pagination import all_older, archive_days, archive_url, page_url
from crawler.discovery.sitemaps import MAX_SITEMAP_URLS, parse_sitemap, wanted_sitemaps
from crawler.extractpool import ExtractPool
from crawler.meta import CHAIN, CONDITIONAL, NEXT, ROLE
from crawler.pagebounds import PageRejected
from crawler.profile import Profile
from crawler.profile_travel import profile_from_arguments
from index.document import Document
from index.urls import InvalidURL, web_url

#: Statuses that say an article is gone for good: not a failure to fetch it again later.
GONE = frozenset({404, 410})


def parse_since(value: str | date | None, profile: Profile) -> datetime | None:
    """``--since 2026-03-01``: midnight of that day in the outlet's time zone."""
    if value is None or value == "":
        return None
    day = value if isinstance(value, date) else date.fromisoformat(str(value))
    return datetime.combine(day, time(), tzinfo=profile.tz)


class NewsSpider(scrapy.Spider):
    name = "news"

    def __init__(
        self,
        profile: str | Profile | None = None,
        max_pages: int | str | None = None,
        since: str | date | None = None,
        profile_toml: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.profile = profile_from_arguments(profile, profile_toml)
        self.max_pages = int(max_pages) if max_pages else self.profile.lists.max_pages
        self.since = parse_since(since, self.profile)
        self.allowed_domains = list(self.profile.domains) + list(self.profile.redirect_domains)
        if self.profile.user_agent:
            self.user_agent = self.profile.user_agent  # read by Scrapy's UserAgentMiddleware
        self.pool = ExtractPool(0)
        self.discover_only = False  # `newsindex sites check`: report article links, fetch none
        self.found: dict[str, list[str]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider: NewsSpider = super().from_crawler(crawler, *args, **kwargs)
        spider.pool = ExtractPool.from_settings(crawler.settings)
        crawler.signals.connect(spider.pool.close, signal=signals.spider_closed)
        spider.discover_only = crawler.settings.getbool("NEWSINDEX_DISCOVER_ONLY")
        return spider

    # --- discovery --------------------------------------------------------------------

    def _refused(self, refused: Counter[str]) -> None:
        for reason, n in refused.items():
            self.crawler.stats.inc_value(f"newsindex/refused/{reason}", n)

    def _admit(self, href: str, base: str = "") -> str | None:
        """The absolute URL of a discovered link when it may be fetched; counted when not."""
        try:
            return web_url(href, base)
        except InvalidURL as exc:
            self._refused(Counter({exc.reason: 1}))
            self.logger.info("Refused %(href)s: %(why)s", {"href": href[:200], "why": exc})
            return None

    def _discover(self, url: str, callback: Any, chain: str, **kwargs: Any) -> scrapy.Request:
        meta = {ROLE: kwargs.pop("role", "list"), CHAIN: chain}
        if kwargs.pop("next", False):
            meta[NEXT] = True
        return scrapy.Request(
            url,
            callback=callback,
            cb_kwargs=kwargs,
            meta=meta,
            dont_filter=True,  # the run's own seen-set filters; a resumed job re-reads its lists
            errback=self.failed,
        )

    async def start(self) -> AsyncIterator[scrapy.Request]:
        lists = self.profile.lists
        for url in lists.urls:
            yield self._discover(url, self.parse_list, url, page=1)
        if lists.archive_template:
            for url in lists.urls if "{url}" in lists.archive_template else [""]:
                days = self._archive_days()
                if days:
                    archive = archive_url(lists.archive_template, days[0], url)
                    yield self._discover(archive, self.parse_list, f"archive:{url}", day=0)
        feed_headers = (
            {"User-Agent": self.profile.feed_user_agent} if self.profile.feed_user_agent else None
        )
        for url in self.profile.feeds:
            yield scrapy.Request(
                url,
                callback=self.parse_feed,
                meta={ROLE: "feed", CHAIN: url},
                headers=feed_headers,
                dont_filter=True,
                errback=self.failed,
            )
        for url in self.profile.sitemaps:
            yield self._discover(url, self.parse_sitemap, url, role="sitemap")

    def _archive_days(self) -> list[date]:
        today = datetime.now(self.profile.tz).date()
        since = self.since.date() if self.since else None
        return list(archive_days(today, self.profile.lists.archive_days, since))

    def _articles(self, urls: list[str], chain: str) -> Iterator[scrapy.Request]:
        if self.discover_only:
            self.found.setdefault(chain, []).extend(urls)
            self.crawler.stats.set_value("newsindex/check/found", self.found)
            return
        for url in urls:
            yield scrapy.Request(
                url,
                callback=self.parse_article,
                meta={ROLE: "article", CHAIN: chain},
                dont_filter=True,
                errback=self.failed,
            )

    def failed(self, failure: Failure) -> None:
        """One line per failed request (Scrapy would log a traceback); counted by Scrapy, and
        an article that may yet exist (not 404 or 410) under ``newsindex/failed/download``."""
        request = getattr(failure, "request", None)
        article = request is not None and request.meta.get(ROLE) == "article"
        if isinstance(failure.value, HttpError):
            # An errback takes the error from HttpErrorMiddleware: count it as it would.
            status = failure.value.response.status
            self.crawler.stats.inc_value("httperror/response_ignored_count")
            self.crawler.stats.inc_value(f"httperror/response_ignored_status_count/{status}")
            self.logger.info(
                "HTTP %(status)s: %(url)s", {"status": status, "url": failure.value.response.url}
            )
            if article and status not in GONE:
                self.crawler.stats.inc_value("newsindex/failed/download")
            return
        if isinstance(failure.value, IgnoreRequest):
            return  # refused on purpose; the refusing component said why
        if article:
            self.crawler.stats.inc_value("newsindex/failed/download")
        self.logger.warning(
            "Failed %(url)s: %(error)s",
            {"url": request.url if request else "?", "error": failure.getErrorMessage()},
        )

    def parse_list(
        self, response: Response, page: int = 1, day: int | None = None
    ) -> Iterator[scrapy.Request]:
        if not isinstance(response, TextResponse):
            return
        self.crawler.stats.inc_value("newsindex/pages/list")
        chain = response.meta[CHAIN]
        scope = response.css(self.profile.lists.link_selector or ":root")
        refused: Counter[str] = Counter()
        urls = article_links(
            scope.css("a::attr(href)").getall(),
            response.url,
            self.profile.canonical,
            self.profile.is_article,
            refused,
        )
        self._refused(refused)
        yield from self._articles(urls, chain)
        if all_older(listed_dates(response.selector), self.since):
            self.crawler.stats.inc_value("newsindex/stopped/since")
            return
        if day is not None:
            yield from self._previous_day(chain, day)
            return
        if page >= self.max_pages:
            self.crawler.stats.inc_value("newsindex/stopped/max_pages")
            return
        next_url = self._next_page(response, chain, page)
        if next_url:
            yield self._discover(next_url, self.parse_list, chain, page=page + 1, next=True)

    def _previous_day(self, chain: str, day: int) -> Iterator[scrapy.Request]:
        days = self._archive_days()
        template = self.profile.lists.archive_template
        if template and day + 1 < len(days):
            url = archive_url(template, days[day + 1], chain.removeprefix("archive:"))
            yield self._discover(url, self.parse_list, chain, day=day + 1, next=True)

    def _next_page(self, response: TextResponse, chain: str, page: int) -> str | None:
        if self.profile.lists.page_template:
            return self._admit(page_url(self.profile.lists.page_template, chain, page + 1))
        href = next_page_href(response.selector, self.profile.lists.next_page)
        if href and (url := self._admit(href, response.url)) and self.profile.owns(url):
            return url
        return None

    def _listed(self, entries: list[Entry], response: Response) -> Iterator[scrapy.Request]:
        """Article requests for feed or sitemap entries, minus those older than --since."""
        hrefs = []
        for entry in entries:
            if self.since and entry.published and entry.published < self.since:
                self.crawler.stats.inc_value("newsindex/skipped/older")
                continue
            hrefs.append(entry.url)
        refused: Counter[str] = Counter()
        limit = MAX_SITEMAP_URLS if response.meta.get(ROLE) == "sitemap" else MAX_PAGE_LINKS
        urls = article_links(
            hrefs,
            response.url,
            self.profile.canonical,
            self.profile.is_article,
            refused,
            limit=limit,
        )
        self._refused(refused)
        yield from self._articles(urls, response.meta[CHAIN])

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        self.crawler.stats.inc_value("newsindex/pages/feed")
        entries = parse_feed(response.body)
        if entries is None:
            self.crawler.stats.inc_value("newsindex/discovery/not_a_feed")
            self.logger.warning("Not a feed: %(url)s", {"url": response.url})
            return
        yield from self._listed(entries, response)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        self.crawler.stats.inc_value("newsindex/pages/sitemap")
        sitemap = parse_sitemap(response.body)
        chain = response.meta[CHAIN]
        if sitemap is None:
            self.crawler.stats.inc_value("newsindex/discovery/not_a_sitemap")
            self.logger.warning("Not a sitemap: %(url)s", {"url": response.url})
        elif sitemap.kind == "urlset":
            yield from self._listed(sitemap.entries, response)
        else:
            for entry in wanted_sitemaps(sitemap.entries, self.profile.sitemap_follow):
                if self.since and entry.published and entry.published < self.since:
                    self.crawler.stats.inc_value("newsindex/skipped/older_sitemap")
                    continue
                url = self._admit(entry.url, response.url)
                if url and self.profile.owns(url):
                    yield self._discover(url, self.parse_sitemap, chain, role="sitemap")

    # --- articles ---------------------------------------------------------------------

    async def parse_article(self, response: Response) -> AsyncIterator[Document]:
        if response.status == 304:
            return  # not modified: the incremental middleware moves its last_seen
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("newsindex/dropped/not_text")
            return
        self.crawler.stats.inc_value("newsindex/pages/article")
        try:
            doc = await self.pool.article(
                response.text, response.url, self.profile, datetime.now(UTC)
            )
        except PageRejected as exc:
            self.crawler.stats.inc_value(f"newsindex/dropped/{exc.reason}")
            self.logger.warning("Dropped %(url)s: %(why)s", {"url": response.url, "why": exc})
            return
        except Exception as exc:  # one page's failure is counted and reported, never fatal
            self.crawler.stats.inc_value("newsindex/failed/extract")
            self.logger.error(
                "Cannot extract %(url)s: %(error)s",
                {"url": response.url, "error": f"{type(exc).__name__}: {exc}"},
                exc_info=self.logger.isEnabledFor(logging.DEBUG),
            )
            return
        if response.meta.get(CONDITIONAL) and not doc.modified:
            doc.modified = doc.crawled_at  # it changed since the stored copy, the site says
        yield doc
