"""A crawl meets a bad day: killed, interrupted, doubled, the site down, a page unreadable.

Each crawl runs in its own process, as users run it, against a news site
served on 127.0.0.1; what is stored is read back from the store afterwards.
"""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from index.factory import open_store
from tests.sites.crawling import crawl_command, crawl_env, run_crawl
from tests.sites.pages import list_html, story, story_html
from tests.sites.server import LocalSite, Page, Site

FAST = ("AUTOTHROTTLE_ENABLED=false", "NEWSINDEX_EXTRACT_PROCESSES=0", "NEWSINDEX_BATCH_SIZE=5")
PER_PAGE = 6


@dataclass
class NewsSite:
    """Stories listed newest first, ``PER_PAGE`` a page, with a next-page link."""

    site: Site
    paths: list[str]  # newest first

    def publish(self, count: int, delay: float = 0.0) -> None:
        """Add ``count`` stories on top of the list, and lay the list pages out again."""
        start = len(self.paths)
        when = datetime(2026, 3, 1, tzinfo=UTC)
        new = [
            story(n, f"/news/story-{n}/", when + timedelta(hours=n))
            for n in range(start, start + count)
        ]
        for s in new:
            self.site.add(s.path, Page.html(story_html(s), delay=delay))
        self.paths = [s.path for s in reversed(new)] + self.paths
        pages = [self.paths[i : i + PER_PAGE] for i in range(0, len(self.paths), PER_PAGE)]
        for number, links in enumerate(pages, 1):
            nxt = (
                f'<a class="next" href="/news/page/{number + 1}/">next</a>'
                if number < len(pages)
                else ""
            )
            path = "/news/" if number == 1 else f"/news/page/{number}/"
            items = [(p, f"Story {p}", None) for p in links]
            self.site.add(path, Page.html(list_html("News", items, extra=nxt)))


def news_site(count: int, delay: float = 0.0) -> NewsSite:
    site = NewsSite(Site(), [])
    site.publish(count, delay)
    return site


def profile(tmp_path: Path, base_url: str, max_pages: int = 50) -> Path:
    path = tmp_path / "faults.toml"
    path.write_text(
        f"""name = "faults"
source_name = "Faults"
domains = ["127.0.0.1"]

[lists]
urls = ["{base_url}/news/"]
article_pattern = '/news/story-\\d+/$'
next_page = "a.next::attr(href)"
max_pages = {max_pages}
""",
        encoding="utf-8",
    )
    return path


def settings(*extra: str) -> list[str]:
    return [arg for value in (*FAST, *extra) for arg in ("--set", value)]


def stored_paths(store_url: str) -> set[str]:
    store = open_store(store_url)
    try:
        store.refresh()  # what a killed crawl wrote, visible on Elasticsearch too
        return {urlsplit(d.url).path for d in store.scan()}
    finally:
        store.close()


def start(profile_path: Path, store_url: str, home: Path, *args: str) -> subprocess.Popen[str]:
    """A crawl in its own process group (as a terminal runs it), stdout and stderr captured."""
    return subprocess.Popen(
        crawl_command(profile_path, store_url, *args),
        env=crawl_env(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def wait_for_articles(served: LocalSite, count: int, proc: subprocess.Popen[str]) -> None:
    """Until the site has answered ``count`` story requests (polling its request log)."""
    wait_for_requests(served, count, proc, "/story-")


def wait_for_requests(
    served: LocalSite, count: int, proc: subprocess.Popen[str], part: str = ""
) -> None:
    """Until the site has received ``count`` requests for paths holding ``part``."""
    deadline = time.monotonic() + 60
    while sum(part in p for p in served.paths()) < count:
        assert proc.poll() is None, "the crawl ended before the fault"
        assert time.monotonic() < deadline, "the crawl made no progress"
        time.sleep(0.02)


def test_a_crawl_killed_without_jobdir_is_completed_by_the_next_one(
    store_url: str, tmp_path: Path
) -> None:
    """Item 5: the known-article streak must not hide the older pages a killed crawl never
    reached; once a crawl has walked them all, the streak stops paging again."""
    site = news_site(60, delay=0.05)
    streak = "NEWSINDEX_KNOWN_STREAK=4"
    with LocalSite(site.site) as served:
        path = profile(tmp_path, served.url)
        proc = start(path, store_url, tmp_path / "home", *settings(streak, "CONCURRENT_REQUESTS=2"))
        wait_for_articles(served, 15, proc)
        proc.kill()
        proc.communicate()
        stored_at_kill = stored_paths(store_url)
        rerun = run_crawl(served, path, store_url, tmp_path / "home", *settings(streak))
        after_rerun = stored_paths(store_url)
        site.publish(3)
        third = run_crawl(served, path, store_url, tmp_path / "home", *settings(streak))
    assert 0 < len(stored_at_kill) < 60
    assert rerun.exit_code == 0, rerun.stderr[-2000:]
    assert after_rerun == set(site.paths[3:])
    assert stored_paths(store_url) == set(site.paths)
    assert {p for p in third.requested if "/story-" in p} == set(site.paths[:3])
    assert third.summary["stopped"].get("known_streak") == 1
    assert sum(p.startswith("/news/page/") for p in third.requested) < 9


def test_ctrl_c_loses_no_article_for_good(tmp_path: Path) -> None:
    """Item 3: SIGINT to the crawl's process group (Ctrl-C) must not kill the extraction
    workers under the pages in hand; what the interrupted crawl did not store, the next
    one fetches."""
    store_url = f"sqlite:///{tmp_path / 'news.db'}"
    site = news_site(40, delay=0.05)
    args = settings("NEWSINDEX_EXTRACT_PROCESSES=2", "NEWSINDEX_KNOWN_STREAK=4")
    with LocalSite(site.site) as served:
        path = profile(tmp_path, served.url)
        proc = start(path, store_url, tmp_path / "home", *args)
        wait_for_articles(served, 10, proc)
        os.killpg(proc.pid, signal.SIGINT)
        _, interrupted_err = proc.communicate(timeout=120)
        rerun = run_crawl(served, path, store_url, tmp_path / "home", *args)
    assert "BrokenProcessPool" not in interrupted_err, interrupted_err[-2000:]
    assert "Traceback" not in interrupted_err, interrupted_err[-2000:]
    assert rerun.exit_code == 0, rerun.stderr[-2000:]
    assert stored_paths(store_url) == set(site.paths)


def test_a_second_crawl_on_a_jobdir_in_use_exits_with_one_line_and_spoils_nothing(
    tmp_path: Path,
) -> None:
    """Item 4: the crawl itself holds its JOBDIR; a second one on it stops before fetching."""
    store_url = f"sqlite:///{tmp_path / 'news.db'}"
    site = news_site(12)
    release = threading.Event()

    def held(path: str, headers: dict[str, str]) -> None:
        """Every answer waits until the second crawl has had its go."""
        release.wait(timeout=60)

    site.site.handler = held
    jobdir = ["--jobdir", str(tmp_path / "job")]
    with LocalSite(site.site) as served:
        path = profile(tmp_path, served.url)
        first = start(path, store_url, tmp_path / "home", *jobdir, *settings())
        try:
            wait_for_requests(served, 1, first)  # the first crawl is under way, held
            second = run_crawl(served, path, store_url, tmp_path / "home2", *jobdir, *settings())
        finally:
            release.set()
        _, err = first.communicate(timeout=120)
    assert second.exit_code == 1
    [line] = second.stderr.strip().splitlines()
    assert line.startswith("newsindex: error: ") and "in use by another crawl" in line
    assert second.requested == ()
    assert first.returncode == 0, err[-2000:]
    assert stored_paths(store_url) == set(site.paths)


def test_a_site_that_is_down_fails_the_crawl_in_one_line(tmp_path: Path) -> None:
    """Item 14: no start page read is a failure (exit 1), told without a traceback."""
    with LocalSite(Site()) as served:
        url = served.url
    path = profile(tmp_path, url)  # nothing listens there any more
    proc = subprocess.run(
        crawl_command(path, f"sqlite:///{tmp_path / 'news.db'}", *settings("RETRY_TIMES=0")),
        env=crawl_env(tmp_path / "home"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert proc.stderr.strip().splitlines()[-1].startswith("newsindex: error: none of the")


def test_an_article_page_that_cannot_be_read_is_reported_and_fails_the_crawl(
    tmp_path: Path,
) -> None:
    """Item 14: an extraction failure is one line in the log, counted in the summary and
    the exit status; the other articles are stored."""
    store_url = f"sqlite:///{tmp_path / 'news.db'}"
    site = news_site(5)
    site.site.add(site.paths[2], Page(b"", content_type="text/html"))  # empty: not HTML at all
    with LocalSite(site.site) as served:
        path = profile(tmp_path, served.url)
        run = run_crawl(served, path, store_url, tmp_path / "home", *settings())
    assert run.exit_code == 1
    assert run.summary["failed"] == {"extract": 1}
    assert run.summary["stored"] == 4
    assert "Traceback" not in run.stderr
    assert stored_paths(store_url) == set(site.paths) - {site.paths[2]}
