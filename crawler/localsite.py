"""A news site played on 127.0.0.1: for the demo, the tests and the benchmarks.

A :class:`Site` maps paths (with their query string) to :class:`Page`
responses; :class:`LocalSite` serves it from a background thread and
records every request, so tests can assert what was and was not fetched.

It also answers as an HTTP proxy (absolute URLs in the request line), so a
test can play a site under a public-looking host name (``http_proxy``
pointing here), and it answers conditional requests (``If-None-Match``,
``If-Modified-Since``) with 304 for pages that carry an ETag or
Last-Modified header.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit


@dataclass
class Page:
    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (to play a slow server)
    truncate_to: int | None = None  # send only this many bytes of a longer Content-Length

    @classmethod
    def html(cls, text: str, **kwargs: Any) -> Page:
        return cls(text.encode("utf-8"), **kwargs)

    def not_modified(self, request_headers: dict[str, str]) -> bool:
        """Whether a conditional request's validators match this page."""
        if self.status != 200:
            return False
        etag = self.headers.get("ETag")
        if etag and request_headers.get("if-none-match") == etag:
            return True
        modified = self.headers.get("Last-Modified")
        return bool(modified and request_headers.get("if-modified-since") == modified)


Handler = Callable[[str, dict[str, str]], Page | None]


@dataclass
class Site:
    """Pages by path; a handler may answer paths (or conditional requests) dynamically.

    ``sequences`` answer a path with each of their pages in turn, then with
    the last one for good (a 500 that recovers, a 429 then the page).
    """

    pages: dict[str, Page] = field(default_factory=dict)
    handler: Handler | None = None
    sequences: dict[str, list[Page]] = field(default_factory=dict)

    def add(self, path: str, page: Page) -> None:
        self.pages[path] = page

    def add_sequence(self, path: str, pages: list[Page]) -> None:
        self.sequences[path] = list(pages)

    def answer(self, path: str, headers: dict[str, str]) -> Page:
        if self.handler is not None and (page := self.handler(path, headers)) is not None:
            return page
        if sequence := self.sequences.get(path):
            return sequence.pop(0) if len(sequence) > 1 else sequence[0]
        return self.pages.get(path) or Page(b"<h1>Not found</h1>", status=404)


@dataclass(frozen=True)
class Received:
    """One request as the server saw it."""

    method: str
    host: str  # the Host the client asked for (the proxied host, when used as a proxy)
    path: str  # path and query string
    headers: dict[str, str]
    at: float  # time.monotonic() on arrival


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up (a crawl's timeout, a cancelled download) is no error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class LocalSite:
    """Serve a :class:`Site` on 127.0.0.1 and a free port; use as a context manager."""

    def __init__(self, site: Site, host: str = "127.0.0.1", port: int = 0):
        self.site = site
        self.requests: list[Received] = []
        self._lock = threading.Lock()
        outer = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                outer._serve(self, send_body=True)

            def do_HEAD(self) -> None:
                outer._serve(self, send_body=False)

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.server = _Server((host, port), _Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def _serve(self, handler: BaseHTTPRequestHandler, send_body: bool) -> None:
        headers = {k.lower(): v for k, v in handler.headers.items()}
        path, host = handler.path, headers.get("host", "")
        if path.startswith(("http://", "https://")):  # asked as a proxy
            parts = urlsplit(path)
            host = parts.netloc
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        with self._lock:
            self.requests.append(Received(handler.command, host, path, headers, time.monotonic()))
        page = self.site.answer(path, headers)
        if page.not_modified(headers):
            page = Page(b"", status=304, content_type=None, headers=page.headers)
        if page.delay:
            time.sleep(page.delay)
        try:
            handler.send_response(page.status)
            if page.content_type:
                handler.send_header("Content-Type", page.content_type)
            for name, value in page.headers.items():
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(page.body)))
            handler.end_headers()
            if send_body:
                body = page.body[: page.truncate_to] if page.truncate_to else page.body
                handler.wfile.write(body)
                if page.truncate_to:
                    handler.close_connection = True
        except (BrokenPipeError, ConnectionResetError):
            pass

    def received(self) -> list[Received]:
        with self._lock:
            return list(self.requests)

    def paths(self) -> list[str]:
        return [r.path for r in self.received()]

    def counts(self) -> Counter[str]:
        return Counter(self.paths())

    def __enter__(self) -> LocalSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
