"""Capture each article's HTTP exchange as fetched, for the crawl's WARC archive.

Placed just before Scrapy's HttpCompressionMiddleware (595 > 590), it sees
the final response of an article request (redirects were followed before
it) with the body still as the server sent it, content coding included,
and the request's headers as the crawler sent them. The exchange rides on
the request's ``meta`` until the WARC spider middleware hands it to the
archive with the document made from it (crawler/spidermiddlewares/warc.py).
Only answers that can become documents are kept: 2xx, not 304.
"""

from __future__ import annotations

from datetime import UTC, datetime
from http import HTTPStatus

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.http.headers import Headers

from crawler.meta import EXCHANGE, ROLE
from crawler.warc.exchange import Exchange


def header_pairs(headers: Headers) -> tuple[tuple[str, str], ...]:
    """Scrapy's headers as (name, value) text pairs, one per value, in order."""
    return tuple(
        (name.decode("latin-1"), value.decode("latin-1"))
        for name, values in headers.items()
        for value in values
    )


def reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def exchange_of(request: Request, response: Response) -> Exchange:
    return Exchange(
        url=response.url,
        fetched_at=datetime.now(UTC),
        status=response.status,
        reason=reason(response.status),
        protocol=response.protocol or "HTTP/1.1",
        headers=header_pairs(response.headers),
        body=response.body,
        request_headers=header_pairs(request.headers),
        method=request.method,
        ip_address=str(response.ip_address) if response.ip_address else None,
    )


class WarcCaptureMiddleware:
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCaptureMiddleware:
        if not crawler.settings.getbool("NEWSINDEX_WARC_ENABLED"):
            raise NotConfigured("WARC archiving is off")
        return cls()

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get(ROLE) == "article" and 200 <= response.status < 300:
            request.meta[EXCHANGE] = exchange_of(request, response)
        return response
