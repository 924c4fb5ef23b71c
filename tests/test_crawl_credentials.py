"""Credentials in the ``--store`` URL reach every request the crawl makes to Elasticsearch.

A small recording proxy on 127.0.0.1 stands between the crawl and the real
node: it forwards each request as it is and remembers its Authorization header.
"""

from __future__ import annotations

import base64
import http.client
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import make_store_url
from tests.sites.crawling import run_crawl
from tests.sites.server import LocalSite
from tests.test_crawl_faults import news_site, profile, settings


class RecordingProxy:
    """Forward requests to ``target`` (host:port), recording (method, path, Authorization)."""

    def __init__(self, target: str):
        self.seen: list[tuple[str, str, str | None]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                outer.seen.append((self.command, self.path, self.headers.get("Authorization")))
                upstream = http.client.HTTPConnection(target, timeout=60)
                headers = {k: v for k, v in self.headers.items() if k.lower() != "host"}
                upstream.request(self.command, self.path, body=body, headers=headers)
                answer = upstream.getresponse()
                data = answer.read()
                self.send_response(answer.status)
                for name, value in answer.getheaders():
                    if name.lower() not in ("transfer-encoding", "content-length", "connection"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                upstream.close()

            do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = forward

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def address(self) -> str:
        host, port = self.server.server_address[:2]
        return f"{host!s}:{port}"


@pytest.fixture
def proxy(es_url: str) -> Iterator[RecordingProxy]:
    recording = RecordingProxy(urlsplit(es_url).netloc)
    recording.thread.start()
    yield recording
    recording.server.shutdown()
    recording.server.server_close()


def test_store_url_credentials_go_with_every_request_of_the_crawl(
    proxy: RecordingProxy, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    alias = make_store_url("elasticsearch", tmp_path, request).rsplit("/", 1)[1]
    store_url = f"http://crawler:pa%2Fss@{proxy.address}/{alias}"
    site = news_site(6)
    with LocalSite(site.site) as served:
        run = run_crawl(
            served, profile(tmp_path, served.url), store_url, tmp_path / "home", *settings()
        )
    expected = "Basic " + base64.b64encode(b"crawler:pa/ss").decode()
    assert run.exit_code == 0, run.stderr[-2000:]
    assert run.summary["stored"] == 6
    assert any("_bulk" in path for _, path, _ in proxy.seen)
    assert {auth for _, _, auth in proxy.seen} == {expected}
