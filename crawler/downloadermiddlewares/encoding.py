"""Decode pages that declare no encoding (or a wrong UTF-8) with the right Cyrillic one."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response, TextResponse

from crawler.encoding import effective_encoding

logger = logging.getLogger(__name__)


class EncodingMiddleware:
    """Re-decode undeclared windows-1251 / KOI8-R pages, which Scrapy would read as mojibake."""

    def __init__(self, stats: Any):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> EncodingMiddleware:
        if not crawler.settings.getbool("NEWSINDEX_ENCODING_GUESS"):
            raise NotConfigured
        return cls(crawler.stats)

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, TextResponse) or not response.body:
            return response
        content_type = response.headers.get(b"Content-Type")
        encoding = effective_encoding(
            content_type.decode("latin-1") if content_type else None, response.body
        )
        if encoding is None:
            return response
        self.stats.inc_value(f"newsindex/encoding/guessed/{encoding}")
        logger.debug("Decoding %(url)s as %(enc)s", {"url": response.url, "enc": encoding})
        fixed: Response = response.replace(encoding=encoding)
        return fixed
