"""Crawlers for unit tests of the Scrapy components, built the Scrapy way (``get_crawler``).

With the project's settings (crawler/settings.py: every newsindex setting
and its default, the components and the CrawlStore extension) under the
test's own, so a component reads what it reads in a real crawl.
"""

from __future__ import annotations

from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

import crawler.settings

PROJECT: dict[str, Any] = {k: v for k, v in vars(crawler.settings).items() if k.isupper()}


def project_crawler(spidercls: type[Spider] | None = None, **settings: Any) -> Crawler:
    """A crawler (not crawling) with the project's settings and ``settings`` over them."""
    return get_crawler(spidercls, settings_dict={**PROJECT, **settings})


def stat(crawler: Crawler, key: str) -> Any:
    assert crawler.stats is not None
    return crawler.stats.get_value(key)
