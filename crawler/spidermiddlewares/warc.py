"""Hand each article's captured exchange to the WARC archive, with the document made from it.

The downloader keeps the exchange on the request (crawler/downloadermiddlewares/
warccapture.py); pipelines see only documents. This pairs the two where
both are at hand, the spider's output for the response, and the archive
pipeline writes the pair once the document has passed validation and
dedup, just before it is stored.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from crawler.extensions.warc import WarcArchive, crawl_archive
from crawler.meta import EXCHANGE
from index.document import Document


class WarcMiddleware:
    def __init__(self, archive: WarcArchive):
        self.archive = archive

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcMiddleware:
        archive = crawl_archive(crawler)
        if archive is None:
            raise NotConfigured("WARC archiving is off")
        return cls(archive)

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        exchange = response.meta.pop(EXCHANGE, None)
        async for obj in result:
            if exchange is not None and isinstance(obj, Document):
                self.archive.hold(obj, exchange)
            yield obj
