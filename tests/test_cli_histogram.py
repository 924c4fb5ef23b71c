"""`newsindex histogram`: counts over time, as bars for people and rows for programs."""

from __future__ import annotations

import json

import pytest

from tests.cli import run_cli

BAR_68 = "█" * 68
BAR_34 = "█" * 34


@pytest.fixture(autouse=True)
def _80_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")


def test_bars_are_scaled_to_the_terminal_width(corpus: str) -> None:
    out = run_cli("histogram", "lang:en", "--store", corpus, "--interval", "month")
    assert out.code == 0
    assert out.stdout.splitlines() == [
        f"2024-01  1  {BAR_34}",
        f"2024-02  1  {BAR_34}",
        f"2024-03  2  {BAR_68}",
    ]


def test_empty_weeks_are_counted_zero(corpus: str) -> None:
    out = run_cli(
        "histogram", "lang:en", "--store", corpus, "--interval", "week", "--format", "csv"
    )
    assert out.stdout == (
        "start,count\n"
        "2024-01-15,1\n"
        "2024-01-22,0\n"
        "2024-01-29,0\n"
        "2024-02-05,1\n"
        "2024-02-12,0\n"
        "2024-02-19,0\n"
        "2024-02-26,1\n"
        "2024-03-04,1\n"
    )


def test_by_field_draws_one_series_per_value_on_one_axis(corpus: str) -> None:
    out = run_cli("histogram", "", "--store", corpus, "--by", "language", "--interval", "year")
    assert out.stdout.splitlines() == [
        "language: en",
        f"2024  4  {'█' * 71}",
        "",
        "language: ru",
        f"2024  2  {'█' * 36}",
        "",
        "language: kk",
        f"2024  1  {'█' * 18}",
    ]


def test_by_field_as_json_rows(corpus: str) -> None:
    out = run_cli(
        "histogram", "", "--store", corpus, "--by", "source", "--top", "2", "--interval", "year",
        "--from", "2024-02", "--json",
    )  # fmt: skip
    assert json.loads(out.stdout) == [
        {"source": "azattyq", "start": "2024-01-01", "count": 2},
        {"source": "kaztag", "start": "2024-01-01", "count": 2},
    ]


def test_day_buckets_as_jsonl(corpus: str) -> None:
    out = run_cli(
        "histogram", "source:kaztag", "--store", corpus, "--interval", "day", "--format", "jsonl",
        "--to", "2024-02-04",
    )  # fmt: skip
    assert out.stdout == '{"start": "2024-02-03", "count": 1}\n'


def test_nothing_matching_prints_no_bars(corpus: str) -> None:
    out = run_cli("histogram", "nonexistentword", "--store", corpus, "--format", "tsv")
    assert out.stdout == "start\tcount\n"
