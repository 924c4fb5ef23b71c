"""A news site played on 127.0.0.1: a :class:`Site` maps paths (query string included) to
:class:`Page` answers, and :class:`LocalSite` serves it from a background thread.

The demo serves its outlet with it and the crawl benchmark its pages; the
test suite builds its recording, proxying, misbehaving sites on top of it
(tests/sites/server.py).
"""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Page:
    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def html(cls, text: str, **kwargs: Any) -> Page:
        return cls(text.encode("utf-8"), **kwargs)


NOT_FOUND = Page(b"<h1>Not found</h1>", status=404)


@dataclass
class Site:
    """Pages by path."""

    pages: dict[str, Page] = field(default_factory=dict)

    def add(self, path: str, page: Page) -> None:
        self.pages[path] = page

    def answer(self, path: str, headers: dict[str, str]) -> Page:
        return self.pages.get(path) or NOT_FOUND


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
        outer = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                outer.serve(self, send_body=True)

            def do_HEAD(self) -> None:
                outer.serve(self, send_body=False)

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.server = _Server((host, port), _Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def serve(self, handler: BaseHTTPRequestHandler, send_body: bool) -> None:
        """Answer one request with the site's page for its path."""
        headers = {k.lower(): v for k, v in handler.headers.items()}
        self.send(handler, self.site.answer(handler.path, headers), send_body)

    def send(
        self,
        handler: BaseHTTPRequestHandler,
        page: Page,
        send_body: bool,
        body: bytes | None = None,
    ) -> bool:
        """Write the page's status, headers and ``body`` (default: the page's); False when
        the client had hung up."""
        try:
            handler.send_response(page.status)
            if page.content_type:
                handler.send_header("Content-Type", page.content_type)
            for name, value in page.headers.items():
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(page.body)))
            handler.end_headers()
            if send_body:
                handler.wfile.write(page.body if body is None else body)
        except (BrokenPipeError, ConnectionResetError):
            return False
        return True

    def __enter__(self) -> LocalSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
