"""``newsindex schedule`` for real: crawl subprocesses on the test site, killed and restarted.

Every scheduler here is a real ``newsindex schedule`` process and every crawl
a real ``newsindex crawl`` it starts; the site is Dala News on 127.0.0.1,
slowed down where a test must catch a crawl in the middle. The tests wait
for events (a request reaching the site, a line in the scheduler's log, a
run record) with a deadline, never for a fixed time.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from index.paths import default_data_dir
from scheduler.lock import is_locked
from search_cli.commands.crawl import crawl as crawl_command
from tests.scheduling import (
    DEADLINE,
    SchedulerProcess,
    finished_runs,
    runs,
    scheduler_processes,
    stored_ids,
    wait_for,
    write_schedule,
)
from tests.sites.newsportal import SOURCE, NewsPortal, newsportal, profile_toml
from tests.sites.server import LocalSite

FAST = {"AUTOTHROTTLE_ENABLED": "false"}

_CRAWL_OPTIONS = {opt for param in crawl_command.params for opt in param.opts}
pytestmark = pytest.mark.skipif(
    not {"--jobdir", "--set"} <= _CRAWL_OPTIONS,
    reason="`newsindex crawl` has no --jobdir/--set yet (the crawling issue adds them)",
)


@dataclass
class Served:
    name: str
    portal: NewsPortal
    site: LocalSite
    profile: Path

    def article_requests(self) -> list[str]:
        articles = self.portal.article_paths
        return [p for p in self.site.paths() if p in articles]


@contextmanager
def served(tmp_path: Path, name: str = SOURCE, delay: float = 0.0) -> Iterator[Served]:
    """Dala News under profile ``name``; ``delay`` seconds before each article page."""
    portal = newsportal()
    for path in portal.article_paths:
        portal.site.pages[path].delay = delay
    with LocalSite(portal.site) as site:
        profile = tmp_path / f"{name}.toml"
        text = profile_toml(site.url).replace(f'name = "{SOURCE}"', f'name = "{name}"')
        profile.write_text(text, encoding="utf-8")
        yield Served(name, portal, site, profile)


@pytest.fixture
def schedulers() -> Iterator[list[SchedulerProcess]]:
    with scheduler_processes() as started:
        yield started


def test_two_profiles_on_short_intervals_run_again_and_again_and_are_recorded(
    tmp_path: Path, schedulers: list[SchedulerProcess]
) -> None:
    store_url = f"sqlite:///{tmp_path / 'news.db'}"
    with served(tmp_path, "dala-a") as a, served(tmp_path, "dala-b") as b:
        crawls = {s.name: {"profile": str(s.profile), "every": "2s", "set": FAST} for s in (a, b)}
        scheduler = SchedulerProcess(write_schedule(tmp_path, store_url, crawls), tmp_path / "log")
        schedulers.append(scheduler)
        for s in (a, b):
            wait_for(f"two runs of {s.name}", lambda s=s: len(finished_runs(s.name)) >= 2)
        assert scheduler.stop() == 0, scheduler.text()
    n = len(a.portal.article_paths)
    for s in (a, b):
        first, second = finished_runs(s.name)[:2]
        assert (first["status"], first["exit_code"], first["stored"]) == ("ok", 0, n)
        # incremental: the second run fetches no article the store has
        assert (second["status"], second["stored"], second["skipped"]) == ("ok", 0, n)
        assert second["started"] >= first["ended"]
    assert len(stored_ids(store_url)) == 2 * n  # each profile is its own source


def test_failed_filter_lists_only_failed_runs(
    tmp_path: Path, schedulers: list[SchedulerProcess]
) -> None:
    store_url = f"sqlite:///{tmp_path / 'news.db'}"
    with served(tmp_path) as site:
        broken = tmp_path / "broken.toml"
        broken.write_text('name = "broken"\n', encoding="utf-8")
        crawls = {
            "dala": {"profile": str(site.profile), "every": "1h", "set": FAST},
            "broken": {"profile": str(broken), "every": "1h"},
        }
        result = subprocess.run(
            [sys.executable, "-m", "search_cli", "schedule", "--once", "--file",
             str(write_schedule(tmp_path, store_url, crawls))],
            capture_output=True, text=True, timeout=DEADLINE, check=False,
        )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "1 scheduled crawl(s) failed" in result.stderr
    failed = runs("--failed")
    assert [(r["profile"], r["status"], r["exit_code"]) for r in failed] == [
        ("broken", "failed", 2)
    ]
    assert [r["status"] for r in runs("--profile", "dala")] == ["ok"]


def test_a_profile_never_runs_twice_at_once_even_after_the_scheduler_is_killed(
    tmp_path: Path, schedulers: list[SchedulerProcess]
) -> None:
    store_url = f"sqlite:///{tmp_path / 'news.db'}"
    settings = {**FAST, "CONCURRENT_REQUESTS": "1"}
    with served(tmp_path, delay=0.4) as site:
        crawls = {SOURCE: {"profile": str(site.profile), "every": "2s", "set": settings}}
        schedule = write_schedule(tmp_path, store_url, crawls)
        first = SchedulerProcess(schedule, tmp_path / "first.log")
        schedulers.append(first)
        wait_for("the crawl to fetch an article", site.article_requests)
        assert first.stop(signal.SIGKILL) == -signal.SIGKILL
        (orphan,) = runs()
        assert orphan["status"] == "running"
        lock = default_data_dir() / "schedule" / "locks" / f"{SOURCE}.lock"
        assert is_locked(lock)  # the crawl holds it, not the dead scheduler

        second = SchedulerProcess(schedule, tmp_path / "second.log")
        schedulers.append(second)
        line = f"{SOURCE} is still running (pid {orphan['pid']}): not starting another"
        wait_for("the second scheduler to decline", lambda: line in second.text())
        assert site.site.counts()["/news/"] == 1  # no second crawl began

        wait_for("the orphan crawl to end", lambda: not is_locked(lock))
        wait_for("its record to be completed", lambda: runs()[0]["status"] != "running")
        wait_for("the next run", lambda: len(finished_runs(SOURCE)) >= 2)
        assert second.stop() == 0, second.text()
    recorded = finished_runs(SOURCE)
    n = len(site.portal.article_paths)
    assert (recorded[0]["status"], recorded[0]["stored"]) == ("ok", n)
    assert recorded[1]["started"] >= recorded[0]["ended"]
    assert len(stored_ids(store_url)) == n


def test_sigterm_leaves_a_resumable_crawl_that_the_next_run_completes_without_duplicates(
    tmp_path: Path, schedulers: list[SchedulerProcess]
) -> None:
    store_url = f"sqlite:///{tmp_path / 'news.db'}"
    settings = {**FAST, "CONCURRENT_REQUESTS": "1", "NEWSINDEX_BATCH_SIZE": "1"}
    with served(tmp_path, delay=0.4) as site:
        crawls = {SOURCE: {"profile": str(site.profile), "every": "1h", "set": settings}}
        schedule = write_schedule(tmp_path, store_url, crawls)
        scheduler = SchedulerProcess(schedule, tmp_path / "log")
        schedulers.append(scheduler)
        wait_for("three article fetches", lambda: len(site.article_requests()) >= 3)
        assert scheduler.stop() == 0, scheduler.text()
        (interrupted,) = runs()
        n = len(site.portal.article_paths)
        assert interrupted["status"] == "interrupted"
        assert 0 < interrupted["stored"] < n
        jobdir = default_data_dir() / "schedule" / "jobs" / SOURCE
        assert any(jobdir.iterdir()), "no job state left to resume"

        result = subprocess.run(
            [sys.executable, "-m", "search_cli", "schedule", "--once", "--file", str(schedule)],
            capture_output=True, text=True, timeout=DEADLINE, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        requested = site.article_requests()
    first, second = runs()
    assert second["status"] == "ok"
    assert first["stored"] + second["stored"] == n
    assert sorted(requested) == sorted(set(requested))  # no article fetched twice
    assert len(stored_ids(store_url)) == n
