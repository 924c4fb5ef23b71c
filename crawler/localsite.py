"""A news site played on 127.0.0.1: for the demo, the tests and the benchmarks.

A :class:`Site` maps paths (with their query string) to :class:`Page`
responses; :class:`LocalSite` serves it from a background thread and
records every request, so tests can assert what was and was not fetched.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


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


Handler = Callable[[str, dict[str, str]], Page | None]


@dataclass
class Site:
    """Pages by path; a handler may answer paths (or conditional requests) dynamically."""

    pages: dict[str, Page] = field(default_factory=dict)
    handler: Handler | None = None

    def add(self, path: str, page: Page) -> None:
        self.pages[path] = page

    def answer(self, path: str, headers: dict[str, str]) -> Page:
        if self.handler is not None and (page := self.handler(path, headers)) is not None:
            return page
        return self.pages.get(path) or Page(b"<h1>Not found</h1>", status=404)


class LocalSite:
    """Serve a :class:`Site` on 127.0.0.1 and a free port; use as a context manager."""

    def __init__(self, site: Site, host: str = "127.0.0.1", port: int = 0):
        self.site = site
        self.requests: list[tuple[str, str, dict[str, str]]] = []  # (method, path, headers)
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

        self.server = ThreadingHTTPServer((host, port), _Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def _serve(self, handler: BaseHTTPRequestHandler, send_body: bool) -> None:
        headers = {k.lower(): v for k, v in handler.headers.items()}
        with self._lock:
            self.requests.append((handler.command, handler.path, headers))
        page = self.site.answer(handler.path, headers)
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

    def paths(self) -> list[str]:
        with self._lock:
            return [path for _, path, _ in self.requests]

    def counts(self) -> Counter[str]:
        return Counter(self.paths())

    def __enter__(self) -> LocalSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
