"""A crawl keeps every stored article's page as fetched, in WARC files archivists' tools read.

The Dala News site is crawled for real (a subprocess, as users run it) into
each store; the files are then read by warcio's own command line (``warcio
check``, ``warcio index``), by index/warc.py, and by ``newsindex show --html``.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from index.document import Document, document_id
from index.warc import read_page
from tests.cli import run_cli
from tests.conftest import make_store_url
from tests.sites.crawling import CrawlRun, run_crawl
from tests.sites.newsportal import HOSPICE_CP1251, KAPCHAGAY, NewsPortal
from tests.sites.pages import list_html, stories_profile, story, story_html
from tests.sites.server import LocalSite, Page, Site
from tests.warcs import crawl_portal, read_all, stored, warc_files, warc_root, warcio

FAST = ("AUTOTHROTTLE_ENABLED=false", "NEWSINDEX_EXTRACT_PROCESSES=0")


@dataclass(frozen=True)
class Crawled:
    portal: NewsPortal
    base_url: str
    store_url: str
    root: Path
    run: CrawlRun
    documents: dict[str, Document]  # by URL path

    def url(self, path: str) -> str:
        return self.base_url + path


@pytest.fixture(scope="module", params=["sqlite", "elasticsearch"])
def crawled(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Crawled]:
    """One crawl of the site into a fresh store of each kind, WARC files beside it."""
    tmp = tmp_path_factory.mktemp(f"warc-{request.param}")
    store_url = make_store_url(request.param, tmp, request)
    done = crawl_portal(tmp, store_url)
    docs = done.documents(store_url)
    yield Crawled(done.portal, done.base_url, store_url, done.root, done.run, docs)


def test_warcio_check_and_index_read_the_crawls_files_without_error(crawled: Crawled) -> None:
    files = warc_files(crawled.root)
    checked = [warcio("check", str(f)) for f in files]
    indexed = [warcio("index", str(f)) for f in files]
    assert files
    assert [(c.returncode, c.stderr) for c in checked] == [(0, "")] * len(files)
    assert [i.returncode for i in indexed] == [0] * len(files)
    records = [line for i in indexed for line in i.stdout.splitlines()]
    # Every stored article: a request and a response; every file: its warcinfo.
    assert len(records) == len(crawled.documents) * 2 + len(files)


def test_each_stored_article_has_a_response_and_a_request_record_with_uri_date_digest_and_ip(
    crawled: Crawled,
) -> None:
    fields = "warc-type,warc-target-uri,warc-date,warc-payload-digest,warc-ip-address"
    lines = [
        json.loads(line)
        for f in warc_files(crawled.root)
        for line in warcio("index", "-f", fields, str(f)).stdout.splitlines()
    ]
    expected = sorted(crawled.url(path) for path in crawled.portal.article_paths)
    for kind in ("response", "request"):
        records = [r for r in lines if r["warc-type"] == kind]
        assert sorted(r["warc-target-uri"] for r in records) == expected
        assert all(r["warc-date"].endswith("Z") for r in records)
        assert all(r["warc-ip-address"] == "127.0.0.1" for r in records)
    responses = [r for r in lines if r["warc-type"] == "response"]
    assert all(r["warc-payload-digest"].startswith("sha1:") for r in responses)


def test_every_stored_document_points_at_its_page_as_fetched(crawled: Crawled) -> None:
    assert set(crawled.documents) == set(crawled.portal.article_paths)
    for path, doc in crawled.documents.items():
        assert doc.warc_file is not None and doc.warc_offset is not None
        assert not Path(doc.warc_file).is_absolute()  # relative to the root: the tree can move
        page = read_page(crawled.root, doc.warc_file, doc.warc_offset)
        assert (page.url, page.status) == (crawled.url(path), 200)
        assert page.payload == crawled.portal.site.pages[path].body  # the bytes served


def test_documents_record_the_extractor_version(crawled: Crawled) -> None:
    from crawler.extract.version import EXTRACTOR_VERSION

    assert {d.extractor_version for d in crawled.documents.values()} == {EXTRACTOR_VERSION}


def test_files_are_named_by_profile_utc_time_and_serial_and_say_who_wrote_them(
    crawled: Crawled,
) -> None:
    files = warc_files(crawled.root)
    names = [f.relative_to(crawled.root).as_posix() for f in files]
    assert all(re.fullmatch(r"dala-news/dala-news-\d{14}-\d{5}\.warc\.gz", n) for n in names)
    with files[0].open("rb") as stream:
        info = next(iter(ArchiveIterator(stream)))
        assert info.rec_type == "warcinfo"
        text = info.content_stream().read().decode()
    assert "software: newsindex/" in text and "profile: dala-news" in text


def test_show_html_prints_the_archived_page_as_fetched(crawled: Crawled) -> None:
    doc = crawled.documents[KAPCHAGAY.path]
    outcome = run_cli(
        "show", doc.id, "--html", "--store", crawled.store_url, "--warc-dir", str(crawled.root)
    )
    assert outcome.code == 0, outcome.stderr
    assert outcome.stdout == crawled.portal.site.pages[KAPCHAGAY.path].body.decode("utf-8")


def test_show_html_keeps_the_pages_own_charset(crawled: Crawled) -> None:
    doc = crawled.documents[HOSPICE_CP1251.path]
    page = read_page(crawled.root, str(doc.warc_file), int(doc.warc_offset or 0))
    assert page.payload == crawled.portal.site.pages[HOSPICE_CP1251.path].body
    assert "windows-1251" in page.payload[:400].decode("ascii", "replace")


def test_show_html_of_a_document_without_a_record_is_a_one_line_error(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'news.db'}"
    run_cli("index", "init", "--store", url)
    from tests.cli import load

    load(url, [Document(url="https://orda.kz/old-1/", title="Old", body="Stored before WARC.")])
    outcome = run_cli("show", "https://orda.kz/old-1/", "--html", "--store", url)
    assert outcome.code == 1
    [line] = outcome.stderr.splitlines()
    assert line.startswith("newsindex: error: no archived page for https://orda.kz/old-1/")


# --- settings -------------------------------------------------------------------------


def _stories_site(count: int, gzip_first: bool = False) -> tuple[Site, list[str]]:
    site = Site()
    when = datetime(2026, 3, 1, tzinfo=UTC)
    paths = []
    for n in range(count):
        s = story(n, f"/news/story-{n}/", when - timedelta(hours=n))
        html = story_html(s).encode("utf-8")
        if gzip_first and n == 0:
            page = Page(gzip.compress(html), headers={"Content-Encoding": "gzip"})
        else:
            page = Page(html)
        site.add(s.path, page)
        paths.append(s.path)
    site.add("/news/", Page.html(list_html("News", [(p, p, None) for p in paths])))
    return site, paths


def _profile(tmp_path: Path, base_url: str, name: str = "stories") -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(stories_profile(base_url, name), encoding="utf-8")
    return path


def _settings(*extra: str) -> list[str]:
    return [arg for value in (*FAST, *extra) for arg in ("--set", value)]


def test_a_gzip_encoded_page_is_archived_as_sent_and_read_back_decoded(tmp_path: Path) -> None:
    site, paths = _stories_site(3, gzip_first=True)
    store_url = f"sqlite:///{tmp_path / 'news.db'}"
    with LocalSite(site) as served:
        run = run_crawl(
            served, _profile(tmp_path, served.url), store_url, tmp_path / "home", *_settings()
        )
    assert run.exit_code == 0, run.stderr[-2000:]
    root = warc_root(tmp_path / "home")
    [doc] = [d for d in stored(store_url) if d.url.endswith(paths[0])]
    with (root / str(doc.warc_file)).open("rb") as stream:
        stream.seek(int(doc.warc_offset or 0))
        record = next(iter(ArchiveIterator(stream)))
        assert record.http_headers.get_header("Content-Encoding") == "gzip"
        assert record.http_headers.get_header("Transfer-Encoding") is None
        assert record.raw_stream.read() == site.pages[paths[0]].body  # gzip, as sent
    page = read_page(root, str(doc.warc_file), int(doc.warc_offset or 0))
    assert page.payload == gzip.decompress(site.pages[paths[0]].body)
    assert [warcio("check", str(f)).returncode for f in warc_files(root)] == [0]


def test_archiving_turned_off_writes_no_file_and_no_pointer(tmp_path: Path) -> None:
    site, paths = _stories_site(3)
    store_url = f"sqlite:///{tmp_path / 'news.db'}"
    with LocalSite(site) as served:
        profile = _profile(tmp_path, served.url)
        args = _settings("NEWSINDEX_WARC_ENABLED=false")
        run = run_crawl(served, profile, store_url, tmp_path / "home", *args)
    assert run.exit_code == 0, run.stderr[-2000:]
    docs = stored(store_url)
    assert len(docs) == len(paths)
    assert {(d.warc_file, d.warc_offset) for d in docs} == {(None, None)}
    assert warc_files(warc_root(tmp_path / "home")) == []


def test_files_rotate_past_their_size_and_each_profile_writes_its_own(tmp_path: Path) -> None:
    site, paths = _stories_site(12)
    root = tmp_path / "warc"
    store_url = f"sqlite:///{tmp_path / 'news.db'}"
    args = _settings("NEWSINDEX_WARC_MAX_SIZE=6000", f"NEWSINDEX_WARC_DIR={root}")
    with LocalSite(site) as served:
        first = run_crawl(served, _profile(tmp_path, served.url), store_url, tmp_path / "h", *args)
        other = _profile(tmp_path, served.url, "mirror")
        second = run_crawl(served, other, f"sqlite:///{tmp_path / 'b.db'}", tmp_path / "h", *args)
    assert (first.exit_code, second.exit_code) == (0, 0), first.stderr[-2000:]
    files = warc_files(root)
    by_profile = {p: [f for f in files if f.parent.name == p] for p in ("stories", "mirror")}
    assert len(by_profile["stories"]) > 1 and len(by_profile["mirror"]) > 1
    assert len(files) == len(by_profile["stories"]) + len(by_profile["mirror"])
    serials = [int(f.name.removesuffix(".warc.gz")[-5:]) for f in by_profile["stories"]]
    assert serials == list(range(len(serials)))
    for f in files:
        kinds = [r.record_type for r in read_all(f)]
        assert kinds[0] == "warcinfo" and "warcinfo" not in kinds[1:]
        assert f.stat().st_size <= 6000 or kinds == ["warcinfo", "response", "request"]
    docs = stored(store_url)
    assert len(docs) == len(paths)
    for doc in docs:
        page = read_page(root, str(doc.warc_file), int(doc.warc_offset or 0))
        assert page.url == doc.url and doc.id == document_id(page.url)
