"""The schedule's pure parts: the file, cron expressions, when a crawl is due, backoff."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from scheduler.cron import CronError, next_time, parse_cron
from scheduler.runner import crawl_command, run_status
from scheduler.spec import Crawl, ScheduleError, parse_duration, parse_schedule
from scheduler.timing import History, backoff_delay, jitter_offset, next_due

T0 = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)  # a Monday

SCHEDULE = """
store = "http://es:9200"

[defaults]
jitter = "2m"
max_runtime = "1h"

[crawls.orda-kz]
profile = "profiles/orda-kz.toml"
every = "15m"

[crawls.kaztag]
cron = "0 */2 * * *"
timezone = "Asia/Almaty"
since = "3d"
set = { AUTOTHROTTLE_ENABLED = false, CONCURRENT_REQUESTS = 2 }
"""


def crawl(**kwargs: object) -> Crawl:
    values: dict[str, object] = {
        "name": "dala",
        "profile": "dala.toml",
        "every": timedelta(minutes=15),
    }
    values.update(kwargs)
    return Crawl(**values)  # type: ignore[arg-type]


# --- durations and the file -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90s", 90), ("15m", 900), ("1h30m", 5400), ("2d", 172800), ("1d2h3m4s", 93784)],
)
def test_durations_are_read_in_days_hours_minutes_seconds(text: str, seconds: int) -> None:
    assert parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "15", "15x", "m", "1m1h", "-5m"])
def test_a_malformed_duration_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="expected a duration"):
        parse_duration(text)


def test_schedule_file_gives_each_crawl_its_trigger_limits_and_settings() -> None:
    plan = parse_schedule(SCHEDULE, "/srv/news/schedule.toml")
    orda, kaztag = plan.crawls
    assert orda == Crawl(
        name="orda-kz",
        profile="/srv/news/profiles/orda-kz.toml",
        every=timedelta(minutes=15),
        jitter=timedelta(minutes=2),
        max_runtime=timedelta(hours=1),
        store="http://es:9200",
    )
    assert kaztag.profile == "kaztag"  # no file: the built-in profile of that name
    assert kaztag.cron is not None and kaztag.cron.expression == "0 */2 * * *"
    assert kaztag.timezone == "Asia/Almaty"
    assert kaztag.since == timedelta(days=3)
    assert kaztag.settings == {"AUTOTHROTTLE_ENABLED": "false", "CONCURRENT_REQUESTS": "2"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[crawls.a]\nprofile = 'a.toml'\n", "s.toml: crawls.a.every: give exactly one of"),
        ("[crawls.a]\nevery = '5m'\ncron = '* * * * *'\n", "crawls.a.every: give exactly one"),
        ("[crawls.a]\nevery = 'soon'\n", "s.toml: crawls.a.every: expected a duration"),
        ("[crawls.a]\ncron = '61 * * * *'\n", "crawls.a.cron: minute: '61' is outside 0-59"),
        ("[crawls.a]\nevery = '5m'\ntimezone = 'Mars/Base'\n", "crawls.a.timezone: unknown"),
        ("[crawls.a]\nevery = '5m'\nevry = '5m'\n", "crawls.a.evry: unknown key"),
        ("[crawls.a]\nevery = '5m'\nset = { delay = 2 }\n", "crawls.a.set.delay: expected an"),
        ("[crawls.Bad]\nevery = '5m'\n", "crawls.Bad: expected a lower-case name"),
        ("store = 'x'\n", "s.toml: crawls: required, missing"),
        ("[crawls.a\n", "s.toml: not valid TOML"),
    ],
)
def test_a_broken_schedule_names_the_file_the_key_and_the_expectation(
    text: str, message: str
) -> None:
    with pytest.raises(ScheduleError) as error:
        parse_schedule(text, "s.toml")
    assert message in str(error.value)


def test_the_example_schedule_file_is_valid() -> None:
    path = Path(__file__).resolve().parent.parent / "schedule.example.toml"
    plan = parse_schedule(path.read_text(encoding="utf-8"), str(path))
    assert [c.name for c in plan.crawls] == ["orda-kz", "kaztag"]


# --- cron -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "after", "expected"),
    [
        ("*/15 * * * *", "2025-03-10T12:07", "2025-03-10T12:15"),
        ("0 */2 * * *", "2025-03-10T12:00", "2025-03-10T14:00"),
        ("30 6 * * mon-fri", "2025-03-14T07:00", "2025-03-17T06:30"),  # Friday -> Monday
        ("0 0 1 * *", "2025-03-10T12:00", "2025-04-01T00:00"),
        ("@daily", "2025-12-31T23:59", "2026-01-01T00:00"),
        ("0 12 29 feb *", "2025-03-01T00:00", "2028-02-29T12:00"),
        ("0 0 13 * fri", "2025-03-10T12:00", "2025-03-13T00:00"),  # either day field matches
        ("0 9 * * 7", "2025-03-10T12:00", "2025-03-16T09:00"),  # 7 is Sunday
    ],
)
def test_cron_gives_the_next_matching_minute(expression: str, after: str, expected: str) -> None:
    start = datetime.fromisoformat(after).replace(tzinfo=UTC)
    assert next_time(parse_cron(expression), start) == datetime.fromisoformat(expected).replace(
        tzinfo=UTC
    )


def test_cron_reads_wall_clock_time_in_the_crawls_time_zone() -> None:
    almaty = ZoneInfo("Asia/Almaty")  # UTC+5
    assert next_time(parse_cron("0 6 * * *"), T0, almaty) == datetime(2025, 3, 11, 1, 0, tzinfo=UTC)


def test_cron_skips_a_minute_that_daylight_saving_removes() -> None:
    berlin = ZoneInfo("Europe/Berlin")  # 2025-03-30 02:00-03:00 does not exist
    after = datetime(2025, 3, 29, 12, 0, tzinfo=UTC)
    assert next_time(parse_cron("30 2 * * *"), after, berlin) == datetime(
        2025, 3, 31, 0, 30, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("* * * *", "expected 5 fields"),
        ("*/0 * * * *", "minute: step '0' must be a positive number"),
        ("* 24 * * *", "hour: '24' is outside 0-23"),
        ("* * * foo *", "month: 'foo' is not a number"),
        ("5-2 * * * *", "minute: '5-2' is outside 0-59"),
    ],
)
def test_a_malformed_cron_expression_says_which_field(expression: str, message: str) -> None:
    with pytest.raises(CronError, match=message):
        parse_cron(expression)


def test_a_cron_expression_that_never_matches_is_an_error() -> None:
    with pytest.raises(CronError, match="matches no time"):
        next_time(parse_cron("0 0 31 2 *"), T0)


# --- when a crawl is due --------------------------------------------------


def test_a_crawl_that_never_ran_is_due_at_once() -> None:
    assert next_due(crawl(), History(), T0) == T0


def test_an_interval_crawl_is_due_one_interval_after_its_last_start() -> None:
    history = History(T0, T0 + timedelta(minutes=3), "ok")
    assert next_due(crawl(), history, T0) == T0 + timedelta(minutes=15)


def test_an_interrupted_crawl_is_due_at_once_to_resume() -> None:
    history = History(T0, T0 + timedelta(minutes=3), "interrupted")
    assert next_due(crawl(), history, T0 + timedelta(minutes=4)) == T0 + timedelta(minutes=4)


def test_a_cron_crawl_is_due_at_the_next_matching_time_after_its_last_start() -> None:
    hourly = crawl(every=None, cron=parse_cron("5 * * * *"))
    assert next_due(hourly, History(T0, T0, "ok"), T0) == T0 + timedelta(minutes=5)


def test_jitter_delays_within_its_bound_and_the_same_way_every_time() -> None:
    delays = {jitter_offset(f"crawl-{i}", T0, timedelta(minutes=10)) for i in range(200)}
    assert min(delays) >= timedelta(0)
    assert max(delays) < timedelta(minutes=10)
    assert len(delays) > 100  # spread, not one value
    assert jitter_offset("a", T0, timedelta(minutes=10)) == jitter_offset(
        "a", T0, timedelta(minutes=10)
    )


def test_backoff_doubles_per_failure_up_to_its_cap() -> None:
    base, cap = timedelta(minutes=5), timedelta(hours=1)
    delays = [backoff_delay(n, base, cap) for n in range(6)]
    assert delays == [timedelta(0), *(timedelta(minutes=m) for m in (5, 10, 20, 40, 60))]


def test_failures_in_a_row_push_the_next_run_back() -> None:
    history = History(T0, T0 + timedelta(minutes=1), "failed", failures_in_a_row=3)
    # the interval says 12:15; three failures say 12:01 + 20m
    assert next_due(crawl(), history, T0) == T0 + timedelta(minutes=21)


# --- how a run is started and judged ---------------------------------------


def test_a_scheduled_crawl_runs_newsindex_crawl_with_its_job_dir_window_and_settings() -> None:
    job = crawl(since=timedelta(days=3), settings={"DOWNLOAD_DELAY": "2"}, store="sqlite:///n.db")
    command = crawl_command(job, Path("jobs/dala"), T0)
    assert command[1:] == [
        "-m", "search_cli", "-v", "crawl", "dala.toml", "--json", "--jobdir", "jobs/dala",
        "--store", "sqlite:///n.db", "--since", "2025-03-07", "--set", "DOWNLOAD_DELAY=2",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("code", "reason", "stop", "status"),
    [
        (0, "finished", None, "ok"),
        (1, "finished", None, "failed"),
        (3, None, None, "failed"),
        (0, "shutdown", "shutdown", "interrupted"),
        (0, "finished", "shutdown", "ok"),
        (0, "shutdown", "timeout", "timeout"),
        (None, "finished", None, "ok"),
        (None, "shutdown", None, "interrupted"),
        (None, None, None, "lost"),
    ],
)
def test_a_runs_status_follows_its_exit_code_summary_and_why_it_was_stopped(
    code: int | None, reason: str | None, stop: str | None, status: str
) -> None:
    summary = {"finish_reason": reason} if reason else None
    assert run_status(code, summary, stop) == status
