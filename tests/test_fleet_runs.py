"""A fleet's runs across a killed scheduler, a run past its limit, and a node that stalls and
comes back with a job already given up: real scrapyd processes, Elasticsearch, test sites."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fleet import ScrapydNode, archive, deployed_nodes, fleet_store, outlets
from tests.scheduling import (
    DEADLINE,
    SchedulerProcess,
    runs,
    scheduler_processes,
    wait_for,
    write_schedule,
)

pytestmark = pytest.mark.elasticsearch


@pytest.fixture
def store(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return fleet_store(request, tmp_path)


@pytest.fixture
def nodes(tmp_path: Path) -> Iterator[list[ScrapydNode]]:
    with deployed_nodes(tmp_path / "nodes", 2) as started:
        yield started


@pytest.fixture
def schedulers() -> Iterator[list[SchedulerProcess]]:
    with scheduler_processes() as started:
        yield started


def test_a_scheduler_started_after_one_was_killed_follows_its_job_and_starts_none(
    tmp_path: Path, store: str, nodes: list[ScrapydNode], schedulers: list[SchedulerProcess]
) -> None:
    with outlets(tmp_path / "sites", delay=0.5) as sites:
        site = sites[0]
        crawls = {site.name: {"profile": str(site.profile), "every": "1h", "set": site.settings}}
        fleet = {"nodes": [node.url for node in nodes], "poll": "1s"}
        schedule = write_schedule(tmp_path, store, crawls, fleet)
        first = SchedulerProcess(schedule, tmp_path / "first.log")
        schedulers.append(first)
        (run,) = wait_for("the dispatch", lambda: [r for r in runs() if r["job"]])
        wait_for("the crawl to fetch articles", site.article_requests)
        assert first.stop(signal.SIGKILL) == -signal.SIGKILL
        second = SchedulerProcess(schedule, tmp_path / "second.log")
        schedulers.append(second)
        wait_for("the run to end", lambda: runs()[0]["status"] != "running", DEADLINE)
        assert second.stop() == 0, second.text()
    (ended,) = runs()
    assert (ended["id"], ended["job"], ended["status"]) == (run["id"], run["job"], "ok")
    assert ended["stored"] == len(site.articles)
    assert f"following run {run['id']} (job {run['job']} on {run['node']}) left by an earlier" in (
        second.text()
    )
    assert [job for node in nodes for job in node.jobs_of(site.name)] == [run["job"]]
    assert len(archive(store)) == len(site.articles)


def test_a_job_past_its_max_runtime_is_cancelled_on_its_node_and_recorded_as_a_timeout(
    tmp_path: Path, store: str, nodes: list[ScrapydNode]
) -> None:
    with outlets(tmp_path / "sites", delay=1.0) as sites:
        site = sites[0]
        slow = {**site.settings, "CONCURRENT_REQUESTS": "1"}
        crawls = {site.name: {"profile": str(site.profile), "every": "1h", "max_runtime": "8s",
                              "set": slow}}  # fmt: skip
        fleet = {"nodes": [nodes[0].url], "poll": "1s"}
        result = subprocess.run(
            [sys.executable, "-m", "search_cli", "schedule", "--once", "--file",
             str(write_schedule(tmp_path, store, crawls, fleet))],
            capture_output=True, text=True, timeout=DEADLINE, check=False,
        )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert f"{site.name}: past its max_runtime, stopping" in result.stderr
    (run,) = runs()
    assert (run["status"], run["finish_reason"], run["error"]) == (
        "timeout", "shutdown", "stopped at its max_runtime",
    )  # fmt: skip
    assert 0 < run["stored"] < len(site.articles)


def test_a_node_that_stalls_loses_its_job_and_when_it_answers_again_that_job_is_cancelled(
    tmp_path: Path, store: str, nodes: list[ScrapydNode], schedulers: list[SchedulerProcess]
) -> None:
    """SIGSTOP to the node's Scrapyd alone: its API stops answering, its crawl goes on."""
    stalled, other = nodes
    with outlets(tmp_path / "sites", delay=1.5) as sites:
        site = sites[0]
        slow = {**site.settings, "CONCURRENT_REQUESTS": "1"}
        crawls = {site.name: {"profile": str(site.profile), "every": "1h", "set": slow}}
        fleet = {"nodes": [stalled.url, other.url], "poll": "1s", "lost_after": "4s",
                 "timeout": "4s"}  # fmt: skip
        scheduler = SchedulerProcess(
            write_schedule(tmp_path, store, crawls, fleet), tmp_path / "scheduler.log"
        )
        schedulers.append(scheduler)
        (first,) = wait_for("the dispatch", lambda: [r for r in runs() if r["job"]])
        assert first["node"] == stalled.url
        wait_for("the crawl to fetch articles", site.article_requests)
        assert stalled.process is not None
        os.kill(stalled.process.pid, signal.SIGSTOP)
        try:
            wait_for("the run lost, the crawl on the other node", lambda: len(runs()) == 2)
        finally:
            os.kill(stalled.process.pid, signal.SIGCONT)
        line = f"{stalled.url}: job {first['job']} came back after it was given up: cancelling it"
        wait_for("the stray job cancelled", lambda: line in scheduler.text())
        wait_for(
            "the stray job to end",
            lambda: all(j.state == "finished" for j in stalled.client().jobs("newsindex")),
        )
        wait_for("the second run to end", lambda: runs()[-1]["status"] != "running", DEADLINE)
        assert scheduler.stop() == 0, scheduler.text()
    assert scheduler.text().count(line) == 1
    lost, rerun = runs()
    assert (lost["status"], lost["node"]) == ("lost", stalled.url)
    assert "cannot reach the node (timed out)" in lost["error"]
    assert (rerun["status"], rerun["node"]) == ("ok", other.url)
    stored = archive(store)
    assert sorted(stored) == sorted(set(stored)) and set(stored) == site.expected()
