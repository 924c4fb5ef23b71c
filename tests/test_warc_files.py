"""WARC files written by crawler/warc/ and read by index/warc.py, without a crawl."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.warc.exchange import Exchange
from crawler.warc.writer import WarcWriter, Written
from index.warc import Truncated, read_page, records


def exchange(n: int) -> Exchange:
    body = f"<html><body><h1>Статья {n}</h1><p>{'текст ' * 50}</p></body></html>".encode()
    return Exchange(
        url=f"https://example.kz/news/story-{n}/",
        fetched_at=datetime(2026, 3, 1, 12, n, tzinfo=UTC),
        status=200,
        reason="OK",
        protocol="HTTP/1.1",
        headers=(("Content-Type", "text/html; charset=utf-8"), ("Transfer-Encoding", "chunked")),
        body=body,
        request_headers=(("User-Agent", "newsindex"),),
        ip_address="127.0.0.1",
    )


def written(root: Path, count: int) -> tuple[Path, list[Written]]:
    writer = WarcWriter(root, "example", 10**9)
    done = [writer.write(exchange(n)) for n in range(count)]
    writer.close()
    return root / done[0].warc_file, done


def test_each_page_reads_back_as_it_was_written(tmp_path: Path) -> None:
    _, done = written(tmp_path, 3)
    for n, where in enumerate(done):
        page = read_page(tmp_path, where.warc_file, where.offset)
        assert (page.url, page.status, page.payload) == (
            exchange(n).url,
            200,
            exchange(n).body,
        )
        assert page.header("Transfer-Encoding") is None  # the body is stored de-chunked
        assert page.header("Content-Length") == str(len(exchange(n).body))
        assert page.fetched_at == exchange(n).fetched_at and page.ip_address == "127.0.0.1"


def test_a_file_cut_anywhere_in_its_last_exchange_reads_what_came_before_then_says_so(
    tmp_path: Path,
) -> None:
    path, done = written(tmp_path / "warc", 3)
    data = path.read_bytes()
    start = done[-1].offset
    for cut in range(start + 1, len(data) - 8, 23):
        cut_file = tmp_path / "cut.warc.gz"
        cut_file.write_bytes(data[:cut])
        seen = []
        with cut_file.open("rb") as stream, pytest.raises(Truncated):
            for record in records(stream, "cut"):
                seen.append(record.offset)
        assert {0, *(w.offset for w in done[:2])} <= set(seen), cut


def test_two_writers_of_one_profile_never_share_a_file(tmp_path: Path) -> None:
    first = WarcWriter(tmp_path, "example", 10**9)
    second = WarcWriter(tmp_path, "example", 10**9)
    a, b = first.write(exchange(1)), second.write(exchange(2))
    first.close()
    second.close()
    assert a.warc_file != b.warc_file
    assert read_page(tmp_path, b.warc_file, b.offset).url == exchange(2).url
