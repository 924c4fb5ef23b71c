"""One HTTP exchange as it is archived: what was asked, what came back, and its two records.

"As fetched" means the response body as the server sent it, content coding
(gzip, deflate, br) kept, with the headers that came with it, less
``Transfer-Encoding`` (the HTTP client has already undone chunking, so the
stored body is the entity, not the wire) and with ``Content-Length`` set to
the stored length; readers decode the content coding (``warcio``'s
``content_stream``, index/warc.py). The request record holds the request
line and the headers the crawler sent. Pure: no Scrapy, no files.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from typing import Any
from urllib.parse import urlsplit

from warcio.recordbuilder import RecordBuilder
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date

#: Response headers that describe the wire, not the stored body.
WIRE_HEADERS = frozenset({"transfer-encoding", "content-length"})


@dataclass(frozen=True)
class Exchange:
    url: str
    fetched_at: datetime
    status: int
    reason: str
    protocol: str  # "HTTP/1.1"
    headers: tuple[tuple[str, str], ...]  # response headers, in the order received
    body: bytes  # the entity body as received (content coding kept)
    request_headers: tuple[tuple[str, str], ...] | None = None  # None: no request record
    method: str = "GET"
    ip_address: str | None = None


def stored_headers(exchange: Exchange) -> list[tuple[str, str]]:
    kept = [(k, v) for k, v in exchange.headers if k.lower() not in WIRE_HEADERS]
    return [*kept, ("Content-Length", str(len(exchange.body)))]


def request_target(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def exchange_records(builder: RecordBuilder, exchange: Exchange) -> list[Any]:
    """The response record, then (when the request is known) the request record, linked."""
    when = exchange.fetched_at.astimezone(UTC).replace(tzinfo=None)
    micros = builder.warc_version == RecordBuilder.WARC_1_1
    warc_headers = {"WARC-Date": datetime_to_iso_date(when, use_micros=micros)}
    if exchange.ip_address:
        warc_headers["WARC-IP-Address"] = exchange.ip_address
    status = f"{exchange.status} {exchange.reason}".strip()
    response = builder.create_warc_record(
        exchange.url,
        "response",
        payload=BytesIO(exchange.body),
        length=len(exchange.body),
        http_headers=StatusAndHeaders(status, stored_headers(exchange), exchange.protocol),
        warc_headers_dict=dict(warc_headers),
    )
    if exchange.request_headers is None:
        return [response]
    headers = list(exchange.request_headers)
    if not any(k.lower() == "host" for k, _ in headers):
        headers.insert(0, ("Host", urlsplit(exchange.url).netloc))
    request_line = f"{exchange.method} {request_target(exchange.url)}"
    request = builder.create_warc_record(
        exchange.url,
        "request",
        http_headers=StatusAndHeaders(
            request_line, headers, exchange.protocol, is_http_request=True
        ),
        warc_headers_dict={
            **warc_headers,
            "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID"),
        },
    )
    return [response, request]
