"""Run one crawl in this process (the Twisted reactor runs once per process)."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawler import jobstate
from crawler.profile import Profile
from crawler.spiders.news import NewsSpider


def crawl_settings(store_url: str | None, overrides: dict[str, Any] | None = None) -> Settings:
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
    settings = crawl_settings(store_url, overrides)
    jobdir = settings.get("JOBDIR")
    if jobdir and jobstate.begin(jobdir):
        # Articles stored before the kill sit at the top of the lists: walk past them.
        settings.set("NEWSINDEX_KNOWN_STREAK", 0, priority="cmdline")
    # The caller (the CLI) owns the root log handler; Scrapy's loggers follow LOG_LEVEL.
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")
    process = CrawlerProcess(settings)
    logging.getLogger("scrapy").setLevel(settings.get("LOG_LEVEL"))
    crawler = process.create_crawler(NewsSpider)
    process.crawl(crawler, profile=profile, max_pages=max_pages, since=since)
    process.start()
    if jobdir:
        jobstate.end(jobdir)
    stats: dict[str, Any] = crawler.stats.get_stats() if crawler.stats else {}
    return stats


def download_errors(stats: dict[str, Any]) -> int:
    """Failed downloads; requests skipped on purpose (robots.txt, known) are not failures."""
    ignored = "downloader/exception_type_count/scrapy.exceptions.IgnoreRequest"
    return int(stats.get("downloader/exception_count", 0)) - int(stats.get(ignored, 0))


def _group(stats: dict[str, Any], prefix: str) -> dict[str, int]:
    return {
        key.removeprefix(prefix): int(value)
        for key, value in sorted(stats.items())
        if key.startswith(prefix)
    }


def summarize(stats: dict[str, Any]) -> dict[str, Any]:
    """The figures users care about, from Scrapy's and newsindex's stats."""
    return {
        "pages": int(stats.get("response_received_count", 0)),
        "list_pages": int(stats.get("newsindex/pages/list", 0)),
        "article_pages": int(stats.get("newsindex/pages/article", 0)),
        "stored": int(stats.get("newsindex/stored", 0)),
        "skipped_known": int(stats.get("newsindex/skipped/known", 0)),
        "dropped": {
            key.removeprefix("newsindex/dropped/"): int(value)
            for key, value in sorted(stats.items())
            if key.startswith("newsindex/dropped/")
        },
        "store_errors": int(stats.get("newsindex/store_errors", 0)),
        "spooled": int(stats.get("newsindex/spooled", 0)),
        "dead_letter": int(stats.get("newsindex/dead_letter", 0)),
        "http_errors": int(stats.get("httperror/response_ignored_count", 0)),
        "download_errors": download_errors(stats),
        "finish_reason": str(stats.get("finish_reason", "")),
        "feed_pages": int(stats.get("newsindex/pages/feed", 0)),
        "sitemap_pages": int(stats.get("newsindex/pages/sitemap", 0)),
        "not_modified": int(stats.get("newsindex/not_modified", 0)),
        "skipped_older": int(stats.get("newsindex/skipped/older", 0)),
        "refused": _group(stats, "newsindex/refused/"),
        "stopped": _group(stats, "newsindex/stopped/"),
        "seconds": round(float(stats.get("elapsed_time_seconds", 0.0)), 2),
    }
