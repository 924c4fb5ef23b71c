"""Pages without a title or a body are not articles."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from index.document import Document


class ValidatePipeline:
    """Pages without a title or a body are not articles: drop and count them."""

    def __init__(self, stats: Any):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler.stats)

    def process_item(self, item: Document) -> Document:
        for name in ("title", "body"):
            if not (getattr(item, name) or "").strip():
                self.stats.inc_value(f"newsindex/dropped/no_{name}")
                raise DropItem(f"no {name}: {item.url}")
        return item
