"""The test sites' server: the demo server (crawler/demo/server.py) plus what tests need.

It records every request, so tests can assert what was and was not fetched;
answers as an HTTP proxy (absolute URLs in the request line), so a test can
play a site under a public-looking host name (``http_proxy`` pointing
here); answers conditional requests (``If-None-Match``,
``If-Modified-Since``) with 304 for pages that carry an ETag or
Last-Modified header; and plays slow, truncating, flaky and dynamic pages.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

from crawler.demo import server


@dataclass
class Page(server.Page):
    delay: float = 0.0  # seconds before answering (to play a slow server)
    truncate_to: int | None = None  # send only this many bytes of a longer Content-Length

    def not_modified(self, request_headers: dict[str, str]) -> bool:
        """Whether a conditional request's validators match this page."""
        if self.status != 200:
            return False
        etag = self.headers.get("ETag")
        if etag and request_headers.get("if-none-match") == etag:
            return True
        modified = self.headers.get("Last-Modified")
        return bool(modified and request_headers.get("if-modified-since") == modified)


Handler = Callable[[str, dict[str, str]], server.Page | None]


@dataclass
class Site(server.Site):
    """Pages by path; a handler may answer paths (or conditional requests) dynamically.

    ``sequences`` answer a path with each of their pages in turn, then with
    the last one for good (a 500 that recovers, a 429 then the page).
    """

    handler: Handler | None = None
    sequences: dict[str, list[server.Page]] = field(default_factory=dict)

    def add_sequence(self, path: str, pages: list[Page]) -> None:
        self.sequences[path] = list(pages)

    def answer(self, path: str, headers: dict[str, str]) -> server.Page:
        if self.handler is not None and (page := self.handler(path, headers)) is not None:
            return page
        if sequence := self.sequences.get(path):
            return sequence.pop(0) if len(sequence) > 1 else sequence[0]
        return super().answer(path, headers)


@dataclass(frozen=True)
class Received:
    """One request as the server saw it."""

    method: str
    host: str  # the Host the client asked for (the proxied host, when used as a proxy)
    path: str  # path and query string
    headers: dict[str, str]
    at: float  # time.monotonic() on arrival


class LocalSite(server.LocalSite):
    """Serve a site on 127.0.0.1, recording every request; use as a context manager."""

    def __init__(self, site: server.Site, host: str = "127.0.0.1", port: int = 0):
        super().__init__(site, host, port)
        self.requests: list[Received] = []
        self._lock = threading.Lock()

    def serve(self, handler: BaseHTTPRequestHandler, send_body: bool) -> None:
        headers = {k.lower(): v for k, v in handler.headers.items()}
        path, host = handler.path, headers.get("host", "")
        if path.startswith(("http://", "https://")):  # asked as a proxy
            parts = urlsplit(path)
            host = parts.netloc
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        with self._lock:
            self.requests.append(Received(handler.command, host, path, headers, time.monotonic()))
        page = self.site.answer(path, headers)
        if isinstance(page, Page) and page.not_modified(headers):
            page = Page(b"", status=304, content_type=None, headers=page.headers)
        delay = getattr(page, "delay", 0.0)
        if delay:
            time.sleep(delay)
        truncate_to = getattr(page, "truncate_to", None)
        body = page.body[:truncate_to] if truncate_to else None
        if self.send(handler, page, send_body, body) and send_body and truncate_to:
            handler.close_connection = True

    def received(self) -> list[Received]:
        with self._lock:
            return list(self.requests)

    def paths(self) -> list[str]:
        return [r.path for r in self.received()]

    def counts(self) -> Counter[str]:
        return Counter(self.paths())

    def __enter__(self) -> LocalSite:
        super().__enter__()
        return self
