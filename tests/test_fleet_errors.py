"""What goes wrong in a fleet is said in one line, or recorded as a failed run; the scheduler
goes on: a node nobody answers at, one without the project, one refusing the login, no node
at all, a broken profile, a store the nodes cannot share."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from scheduler.fleet.scrapyd import NodeTimeout, NodeUnreachable, Scrapyd
from tests.cli import run_cli
from tests.fleet import ScrapydNode, fleet_store, free_port, outlets
from tests.scheduling import DEADLINE, SchedulerProcess, runs, wait_for, write_schedule

pytestmark = pytest.mark.elasticsearch
LOGIN = ("fleet", "s3cret")
WRONG = {"NEWSINDEX_SCRAPYD_USERNAME": "fleet", "NEWSINDEX_SCRAPYD_PASSWORD": "wrong"}
RIGHT = {"NEWSINDEX_SCRAPYD_USERNAME": "fleet", "NEWSINDEX_SCRAPYD_PASSWORD": "s3cret"}


@pytest.fixture
def store(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return fleet_store(request, tmp_path)


@pytest.fixture
def started() -> Iterator[list[ScrapydNode]]:
    nodes: list[ScrapydNode] = []
    yield nodes
    for node in nodes:
        node.stop()


def nodes_args(*nodes: ScrapydNode | str) -> list[str]:
    return [a for n in nodes for a in ("--node", n if isinstance(n, str) else n.url)]


def one_error_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("newsindex: error: "), stderr
    return lines[0]


def test_fleet_mode_with_an_sqlite_store_is_refused_in_one_line_saying_why(tmp_path: Path) -> None:
    schedule = write_schedule(
        tmp_path,
        f"sqlite:///{tmp_path / 'news.db'}",
        {"orda-kz": {"every": "1h"}},
        {"nodes": ["http://127.0.0.1:6800"]},
    )
    outcome = run_cli("schedule", "--once", "--file", str(schedule))
    assert outcome.code == 2
    line = one_error_line(outcome.stderr)
    assert (
        f"schedule.toml: store: sqlite:///{tmp_path / 'news.db'} is a file on this machine;" in line
    )
    assert "fleet mode needs a store every Scrapyd node writes to (an Elasticsearch URL)" in line
    assert runs() == []


def test_without_any_store_named_fleet_mode_is_refused_too(tmp_path: Path) -> None:
    schedule = tmp_path / "schedule.toml"
    schedule.write_text('[crawls.orda-kz]\nevery = "1h"\n', encoding="utf-8")
    outcome = run_cli("schedule", "--once", "--file", str(schedule), "--node", "http://a:6800")
    assert outcome.code == 2
    assert "store: not set: an SQLite file here; fleet mode needs" in one_error_line(outcome.stderr)


def test_deploy_uploads_to_the_nodes_it_can_and_says_in_one_line_why_not_to_the_others(
    tmp_path: Path, started: list[ScrapydNode], monkeypatch: pytest.MonkeyPatch
) -> None:
    good = ScrapydNode(tmp_path / "good").start()
    guarded = ScrapydNode(tmp_path / "guarded", auth=LOGIN).start()
    started += [good, guarded]
    nowhere = f"http://127.0.0.1:{free_port()}"
    for key, value in WRONG.items():
        monkeypatch.setenv(key, value)
    outcome = run_cli("fleet", "deploy", *nodes_args(good, nowhere, guarded), "--json")
    assert outcome.code == 1
    progress, error = outcome.stderr.splitlines()
    assert progress.startswith("Uploading the egg (") and progress.endswith(") to 3 node(s)...")
    assert error.startswith("newsindex: error: 2 of 3 node(s) not deployed: ")
    rows = {row["node"]: row for row in json.loads(outcome.stdout)}
    assert (rows[good.url]["spiders"], rows[good.url]["error"]) == (1, None)
    assert rows[nowhere]["error"].startswith(f"{nowhere}: cannot reach the node (")
    assert rows[guarded.url]["error"] == (
        f"{guarded.url}: the node refused the credentials "
        "(NEWSINDEX_SCRAPYD_USERNAME and NEWSINDEX_SCRAPYD_PASSWORD)"
    )

    status = run_cli("fleet", "status", *nodes_args(good, nowhere, guarded), "--json")
    assert status.code == 0, status.stderr
    shown = {row["node"]: row for row in json.loads(status.stdout)}
    assert (shown[good.url]["reachable"], shown[good.url]["deployed"]) == (True, True)
    assert shown[good.url]["version"] == rows[good.url]["version"]
    assert shown[good.url]["current"] is True
    assert (shown[good.url]["pending"], shown[good.url]["running"]) == (0, 0)
    assert (shown[nowhere]["reachable"], shown[nowhere]["deployed"]) == (False, False)
    assert (shown[guarded.url]["reachable"], shown[guarded.url]["deployed"]) == (True, False)
    assert "refused the credentials" in shown[guarded.url]["error"]

    for key, value in RIGHT.items():  # the fleet's login, from the environment
        monkeypatch.setenv(key, value)
    assert run_cli("fleet", "deploy", *nodes_args(guarded)).code == 0
    empty = ScrapydNode(tmp_path / "empty").start()
    started.append(empty)
    status = run_cli("fleet", "status", *nodes_args(guarded, empty), "--json")
    guarded_row, empty_row = json.loads(status.stdout)
    assert (guarded_row["deployed"], guarded_row["error"]) == (True, None)
    assert (empty_row["reachable"], empty_row["deployed"]) == (True, False)
    assert empty_row["error"] == (
        f"{empty.url}: project 'newsindex' is not deployed there (run `newsindex fleet deploy`)"
    )


def test_the_scheduler_goes_on_past_nodes_it_cannot_use_and_uses_one_that_comes_back(
    tmp_path: Path, store: str, started: list[ScrapydNode]
) -> None:
    good = ScrapydNode(tmp_path / "good").start()
    empty = ScrapydNode(tmp_path / "empty").start()
    guarded = ScrapydNode(tmp_path / "guarded", auth=LOGIN).start()
    late = ScrapydNode(tmp_path / "late")  # not started yet: nothing answers at its port
    started += [good, empty, guarded, late]
    assert run_cli("fleet", "deploy", *nodes_args(good)).code == 0
    assert run_cli("fleet", "deploy", *nodes_args(guarded), env=RIGHT).code == 0
    env = {**os.environ, **WRONG}  # right for no node: the guarded one refuses it
    with outlets(tmp_path / "sites") as sites:
        chosen = sites[:2]
        crawls = {
            s.name: {"profile": str(s.profile), "every": "3s", "set": s.settings} for s in chosen
        }
        fleet = {"nodes": [late.url, good.url, empty.url, guarded.url], "poll": "1s"}
        scheduler = SchedulerProcess(
            write_schedule(tmp_path, store, crawls, fleet), tmp_path / "log", env=env
        )
        try:
            wait_for(
                "a first run of each crawl",
                lambda: (
                    {r["profile"] for r in runs() if r["status"] == "ok"}
                    == {s.name for s in chosen}
                ),
                DEADLINE,
            )
            assert {r["node"] for r in runs() if r["node"]} == {good.url}
            late.start()
            assert run_cli("fleet", "deploy", *nodes_args(late)).code == 0
            wait_for(
                "a run on the node that came back",
                lambda: any(r["node"] == late.url and r["status"] == "ok" for r in runs()),
                DEADLINE,
            )
            assert scheduler.process.poll() is None, "the scheduler stopped"
        finally:
            code = scheduler.stop()
    log = scheduler.text()
    assert code == 0, log
    assert "Traceback" not in log
    assert log.count(f"{late.url}: cannot reach the node (") == 1  # said once, not every poll
    assert log.count(f"{late.url}: answers again, taking crawls") == 1
    assert log.count(f"{empty.url}: project 'newsindex' is not deployed there") == 1
    assert log.count(f"{guarded.url}: the node refused the credentials") == 1
    assert {r["status"] for r in runs()} <= {"ok", "running"}


def test_with_no_node_able_to_take_a_crawl_its_run_is_recorded_failed(
    tmp_path: Path, store: str
) -> None:
    nowhere = f"http://127.0.0.1:{free_port()}"
    broken = tmp_path / "broken.toml"
    broken.write_text('name = "broken"\n', encoding="utf-8")
    crawls = {"orda-kz": {"every": "1h"}, "broken": {"profile": str(broken), "every": "1h"}}
    schedule = write_schedule(tmp_path, store, crawls, {"nodes": [nowhere], "poll": "1s"})
    result = subprocess.run(
        [sys.executable, "-m", "search_cli", "schedule", "--once", "--file", str(schedule)],
        capture_output=True, text=True, timeout=DEADLINE, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        "newsindex: error: 2 scheduled crawl(s) failed (see `newsindex runs --failed`)"
    )
    failed = {run["profile"]: run for run in runs("--failed")}
    assert failed["orda-kz"]["status"] == "failed"
    assert failed["orda-kz"]["error"].startswith(f"no node can take it: {nowhere}: cannot reach")
    assert failed["broken"]["error"].endswith("broken.toml: source_name: required, missing")
    assert failed["broken"]["node"] is None


def test_a_node_that_accepts_but_never_answers_times_out_one_that_refuses_is_unreachable() -> None:
    """A timed-out call may have been done (the scheduler then follows the job it asked
    for); a refused connection was not."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()  # connections queue, nothing ever answers
        port = silent.getsockname()[1]
        with pytest.raises(
            NodeTimeout, match=r"127\.0\.0\.1:\d+: cannot reach the node \(timed out\)"
        ):
            Scrapyd(f"http://127.0.0.1:{port}", timeout=0.5).schedule(
                "newsindex", "news", "j", {}, {}
            )
    with pytest.raises(NodeUnreachable) as refused:
        Scrapyd(f"http://127.0.0.1:{free_port()}", timeout=0.5).jobs("newsindex")
    assert not isinstance(refused.value, NodeTimeout)
    assert "Connection refused" in str(refused.value)
