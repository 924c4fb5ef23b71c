"""`newsindex watch`: saved searches that print only what is new since the last run."""

from __future__ import annotations

import dataclasses
import json

import pytest

from index.document import Document
from index.store import Store
from tests.cli import run_cli
from tests.corpus import BY_URL, CORPUS

KG_LAW = BY_URL["https://24.kg/english/parliament-media-law-7"]
ORDA_CPJ = BY_URL["https://orda.kz/cpj-calls-investigation-1"]


@pytest.fixture(autouse=True)
def _utc_80_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSINDEX_TZ", "UTC")
    monkeypatch.setenv("COLUMNS", "80")


@pytest.fixture
def archive(store: Store) -> Store:
    store.upsert(CORPUS)
    store.refresh()
    return store


def later_article(url: str, title: str) -> Document:
    return dataclasses.replace(
        KG_LAW, id="", url=url, title=title, published="2024-04-02T09:00:00+00:00"
    )


def test_first_run_prints_every_match_oldest_first(archive: Store) -> None:
    assert (
        run_cli("watch", "add", "media", "media", "--lang", "en", "--store", archive.url).code == 0
    )
    out = run_cli("watch", "run", "media")
    assert out.code == 0
    assert out.stdout.splitlines() == [
        "media: 2 new article(s)",
        "",
        "2024-01-15 05:00  orda-kz        CPJ calls on Kazakhstan to investigate cyber a…",
        "                  https://orda.kz/cpj-calls-investigation-1",
        "                  The Committee to Protect Journalists wants the attacks invest…",
        "",
        "2024-03-05 08:00  24-kg          Kyrgyz parliament debates a new media law",
        "                  https://24.kg/english/parliament-media-law-7",
        "                  Deputies discussed the media law in the first reading.",
    ]


def test_second_run_prints_nothing(archive: Store) -> None:
    run_cli("watch", "add", "media", "media", "--store", archive.url)
    assert run_cli("watch", "run").stdout != ""
    again = run_cli("watch", "run")
    assert (again.code, again.stdout, again.stderr) == (0, "", "")


def test_after_new_articles_arrive_it_prints_exactly_the_matching_ones(archive: Store) -> None:
    run_cli("watch", "add", "media", "media law", "--store", archive.url)
    run_cli("watch", "run", "media")
    matching = later_article("https://24.kg/english/media-law-signed-9", "Media law signed")
    other = dataclasses.replace(
        later_article("https://24.kg/obschestvo/weather-10", "Snow in Bishkek"),
        body="Snow is expected.", lead=None,
    )  # fmt: skip
    archive.upsert([matching, other])
    archive.refresh()
    out = run_cli("watch", "run", "media", "--format", "jsonl")
    assert [json.loads(line)["url"] for line in out.stdout.splitlines()] == [matching.url]
    assert run_cli("watch", "run", "media", "--format", "jsonl").stdout == ""


def test_run_rows_name_their_watch(archive: Store) -> None:
    run_cli("watch", "add", "law", "закон", "--store", archive.url)
    run_cli("watch", "add", "oil", "oil", "--store", archive.url)
    out = run_cli("watch", "run", "--format", "csv")
    law = BY_URL["https://kaztag.kz/ru/news/parlament-zakon-3"]
    oil = BY_URL["https://www.azattyq.org/a/33000006.html"]
    assert out.stdout == (
        "watch,published,source,title,url,id\n"
        f"law,2024-02-03T09:15:00+06:00,kaztag,{law.title},{law.url},{law.id}\n"
        f"oil,2024-03-01T07:45:00+00:00,azattyq,{oil.title},{oil.url},{oil.id}\n"
    )


def test_json_run_with_nothing_new_is_an_empty_list(archive: Store) -> None:
    run_cli("watch", "add", "oil", "oil", "--store", archive.url)
    run_cli("watch", "run")
    assert run_cli("watch", "run", "--json").stdout == "[]\n"


def test_list_shows_query_filters_and_what_was_seen(archive: Store) -> None:
    run_cli("watch", "add", "kz-media", "media OR СМИ", "--country", "KZ", "--from", "2024")
    run_cli("watch", "run", "--store", archive.url)
    rows = json.loads(run_cli("watch", "list", "--json").stdout)
    assert [(r["name"], r["query"], r["filters"], r["store"], r["seen"]) for r in rows] == [
        ("kz-media", "media OR СМИ", {"countries": ["KZ"], "date_from": "2024"}, None, 3)
    ]
    out = run_cli("watch", "list", "--format", "tsv")
    assert out.stdout.splitlines()[1].split("\t")[:4] == [
        "kz-media", "media OR СМИ", "--country=KZ --from=2024", ""
    ]  # fmt: skip


def test_remove_forgets_what_was_seen(archive: Store) -> None:
    run_cli("watch", "add", "oil", "oil", "--store", archive.url)
    run_cli("watch", "run")
    assert run_cli("watch", "remove", "oil").code == 0
    run_cli("watch", "add", "oil", "oil", "--store", archive.url)
    assert "Oil exports" in run_cli("watch", "run").stdout


def test_a_malformed_query_is_refused_when_added() -> None:
    out = run_cli("watch", "add", "bad", '"unclosed')
    assert out.code == 2
    assert out.stderr == (
        'newsindex: error: unclosed quote at position 1 (close the phrase with ")\n'
    )
    assert json.loads(run_cli("watch", "list", "--json").stdout) == []


def test_adding_a_name_twice_is_refused() -> None:
    run_cli("watch", "add", "oil", "oil")
    out = run_cli("watch", "add", "oil", "gas")
    assert out.code == 2
    assert out.stderr == (
        "newsindex: error: a watch named 'oil' exists: `newsindex watch remove oil` first\n"
    )


def test_running_an_unknown_watch_fails() -> None:
    out = run_cli("watch", "run", "nope")
    assert out.code == 2
    assert out.stderr == "newsindex: error: no watch named 'nope' (see `newsindex watch list`)\n"
