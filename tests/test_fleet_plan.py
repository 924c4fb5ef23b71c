"""Fleet mode's pure parts: the [fleet] table, the shared-store rule, which node takes a
crawl, where a crawl runs, when a job is lost, how it ended; the egg the nodes run."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import zipfile
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest

from scheduler.fleet.egg import build_egg, version_digest
from scheduler.fleet.plan import (
    NodeState,
    choose_node,
    crawl_of,
    is_lost,
    job_id,
    job_status,
    shared_store,
    summary_in_log,
    where_running,
)
from scheduler.fleet.scrapyd import Job
from scheduler.runs import RunBook
from scheduler.spec import Fleet, ScheduleError, parse_schedule

CRAWLS = "[crawls.dala]\nevery = '1h'\n"
SHUT_DOWN = "the crawl was shut down on its node"


def node(url: str, *jobs: tuple[str, str], error: str | None = None) -> NodeState:
    return NodeState(url, tuple(Job(job, state) for job, state in jobs), error)


# --- the schedule file ------------------------------------------------------------


def test_the_fleet_table_names_the_nodes_and_how_they_are_watched() -> None:
    text = (
        '[fleet]\nnodes = ["http://a:6800/", "https://b.example:443"]\nproject = "news"\n'
        'lost_after = "90s"\npoll = "2s"\ntimeout = "3s"\n' + CRAWLS
    )
    assert parse_schedule(text, "s.toml").fleet == Fleet(
        ("http://a:6800", "https://b.example:443"),
        "news",
        timedelta(seconds=90),
        timedelta(seconds=2),
        timedelta(seconds=3),
    )


def test_without_a_fleet_table_the_crawls_run_here() -> None:
    assert parse_schedule(CRAWLS, "s.toml").fleet is None


def test_the_fleet_defaults_are_the_newsindex_project_2m_of_grace_10s_polls_and_timeouts() -> None:
    fleet = parse_schedule('[fleet]\nnodes = ["http://a:6800"]\n' + CRAWLS, "s.toml").fleet
    ten = timedelta(seconds=10)
    assert fleet == Fleet(("http://a:6800",), "newsindex", timedelta(minutes=2), ten, ten)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("nodes = []", "s.toml: fleet.nodes: required"),
        ('nodes = ["scrapyd-1:6800"]', "fleet.nodes: expected http(s)://HOST:PORT, got 'scrapyd-1"),
        ('nodes = ["http://a:1", "http://a:1/"]', "fleet.nodes: a node is named twice"),
        ('nodes = ["http://a:1"]\nlost_after = "soon"', "fleet.lost_after: expected a duration"),
        ('nodes = ["http://a:1"]\npoll = "0s"', "fleet.poll: must be longer than 0s"),
        ('nodes = ["http://a:1"]\nnode = "http://b:1"', "fleet.node: unknown key"),
        ('nodes = ["http://a:1"]\nproject = "Bad Name"', "fleet.project: expected a Scrapyd"),
    ],
)
def test_a_broken_fleet_table_names_the_key_and_the_expectation(table: str, message: str) -> None:
    with pytest.raises(ScheduleError) as error:
        parse_schedule(f"[fleet]\n{table}\n{CRAWLS}", "s.toml")
    assert message in str(error.value)


# --- only a shared store ----------------------------------------------------------


def test_the_fleet_store_is_the_schedules_elasticsearch_store() -> None:
    plan = parse_schedule('store = "http://es:9200/news"\n' + CRAWLS, "s.toml")
    assert shared_store(plan, "sqlite:///ignored.db") == "http://es:9200/news"


def test_without_a_schedule_store_the_default_store_is_the_fleets() -> None:
    assert shared_store(parse_schedule(CRAWLS, "s.toml"), "https://es:9200") == "https://es:9200"


@pytest.mark.parametrize(
    ("text", "default", "message"),
    [
        (CRAWLS, None, "s.toml: store: not set: an SQLite file here; fleet mode needs a store"),
        (
            'store = "sqlite:///srv/news.db"\n' + CRAWLS,
            None,
            "s.toml: store: sqlite:///srv/news.db is a file on this machine; fleet mode needs "
            "a store every Scrapyd node writes to (an Elasticsearch URL)",
        ),
        (
            CRAWLS + 'store = "sqlite:///mine.db"\n',
            "http://es:9200",
            "s.toml: crawls.dala.store: sqlite:///mine.db is a file on this machine",
        ),
    ],
)
def test_fleet_mode_refuses_a_store_the_nodes_cannot_share(
    text: str, default: str | None, message: str
) -> None:
    with pytest.raises(ScheduleError) as error:
        shared_store(parse_schedule(text, "s.toml"), default)
    assert message in str(error.value)


# --- which node, where it runs, lost, how it ended --------------------------------


def test_a_crawl_goes_to_the_node_with_the_fewest_pending_and_running_jobs() -> None:
    a = node("a", ("x.1", "running"), ("y.1", "pending"))
    b = node("b", ("z.1", "running"), ("w.1", "finished"), ("v.1", "finished"))
    c = node("c", ("u.1", "running"), ("t.1", "running"))
    assert choose_node([a, b, c]) is b


def test_on_a_tie_the_first_node_listed_takes_the_crawl() -> None:
    assert choose_node([node("a"), node("b")]) == node("a")


def test_a_node_that_cannot_take_crawls_is_never_chosen() -> None:
    down = node("a", error="a: cannot reach the node")
    busy = node("b", ("x.1", "running"))
    assert choose_node([down, busy]) is busy
    assert choose_node([down]) is None


def test_a_crawl_lost_on_a_node_goes_to_another_while_one_can_take_it() -> None:
    a, b = node("a"), node("b", ("x.1", "running"))
    assert choose_node([a, b], avoid="a") is b
    assert choose_node([a], avoid="a") is a  # the node came back, and it is the only one


def test_a_job_id_says_which_crawl_it_runs() -> None:
    job = job_id("dala-a", "5f3c")
    assert (job, crawl_of(job)) == ("dala-a.5f3c", "dala-a")


def test_a_crawl_runs_where_a_node_has_its_pending_or_running_job() -> None:
    nodes = [
        node("a", ("dala.1", "finished"), ("dala-b.1", "running")),
        node("b", ("dala.2", "pending")),
    ]
    assert where_running("dala", nodes) == ("b", Job("dala.2", "pending"))
    assert where_running("dala-b", nodes) == ("a", Job("dala-b.1", "running"))
    assert where_running("dala-c", nodes) is None


def test_a_job_is_lost_once_unseen_for_longer_than_the_grace_period() -> None:
    assert not is_lost(last_seen=100.0, now=130.0, grace=30.0)
    assert is_lost(last_seen=100.0, now=130.5, grace=30.0)


def test_the_summary_is_read_from_the_last_summary_line_of_the_log() -> None:
    log = (
        "2026-03-12 09:00:00 [scrapy.core.engine] INFO: Spider opened\n"
        '2026-03-12 09:00:01 [x] INFO: newsindex summary: {"stored": 1}\n'
        '2026-03-12 09:00:09 [x] INFO: newsindex summary: {"stored": 3, "failure": null}\n'
        "2026-03-12 09:00:09 [scrapy.core.engine] INFO: Spider closed (finished)\n"
    )
    assert summary_in_log(log) == {"stored": 3, "failure": None}
    assert summary_in_log("Traceback (most recent call last):\n  ProfileError: x\n") is None
    assert summary_in_log("[x] INFO: newsindex summary: {not json\n") is None


@pytest.mark.parametrize(
    ("summary", "stop", "expected"),
    [
        ({"finish_reason": "finished", "failure": None}, None, ("ok", None)),
        (
            {"finish_reason": "finished", "failure": "2 article(s) could not be stored"},
            None,
            ("failed", "2 article(s) could not be stored"),
        ),
        ({"finish_reason": "shutdown"}, None, ("interrupted", SHUT_DOWN)),
        ({"finish_reason": "shutdown"}, "timeout", ("timeout", "stopped at its max_runtime")),
        ({"finish_reason": "memusage"}, None, ("failed", "the crawl ended with 'memusage'")),
    ],
)  # fmt: skip
def test_a_finished_jobs_status_comes_from_its_summary(
    summary: dict[str, object], stop: str | None, expected: tuple[str, str | None]
) -> None:
    assert job_status(summary, stop) == expected


def test_a_job_that_wrote_no_summary_failed_before_its_end() -> None:
    status, why = job_status(None)
    assert status == "failed"
    assert why and "wrote no summary" in why


# --- the egg ----------------------------------------------------------------------


def test_the_egg_is_the_same_bytes_for_the_same_code() -> None:
    first, second = build_egg(), build_egg()
    assert first.data == second.data
    assert first.digest == second.digest and len(first.digest) == 12


def test_the_egg_declares_the_scrapy_settings_entry_point_and_carries_the_data() -> None:
    egg = zipfile.ZipFile(BytesIO(build_egg().data))
    names = egg.namelist()
    assert egg.read("EGG-INFO/entry_points.txt").decode() == (
        "[scrapy]\nsettings = crawler.settings\n"
    )
    assert "Name: newsindex" in egg.read("EGG-INFO/PKG-INFO").decode()
    for name in (
        "crawler/spiders/news.py",
        "crawler/profiles/orda-kz.toml",
        "index/data/analysis.toml",
    ):
        assert name in names
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    assert not [n for n in names if n.startswith(("search_cli/", "scheduler/", "tests/"))]


def test_a_python_given_only_the_egg_crawls_from_it(tmp_path: Path) -> None:
    egg = tmp_path / "newsindex.egg"
    egg.write_bytes(build_egg().data)
    script = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "import crawler, index\n"
        "from crawler.profile import load_profile\n"
        "from crawler.spiders.news import NewsSpider\n"
        "from index.analysis import stemmed\n"
        "from index.gazetteer import gazetteer\n"
        "assert load_profile('orda-kz').name == 'orda-kz' and NewsSpider.name == 'news'\n"
        "assert stemmed('Законы') == 'закон' and gazetteer()\n"
        "print(crawler.__file__); print(index.__file__)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(egg)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert all(line.startswith(str(egg)) for line in result.stdout.split())


def test_a_version_starts_with_the_upload_time_so_later_uploads_sort_last() -> None:
    egg = build_egg()
    early = egg.version(datetime(2026, 3, 12, 9, 30, 15, tzinfo=UTC))
    late = egg.version(datetime(2026, 3, 12, 10, 0, 0, tzinfo=UTC))
    assert early == f"20260312T093015-{egg.digest}"
    assert sorted([late, early]) == [early, late]
    assert version_digest(late) == egg.digest
    assert version_digest("1741770000") == ""  # scrapyd-deploy's own version names


# --- runs.db ----------------------------------------------------------------------


def test_a_runs_file_from_before_fleet_runs_gains_their_columns(tmp_path: Path) -> None:
    path = tmp_path / "runs.db"
    old = sqlite3.connect(path)
    old.execute(
        "CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, profile TEXT NOT NULL, "
        "started TEXT NOT NULL, ended TEXT, status TEXT NOT NULL, exit_code INTEGER, "
        "pages INTEGER, stored INTEGER, skipped INTEGER, dropped INTEGER, errors INTEGER, "
        "finish_reason TEXT, pid INTEGER, log TEXT, summary TEXT)"
    )
    old.execute("INSERT INTO runs (profile, started, status) VALUES ('dala', '2026-03-12', 'ok')")
    old.commit()
    old.close()
    book = RunBook(path)
    try:
        (kept,) = book.runs()
        assert (kept.profile, kept.status, kept.node, kept.job, kept.error) == (
            "dala", "ok", None, None, None,
        )  # fmt: skip
        run = book.start("dala", datetime(2026, 3, 13, tzinfo=UTC), node="http://a:6800", job="j")
        book.finish(run, datetime(2026, 3, 13, 1, tzinfo=UTC), "lost", None, None, error="gone")
        assert (book.runs()[0].node, book.runs()[0].job, book.runs()[0].error) == (
            "http://a:6800", "j", "gone",
        )  # fmt: skip
    finally:
        book.close()
