"""The crawl fleet for real: three ``scrapyd`` processes, five outlets, Elasticsearch.

Every scheduler is a ``newsindex schedule`` process in fleet mode and every
crawl a Scrapyd job on one of the nodes (tests/fleet.py), each node in its own
working directory and process group; the archive is a real Elasticsearch
node; the outlets record every request they get. The tests wait for events
(a run record, a request reaching a site) with a deadline.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fleet import (
    PROJECT,
    Outlet,
    ScrapydNode,
    archive,
    deployed_nodes,
    fleet_store,
    known,
    outlets,
)
from tests.scheduling import (
    SchedulerProcess,
    runs,
    scheduler_processes,
    wait_for,
    write_schedule,
)

pytestmark = pytest.mark.elasticsearch
CRAWL_DEADLINE = 180.0  # five crawls on three nodes sharing two CPUs with the rest


@pytest.fixture
def store(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return fleet_store(request, tmp_path)


@pytest.fixture
def nodes(tmp_path: Path) -> Iterator[list[ScrapydNode]]:
    with deployed_nodes(tmp_path / "nodes", 3) as started:
        yield started


@pytest.fixture
def schedulers() -> Iterator[list[SchedulerProcess]]:
    with scheduler_processes() as started:
        yield started


def fleet_schedule(
    tmp_path: Path,
    store: str,
    sites: list[Outlet],
    nodes: list[ScrapydNode],
    lost_after: str = "30s",
    timeout: str = "10s",
    **settings: str,
) -> Path:
    crawls = {
        site.name: {
            "profile": str(site.profile),
            "every": "1h",
            "set": {**site.settings, **settings},
        }
        for site in sites
    }
    fleet = {"nodes": [node.url for node in nodes], "poll": "1s", "lost_after": lost_after,
             "timeout": timeout}  # fmt: skip
    return write_schedule(tmp_path, store, crawls, fleet)


def by_profile(recorded: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for run in recorded:
        grouped.setdefault(run["profile"], []).append(run)
    return grouped


def assert_archive_is_exact(store: str, sites: list[Outlet]) -> None:
    stored = archive(store)
    assert len(stored) == len(set(stored)), "an article is stored twice"
    assert set(stored) == set().union(*(site.expected() for site in sites))


def test_five_profiles_on_three_nodes_each_run_once_on_one_node_and_fill_the_archive(
    tmp_path: Path, store: str, nodes: list[ScrapydNode]
) -> None:
    with outlets(tmp_path / "sites") as sites:
        schedule = fleet_schedule(tmp_path, store, sites, nodes)
        result = subprocess.run(
            [sys.executable, "-m", "search_cli", "schedule", "--once", "--file", str(schedule)],
            capture_output=True, text=True, timeout=CRAWL_DEADLINE, check=False,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    recorded = by_profile(runs())
    assert sorted(recorded) == sorted(site.name for site in sites)
    for site in sites:
        (run,) = recorded[site.name]
        assert (run["status"], run["stored"], run["error"]) == ("ok", len(site.articles), None)
        # one job of the profile in the whole fleet: on the node its run names
        jobs = {node.url: node.jobs_of(site.name) for node in nodes}
        assert {url: ids for url, ids in jobs.items() if ids} == {run["node"]: [run["job"]]}
        assert run["log"] == f"{run['node']}/logs/{PROJECT}/news/{run['job']}.log"
    # the fewest pending and running jobs first: five crawls spread 2-2-1 over three nodes
    spread = Counter(runs[0]["node"] for runs in recorded.values())
    assert sorted(spread.values()) == [1, 2, 2]
    assert_archive_is_exact(store, sites)


def test_a_node_killed_mid_crawl_loses_its_runs_to_the_survivors_which_fetch_only_what_is_missing(
    tmp_path: Path, store: str, nodes: list[ScrapydNode], schedulers: list[SchedulerProcess]
) -> None:
    slow = {"CONCURRENT_REQUESTS": "1", "NEWSINDEX_BATCH_SIZE": "1"}
    with outlets(tmp_path / "sites", delay=1.0) as sites:
        # A dead node refuses connections at once; a busy one answers within the timeout.
        schedule = fleet_schedule(tmp_path, store, sites, nodes, "3s", "30s", **slow)
        scheduler = SchedulerProcess(schedule, tmp_path / "scheduler.log")
        schedulers.append(scheduler)
        dispatched = wait_for(
            "five dispatched runs",
            lambda: (r := runs()) and len(r) == 5 and all(x["node"] for x in r) and r,
        )
        # Dispatched in the schedule's order, each to the least busy node: the first node
        # runs the first and the fourth outlet (Dala News, Steppe Post), both slowed down.
        victim_url = next(r["node"] for r in dispatched if r["profile"] == sites[0].name)
        victim = next(node for node in nodes if node.url == victim_url)
        hit = [
            s
            for s in sites
            for r in dispatched
            if (r["profile"], r["node"]) == (s.name, victim_url)
        ]
        assert [s.name for s in hit] == [sites[0].name, sites[3].name]

        def mid_crawl(site: Outlet) -> bool:  # some of its articles stored, not all
            return 0 < len(known(store, site)) < len(site.articles)

        wait_for("both crawls on the victim mid-way", lambda: all(mid_crawl(s) for s in hit))
        victim.kill()
        requests_at_kill = {site.name: len(site.site.paths()) for site in hit}
        stored_at_kill = {site.name: known(store, site) for site in hit}
        names = {site.name for site in sites}
        wait_for(
            "every profile to end ok",
            lambda: {r["profile"] for r in runs() if r["status"] == "ok"} == names,
            CRAWL_DEADLINE,
        )
        assert scheduler.stop() == 0, scheduler.text()
        requests = {site.name: site.site.paths() for site in hit}

    recorded = by_profile(runs())
    for site in sites:
        statuses = [(r["status"], r["node"] == victim_url) for r in recorded[site.name]]
        assert statuses == ([("lost", True), ("ok", False)] if site in hit else [("ok", False)])
    for site in hit:
        lost, rerun = recorded[site.name]
        assert f"no node has shown job {lost['job']} for 3s" in lost["error"]
        assert "cannot reach the node" in lost["error"]
        before = stored_at_kill[site.name]
        assert 0 < len(before) < len(site.articles), "the node was not killed mid-crawl"
        # After the re-dispatch (its crawl begins with robots.txt) each article still missing
        # is fetched once, and none the killed crawl had stored.
        later = requests[site.name][requests_at_kill[site.name] :]
        after = later[later.index("/robots.txt") :]
        fetched = [path for path in after if path in site.articles]
        assert len(fetched) == len(set(fetched)), f"fetched twice: {fetched}"
        assert not set(fetched) & before
        assert set(fetched) <= site.articles - before
        assert rerun["stored"] == len(fetched)
    assert "Traceback" not in scheduler.text()
    assert_archive_is_exact(store, sites)


def test_a_second_scheduler_beside_the_first_dispatches_nothing_the_first_does(
    tmp_path: Path, store: str, nodes: list[ScrapydNode], schedulers: list[SchedulerProcess]
) -> None:
    """Two schedulers, each with its own runs and locks (as on two machines), start at once:
    only the nodes and the shared store's claims stand between them."""
    with outlets(tmp_path / "sites", delay=0.1) as sites:
        schedule = fleet_schedule(tmp_path, store, sites, nodes)
        other = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "second-machine")}
        first = SchedulerProcess(schedule, tmp_path / "first.log")
        second = SchedulerProcess(schedule, tmp_path / "second.log", env=other)
        schedulers += [first, second]
        names = {site.name for site in sites}

        def all_ok(env: dict[str, str] | None = None) -> bool:
            return {r["profile"] for r in runs(env=env) if r["status"] == "ok"} == names

        wait_for("the first scheduler's five runs", all_ok, CRAWL_DEADLINE)
        wait_for("the second scheduler's five runs", lambda: all_ok(other), CRAWL_DEADLINE)
        assert first.stop() == 0, first.text()
        assert second.stop() == 0, second.text()

    mine, theirs = by_profile(runs()), by_profile(runs(env=other))
    log = first.text() + second.text()
    for site in sites:
        jobs = [job for node in nodes for job in node.jobs_of(site.name)]
        assert len(jobs) == 1, f"{site.name} dispatched {len(jobs)} times"
        (a,), (b,) = mine[site.name], theirs[site.name]
        assert (a["status"], a["job"], a["node"]) == ("ok", jobs[0], b["node"])
        assert (b["status"], b["job"], b["stored"]) == ("ok", jobs[0], a["stored"])
        assert log.count(f"(job {jobs[0]})") >= 2
        assert log.count(f"{site.name}: run ") >= 2
        dispatched = [
            line
            for line in log.splitlines()
            if f"dispatched to {a['node']} (job {jobs[0]})" in line
        ]
        followed = [
            line
            for line in log.splitlines()
            if f"on {a['node']} (job {jobs[0]}): not starting another" in line
        ]
        assert (len(dispatched), len(followed)) == (1, 1)
    assert "Traceback" not in log
    assert_archive_is_exact(store, sites)
