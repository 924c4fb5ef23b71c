"""Write each article's page to the WARC archive just before the document is stored.

After validation and dedup, so only documents that go to the store get a
record, and before the store pipeline, so a stored document always has one:
the record reaches the operating system here (a killed crawl keeps it), and
the store pipeline syncs the files to the disk before each bulk write. The
document gets its pointer: ``warc_file`` (relative to the WARC root) and
``warc_offset`` (its response record). A page that cannot be archived (the
disk is full) is not stored either: it is counted as lost, fails the crawl,
and the next crawl fetches it again.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

from crawler.extensions.warc import WarcArchive, crawl_archive
from index.document import Document

logger = logging.getLogger(__name__)


class ArchivePipeline:
    def __init__(self, archive: WarcArchive, stats: Any):
        self.archive = archive
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        archive = crawl_archive(crawler)
        if archive is None:
            raise NotConfigured("WARC archiving is off")
        return cls(archive, crawler.stats)

    async def process_item(self, item: Document) -> Document:
        exchange = self.archive.take(item)
        if exchange is None:
            return item  # a document with no page in hand (none was captured)
        try:
            # Building and compressing the records is most of the cost, and zlib and
            # hashlib let go of the GIL: in a thread it overlaps the reactor's own work.
            written = await asyncio.to_thread(self.archive.write, item.source, exchange)
        except OSError as exc:
            self.stats.inc_value("newsindex/lost")
            self.stats.inc_value("newsindex/store_errors")
            logger.error(
                "Not stored: the page of %(url)s could not be archived: %(error)s",
                {"url": item.url, "error": exc},
            )
            raise DropItem(f"not archived: {item.url}") from None
        item.warc_file, item.warc_offset = written.warc_file, written.offset
        self.stats.inc_value("newsindex/warc/records", written.records)
        self.stats.inc_value("newsindex/warc/bytes", written.size)
        return item
