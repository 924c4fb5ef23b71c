"""The crawl's summary as one line of its log, for whoever reads the log and not stdout.

A crawl that Scrapyd runs prints nothing anyone keeps: its log file, which
the node serves, is all that is left of it. At the end of the crawl this
extension writes there the summary ``newsindex crawl --json`` prints (and,
when the crawl failed although it ran to its end, why), as JSON on one line
after :data:`MARKER`, so the fleet scheduler records the same figures for a
crawl on a node as for a local one. Scrapy's own stats dump is a
pretty-printed Python repr (datetimes included), not data to parse.
"""

from __future__ import annotations

import json
import logging

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from crawler.summary import failure, summarize

logger = logging.getLogger(__name__)

MARKER = "newsindex summary: "


class SummaryLog:
    def __init__(self, stats: StatsCollector):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SummaryLog:
        assert crawler.stats is not None
        ext = cls(crawler.stats)
        # Connected after Scrapy's CoreStats (a lower order), which sets finish_reason and the
        # elapsed time on this same signal.
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, spider: Spider, reason: str) -> None:
        summary = summarize(self.stats.get_stats())
        line = json.dumps({**summary, "failure": failure(summary)}, sort_keys=True)
        logger.info("%(marker)s%(summary)s", {"marker": MARKER, "summary": line})
