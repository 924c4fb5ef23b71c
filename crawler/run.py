"""The crawl runner: one crawl of one profile in this process, as a library call.

The command line's ``crawl``, ``demo`` and ``sites check`` call
:func:`run_crawl`, and ``import-warc`` :func:`run_import` (the same crawl
machinery, pipelines and all, reading WARC files instead of the web); so may
any program (the Twisted reactor runs once per
process, so one crawl per process). A crawl that cannot start (its store
cannot be opened, say) raises the error that stopped it, before anything
is fetched.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from scrapy import Spider
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from twisted.python.failure import Failure

from crawler import jobstate
from crawler.profile import Profile
from crawler.spiders.news import NewsSpider
from crawler.warc.importspider import WarcImportSpider


class OneLine(logging.Filter):
    """Drop a record's traceback unless DEBUG logging is on: the message says enough."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and not logging.getLogger().isEnabledFor(logging.DEBUG):
            record.exc_info = None
            record.exc_text = None
        return True


def crawl_settings(store_url: str | None, overrides: dict[str, Any] | None = None) -> Settings:
    """The project's settings (crawler/settings.py), the store, and these overrides."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    if store_url:
        settings.set("NEWSINDEX_STORE", store_url, priority="cmdline")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def run_crawl(
    profile: Profile,
    store_url: str | None,
    *,
    max_pages: int | None = None,
    since: str | None = None,
    overrides: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Crawl one profile into the store and return the crawl's stats."""
    return run_spider(
        NewsSpider, store_url, overrides, profile=profile, max_pages=max_pages, since=since
    )


def run_import(
    files: list[str],
    store_url: str | None,
    *,
    profiles: list[Profile] | None = None,
    every_page: bool = False,
    overrides: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Import the pages of WARC files into the store and return the import's stats."""
    return run_spider(
        WarcImportSpider,
        store_url,
        overrides,
        files=files,
        profiles=profiles,
        every_page=every_page,
    )


def run_spider(
    spidercls: type[Spider], store_url: str | None, overrides: dict[str, Any] | None, **kwargs: Any
) -> dict[str, Any]:
    """Run one spider of the project to its end; its stats."""
    settings = crawl_settings(store_url, overrides)
    jobdir = settings.get("JOBDIR")
    held = jobstate.hold(jobdir) if jobdir else None  # JobdirInUse: before anything is fetched
    if jobdir:
        # A killed run's queue is dropped and its lists re-walked: past the articles stored
        # before the kill too, since a killed crawl leaves no complete walk (crawler/walks.py).
        jobstate.begin(jobdir)
    # The caller owns the root log handler; Scrapy's loggers follow LOG_LEVEL.
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")
    process = CrawlerProcess(settings)
    logging.getLogger("scrapy").setLevel(settings.get("LOG_LEVEL"))
    # A site that is down fails its robots.txt first: one line, not a traceback.
    robots = logging.getLogger("scrapy.downloadermiddlewares.robotstxt")
    if not any(isinstance(f, OneLine) for f in robots.filters):
        robots.addFilter(OneLine())
    crawler = process.create_crawler(spidercls)
    failures: list[Failure] = []
    process.crawl(crawler, **kwargs).addErrback(failures.append)
    try:
        process.start()
    finally:
        if jobdir:
            jobstate.end(jobdir)
        if held is not None:
            os.close(held)
    if failures:
        failures[0].raiseException()
    stats: dict[str, Any] = crawler.stats.get_stats() if crawler.stats else {}
    return stats
