"""``newsindex import-warc``: web archives made by other tools become documents, as a crawl
would make them.

The independent producer is GNU Wget (``--warc-file --recursive``), crawling
the Dala News site on 127.0.0.1 only; the import of its WARC must store the
same articles, field by field, as ``newsindex crawl`` of the same site. Other
tests write WARC files with warcio to hold what Wget does not write:
revisits, resource records, WARC 1.0, plain (not gzip) files, a cut.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from index.document import Document
from index.warc import read_page
from tests.conftest import IN_CI, make_store_url
from tests.sites.crawling import CRAWL_TIMEOUT, crawl_env, run_crawl
from tests.sites.newsportal import newsportal, profile_toml
from tests.sites.pages import story, story_html
from tests.sites.server import LocalSite
from tests.warcs import stored, warc_files, warc_root, warcio

#: What a crawl adds that the page does not say: when, and where its copy is kept.
CRAWL_FACTS = ("crawled_at", "first_seen", "last_seen", "warc_file", "warc_offset")


@dataclass(frozen=True)
class Imported:
    code: int
    summary: dict[str, Any]
    stderr: str


def import_warc(home: Path, store_url: str, *args: str) -> Imported:
    """``newsindex import-warc ARGS --store URL --json`` in its own process, as users run it."""
    proc = subprocess.run(
        [sys.executable, "-m", "search_cli", "import-warc", *args, "--store", store_url, "--json"],
        capture_output=True,
        text=True,
        timeout=CRAWL_TIMEOUT,
        env=crawl_env(home),
        check=False,
    )
    summary = json.loads(proc.stdout) if proc.stdout.strip() else {}
    return Imported(proc.returncode, summary, proc.stderr)


def wget_warc(base_url: str, workdir: Path) -> Path:
    """GNU Wget's recursive crawl of the site into a WARC file: 127.0.0.1 only, robots.txt
    obeyed, nothing above the start page, no proxy."""
    wget = shutil.which("wget")
    if wget is None:
        if IN_CI:
            pytest.fail("wget is not installed: CI must have it (apt-get install wget)")
        pytest.skip("wget is not installed")
    workdir.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    subprocess.run(
        [
            wget,
            "--recursive",
            "--level=5",
            "--no-parent",
            "--domains=127.0.0.1",
            "--no-proxy",
            "--tries=1",
            "--timeout=10",
            "--no-verbose",
            "--execute=robots=on",
            f"--warc-file={workdir / 'site'}",
            f"{base_url}/news/",
        ],
        cwd=workdir,
        env=env,
        capture_output=True,
        timeout=120,
        check=False,  # 8: the site answers 404 for some links, as real sites do
    )
    return workdir / "site.warc.gz"


@dataclass(frozen=True)
class Compared:
    crawl: dict[str, Document]  # by URL
    imported: dict[str, Document]
    expected_urls: frozenset[str]
    run: Imported
    home: Path
    store_url: str


@pytest.fixture(scope="module", params=["sqlite", "elasticsearch"])
def compared(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Compared]:
    """The site crawled by newsindex into one store, by Wget into a WARC imported into
    another store of the same kind."""
    tmp = tmp_path_factory.mktemp(f"import-{request.param}")
    crawl_store = make_store_url(request.param, tmp / "crawl", request)
    import_store = make_store_url(request.param, tmp / "import", request)
    portal = newsportal()
    with LocalSite(portal.site) as served:
        profile = tmp / "dala-news.toml"
        profile.write_text(profile_toml(served.url), encoding="utf-8")
        crawl = run_crawl(served, profile, crawl_store, tmp / "crawl-home")
        warc = wget_warc(served.url, tmp / "wget")
        expected = frozenset(served.url + p for p in portal.article_paths)
    assert crawl.exit_code == 0, crawl.stderr[-2000:]
    home = tmp / "import-home"
    run = import_warc(home, import_store, str(warc), "--profile", str(profile))
    yield Compared(
        {d.url: d for d in stored(crawl_store)},
        {d.url: d for d in stored(import_store)},
        expected,
        run,
        home,
        import_store,
    )


def test_wgets_warc_imports_exactly_the_sites_articles(compared: Compared) -> None:
    assert compared.run.code == 0, compared.run.stderr[-2000:]
    assert set(compared.imported) == compared.expected_urls == set(compared.crawl)
    assert compared.run.summary["stored"] == len(compared.expected_urls)


def test_imported_articles_equal_the_crawled_ones_field_by_field(compared: Compared) -> None:
    for url, crawled in compared.crawl.items():
        imported = compared.imported[url].to_dict()
        for name, value in crawled.to_dict().items():
            if name not in CRAWL_FACTS:
                assert (url, name, imported[name]) == (url, name, value)


def test_the_import_counts_what_it_skipped(compared: Compared) -> None:
    skipped = compared.run.summary["skipped"]
    # Wget's list pages and a tag page, its 404s, its robots.txt, its own log records.
    assert skipped["not_article"] >= 2 and skipped["status"] >= 1
    assert skipped["not_html"] >= 1 and skipped["not_web"] >= 1
    assert compared.run.summary["truncated"] == 0


def test_imported_pages_are_kept_in_the_archive_and_read_back(compared: Compared) -> None:
    root = warc_root(compared.home)
    assert [warcio("check", str(f)).returncode for f in warc_files(root)] == [0]
    for doc in compared.imported.values():
        page = read_page(root, str(doc.warc_file), int(doc.warc_offset or 0))
        assert page.url == doc.url and b"<html" in page.payload


def test_importing_the_same_warc_again_stores_nothing_twice(
    compared: Compared, tmp_path: Path
) -> None:
    warc = next((compared.home.parent / "wget").glob("*.warc.gz"))
    profile = compared.home.parent / "dala-news.toml"
    again = import_warc(compared.home, compared.store_url, str(warc), "--profile", str(profile))
    assert again.code == 0, again.stderr[-2000:]
    assert (again.summary["stored"], again.summary["skipped"]["known"]) == (
        0,
        len(compared.expected_urls),
    )
    assert len(stored(compared.store_url)) == len(compared.expected_urls)


# --- records Wget does not write --------------------------------------------------------

ORDA = "https://en.orda.kz"  # the built-in orda-kz profile's articles; nothing is fetched


def _html(n: int) -> bytes:
    when = datetime(2026, 3, 1, 12, n, tzinfo=UTC)
    return story_html(story(n, f"/story-{n}", when, "en")).encode("utf-8")


def _response(writer: WARCWriter, url: str, body: bytes, status: str, kind: str) -> Any:
    headers = StatusAndHeaders(status, [("Content-Type", kind)], protocol="HTTP/1.1")
    return writer.create_warc_record(
        url, "response", payload=BytesIO(body), length=len(body), http_headers=headers
    )


def write_warc(path: Path, *, gzip: bool, version: str) -> list[int]:
    """A WARC file of every kind of record an import meets; the offsets of its records."""
    offsets = []
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip, warc_version=version)
        records = [
            writer.create_warcinfo_record(path.name, {"software": "a test"}),
            _response(writer, f"{ORDA}/first-story-101", _html(1), "200 OK", "text/html"),
            writer.create_warc_record(
                f"{ORDA}/second-story-102",
                "resource",
                payload=BytesIO(_html(2)),
                length=len(_html(2)),
                warc_content_type="text/html; charset=utf-8",
            ),
            writer.create_revisit_record(
                f"{ORDA}/first-story-101",
                "sha1:AAAA",
                f"{ORDA}/first-story-101",
                "2026-03-01T12:00:00Z",
            ),
            _response(writer, f"{ORDA}/photo-103", b"\xff\xd8\xff", "200 OK", "image/jpeg"),
            _response(writer, f"{ORDA}/gone-story-104", _html(4), "404 Not Found", "text/html"),
            _response(writer, f"{ORDA}/about/", _html(5), "200 OK", "text/html"),
            _response(writer, "https://example.com/other-106", _html(6), "200 OK", "text/html"),
            _response(writer, f"{ORDA}/third-story-107", _html(7), "200 OK", "text/html"),
        ]
        for record in records:
            offsets.append(out.tell())
            writer.write_record(record)
    return offsets


@pytest.mark.parametrize(
    ("gzip", "version"), [(True, "1.1"), (False, "1.0")], ids=["gzip-1.1", "plain-1.0"]
)
def test_responses_and_resources_are_taken_revisits_and_the_rest_skipped_and_counted(
    tmp_path: Path, gzip: bool, version: str
) -> None:
    warc = tmp_path / ("records.warc.gz" if gzip else "records.warc")
    write_warc(warc, gzip=gzip, version=version)
    run = import_warc(tmp_path / "home", f"sqlite:///{tmp_path / 'news.db'}", str(warc))
    assert run.code == 0, run.stderr[-2000:]
    docs = stored(f"sqlite:///{tmp_path / 'news.db'}")
    assert sorted(d.url for d in docs) == [
        f"{ORDA}/first-story-101",
        f"{ORDA}/second-story-102",
        f"{ORDA}/third-story-107",
    ]
    assert {d.source for d in docs} == {"orda-kz"}  # the built-in profile that owns them
    assert run.summary["skipped"] == {
        "revisit": 1,
        "not_html": 1,
        "status": 1,
        "not_article": 1,
        "no_profile": 1,
    }
    assert run.summary["record_types"] == {
        "warcinfo": 1,
        "response": 6,
        "resource": 1,
        "revisit": 1,
    }


def test_a_file_cut_inside_its_last_record_keeps_the_rest_and_says_so(tmp_path: Path) -> None:
    warc = tmp_path / "cut.warc.gz"
    offsets = write_warc(warc, gzip=True, version="1.1")
    warc.write_bytes(warc.read_bytes()[: offsets[-1] + 300])  # a download that stopped
    run = import_warc(tmp_path / "home", f"sqlite:///{tmp_path / 'news.db'}", str(warc))
    assert run.code == 0, run.stderr[-2000:]
    assert run.summary["truncated"] == 1 and run.summary["stored"] == 2
    assert "end inside a record" in run.stderr
    assert "Traceback" not in run.stderr


def test_every_html_page_of_the_outlet_with_all(tmp_path: Path) -> None:
    warc = tmp_path / "records.warc.gz"
    write_warc(warc, gzip=True, version="1.1")
    run = import_warc(tmp_path / "home", f"sqlite:///{tmp_path / 'news.db'}", str(warc), "--all")
    assert run.code == 0, run.stderr[-2000:]
    urls = {d.url for d in stored(f"sqlite:///{tmp_path / 'news.db'}")}
    assert f"{ORDA}/about/" in urls and len(urls) == 4
