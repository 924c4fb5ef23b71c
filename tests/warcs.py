"""Helpers for the WARC tests: where a crawl's files are, and warcio's own command line."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from index.document import Document
from index.factory import open_store
from index.warc import Record, records
from tests.sites.crawling import CrawlRun, run_crawl
from tests.sites.newsportal import NewsPortal, newsportal, profile_toml
from tests.sites.server import LocalSite

WARCIO = str(Path(sys.executable).parent / "warcio")


def warc_root(home: Path) -> Path:
    """The WARC root of a crawl run with ``home`` as its user directories (crawl_env)."""
    return home / "xdg_data_home" / "newsindex" / "warc"


def warc_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.warc.gz"))


def warcio(*args: str) -> subprocess.CompletedProcess[str]:
    """``warcio ARGS``: the library's own command line, as archivists run it."""
    return subprocess.run([WARCIO, *args], capture_output=True, text=True, timeout=120, check=False)


def read_all(path: Path) -> list[Record]:
    with path.open("rb") as stream:
        return list(records(stream, path.name))


def stored(store_url: str) -> list[Document]:
    store = open_store(store_url)
    try:
        store.refresh()
        return list(store.scan())
    finally:
        store.close()


@dataclass(frozen=True)
class PortalCrawl:
    """A finished crawl of the Dala News site (served only while it ran)."""

    portal: NewsPortal
    base_url: str
    root: Path  # its WARC root
    run: CrawlRun

    def documents(self, store_url: str) -> dict[str, Document]:
        """What the store holds, by URL path."""
        return {d.url.removeprefix(self.base_url): d for d in stored(store_url)}


def crawl_portal(tmp: Path, store_url: str) -> PortalCrawl:
    """``newsindex crawl`` of the Dala News site into the store, user directories in ``tmp``."""
    portal = newsportal()
    with LocalSite(portal.site) as served:
        profile = tmp / "dala-news.toml"
        profile.write_text(profile_toml(served.url), encoding="utf-8")
        run = run_crawl(served, profile, store_url, tmp / "home")
    assert run.exit_code == 0, run.stderr[-3000:]
    return PortalCrawl(portal, served.url, warc_root(tmp / "home"), run)
