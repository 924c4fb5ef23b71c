"""A crawl killed with SIGKILL and run again with the same --jobdir stores every article once."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import pytest

from index.factory import open_store
from tests.sites.crawling import CrawlRun, crawl_command, crawl_env, run_crawl
from tests.sites.pages import list_html, story, story_html
from tests.sites.server import LocalSite, Page, Site

ARTICLES = 30
KILL_AFTER = 12  # article requests seen by the server before the kill
SETTINGS = (
    "AUTOTHROTTLE_ENABLED=false",
    "CONCURRENT_REQUESTS=2",
    "NEWSINDEX_BATCH_SIZE=4",
    "NEWSINDEX_FLUSH_SECONDS=0.2",
    "NEWSINDEX_EXTRACT_PROCESSES=0",
)


def site_of_stories() -> tuple[Site, frozenset[str]]:
    """Thirty stories listed on one page, each answered after 50 ms."""
    site = Site()
    when = datetime(2026, 3, 1, tzinfo=UTC)
    stories = [story(n, f"/news/story-{n}/", when - timedelta(hours=n)) for n in range(ARTICLES)]
    for s in stories:
        site.add(s.path, Page.html(story_html(s), delay=0.05))
    site.add("/news/", Page.html(list_html("News", [(s.path, s.title, None) for s in stories])))
    return site, frozenset(s.path for s in stories)


def _profile(base_url: str) -> str:
    return f"""name = "resume-test"
source_name = "Resume Test"
domains = ["127.0.0.1"]

[lists]
urls = ["{base_url}/news/"]
article_pattern = '/news/story-\\d+/$'
"""


@dataclass(frozen=True)
class Resumed:
    paths: frozenset[str]
    stored_at_kill: frozenset[str]
    rerun: CrawlRun
    stored: list[str]  # the URL paths of every stored document (duplicates would repeat)


@pytest.fixture(scope="module")
def resumed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Resumed]:
    tmp = tmp_path_factory.mktemp("resume")
    store_url = f"sqlite:///{tmp / 'news.db'}"
    jobdir = tmp / "job"
    site, paths = site_of_stories()
    args = ["--jobdir", str(jobdir), *(a for s in SETTINGS for a in ("--set", s))]
    with LocalSite(site) as served:
        profile = tmp / "resume.toml"
        profile.write_text(_profile(served.url), encoding="utf-8")
        proc = subprocess.Popen(
            crawl_command(profile, store_url, *args),
            env=crawl_env(tmp / "home"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while sum(p in paths for p in served.paths()) < KILL_AFTER:
            assert proc.poll() is None, "the crawl ended before it could be killed"
            assert time.monotonic() < deadline, "the crawl made no progress"
            time.sleep(0.02)  # polling the server's log, not waiting for a result
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        store = open_store(store_url)
        stored_at_kill = frozenset(urlsplit(d.url).path for d in store.scan())
        store.close()
        rerun = run_crawl(served, profile, store_url, tmp / "home", *args)
        store = open_store(store_url)
        stored = [urlsplit(d.url).path for d in store.scan()]
        store.close()
        yield Resumed(paths, stored_at_kill, rerun, stored)


def test_killed_crawl_was_killed_halfway(resumed: Resumed) -> None:
    assert len(resumed.stored_at_kill) < ARTICLES


def test_resumed_crawl_ends_with_every_article_stored_once(resumed: Resumed) -> None:
    assert resumed.rerun.exit_code == 0, resumed.rerun.stderr[-2000:]
    assert sorted(resumed.stored) == sorted(resumed.paths)


def test_resumed_crawl_does_not_fetch_articles_stored_before_the_kill(resumed: Resumed) -> None:
    assert set(resumed.rerun.requested) & resumed.stored_at_kill == set()
