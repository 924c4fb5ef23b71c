"""The command line: output on success, one line and an exit code on failure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.factory import open_store
from tests.cli import run_cli
from tests.corpus import CORPUS


@pytest.fixture
def archive_url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'news.db'}"
    store = open_store(url)
    store.ensure_schema()
    store.upsert(CORPUS)
    store.close()
    return url


def assert_one_line_error(stderr: str, *fragments: str) -> None:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("newsindex: error: ")
    assert "Traceback" not in stderr
    for fragment in fragments:
        assert fragment in lines[0]


def test_search_json_reports_total_hits_and_facets(archive_url: str) -> None:
    out = run_cli("search", "закон", "--store", archive_url, "--facet", "source", "--json")
    assert out.code == 0
    data = json.loads(out.stdout)
    assert data["total"] == 1
    assert [h["url"] for h in data["hits"]] == ["https://kaztag.kz/ru/news/parlament-zakon-3"]
    assert data["facets"] == {"source": [{"value": "kaztag", "count": 1}]}
    (snippet,) = data["highlights"].values()
    assert "<mark>закон</mark>" in snippet


def test_empty_query_counts_the_whole_store(archive_url: str) -> None:
    out = run_cli("search", "", "--store", archive_url, "--json", "--limit", "0")
    assert json.loads(out.stdout)["total"] == len(CORPUS)


def test_flags_filter_like_field_terms(archive_url: str) -> None:
    flags = run_cli(
        "search",
        "",
        "--store",
        archive_url,
        "--lang",
        "en",
        "--from",
        "2024-02",
        "--to",
        "2024-03-01",
        "--json",
    )
    terms = run_cli(
        "search", "lang:en published:2024-02..2024-03-01", "--store", archive_url, "--json"
    )
    urls = [h["url"] for h in json.loads(flags.stdout)["hits"]]
    assert urls == [h["url"] for h in json.loads(terms.stdout)["hits"]]
    assert sorted(urls) == [
        "https://www.azattyq.org/a/33000005.html",
        "https://www.azattyq.org/a/33000006.html",
    ]


def test_bad_date_is_a_usage_error() -> None:
    out = run_cli("search", "x", "--from", "2023-13-45")
    assert out.code == 2
    assert_one_line_error(out.stderr, "invalid date '2023-13-45'")


def test_unreachable_store_exits_3_naming_the_url() -> None:
    out = run_cli("search", "x", "--store", "http://127.0.0.1:1")
    assert out.code == 3
    assert_one_line_error(out.stderr, "http://127.0.0.1:1")


def test_malformed_query_points_at_the_position(archive_url: str) -> None:
    out = run_cli("search", 'media "law', "--store", archive_url)
    assert out.code == 2
    assert_one_line_error(out.stderr, "unclosed quote at position 7")


def test_unknown_field_is_named(archive_url: str) -> None:
    out = run_cli("search", "colour:red", "--store", archive_url)
    assert out.code == 2
    assert_one_line_error(out.stderr, "unknown field 'colour'")


def test_missing_archive_says_how_to_create_it(tmp_path: Path) -> None:
    out = run_cli("search", "x", "--store", f"sqlite:///{tmp_path / 'empty.db'}")
    assert out.code == 1
    assert_one_line_error(out.stderr, "newsindex index init")


def test_unknown_option_is_a_usage_error() -> None:
    out = run_cli("search", "x", "--colour")
    assert out.code == 2
    assert_one_line_error(out.stderr, "--colour")


def test_show_finds_an_article_by_url(archive_url: str) -> None:
    out = run_cli(
        "show", "https://www.azattyq.org/a/33000006.html#top", "--store", archive_url, "--json"
    )
    assert out.code == 0
    assert json.loads(out.stdout)["title"] == "Oil exports through the Caspian pipeline resume"


def test_show_unknown_article_fails(archive_url: str) -> None:
    out = run_cli("show", "https://example.org/nothing", "--store", archive_url)
    assert out.code == 1
    assert_one_line_error(out.stderr, "no article")


def test_index_init_is_idempotent(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'news.db'}"
    assert run_cli("index", "init", "--store", url).code == 0
    out = run_cli("index", "init", "--store", url)
    assert out.code == 0
    assert "ready, 0 article(s)" in out.stdout


def test_default_store_lives_in_the_user_data_directory(tmp_path: Path) -> None:
    assert run_cli("index", "init").code == 0
    out = run_cli("search", "", "--json")
    assert json.loads(out.stdout)["total"] == 0


def test_show_prints_every_field_then_the_body(
    archive_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSINDEX_TZ", "UTC")
    out = run_cli("show", "https://www.azattyq.org/a/33000006.html", "--store", archive_url)
    assert out.stdout.splitlines() == [
        "id:                abeb353bbe34f330350945de8d6d9436",
        "url:               https://www.azattyq.org/a/33000006.html",
        "source:            azattyq",
        "source_name:       Radio Azattyq",
        "title:             Oil exports through the Caspian pipeline resume",
        "lead:              ",
        "authors:           ",
        "published:         2024-03-01 07:45",
        "modified:          ",
        "language:          en",
        "section:           Economy",
        "tags:              oil",
        "image:             ",
        "is_translation:    false",
        "cited_sources:     ",
        "countries:         KZ, RU",
        "entities:          ",
        "word_count:        17",
        "duplicate_of:      ",
        "fingerprints:      ",
        "crawled_at:        2024-06-01 00:00",
        "first_seen:        2024-06-01 00:00",
        "last_seen:         2024-06-01 00:00",
        "warc_file:         ",
        "warc_offset:       ",
        "extractor_version: ",
        "",
        "Oil exports resumed after repairs at the terminal.",
        "",
        "Kazakhstan said alternative routes were also available, through Türkiye.",
    ]


def test_show_csv_is_one_row_of_every_field(archive_url: str) -> None:
    out = run_cli(
        "show", "abeb353bbe34f330350945de8d6d9436", "--store", archive_url, "--format", "csv"
    )
    header, row = out.stdout.splitlines()[:2]
    assert header.startswith("id,url,source,source_name,title,lead,body,authors,published,")
    assert row.startswith(
        "abeb353bbe34f330350945de8d6d9436,https://www.azattyq.org/a/33000006.html,"
    )


def test_open_prints_the_url_when_not_on_a_terminal(archive_url: str) -> None:
    out = run_cli("open", "abeb353bbe34f330350945de8d6d9436", "--store", archive_url)
    assert (out.code, out.stdout) == (0, "https://www.azattyq.org/a/33000006.html\n")


def test_help_is_available_for_every_command() -> None:
    commands = (
        "search", "show", "open", "histogram", "sources", "stats", "watch", "config",
        "completion", "help", "crawl", "demo", "extract", "index",
    )  # fmt: skip
    for command in commands:
        out = run_cli(command, "--help")
        assert out.code == 0, command
        assert "Usage: newsindex" in out.stdout


def test_traceback_is_an_option_not_a_word_anywhere_in_the_arguments() -> None:
    # "--traceback" as the query text (after --) is a word to search, not the option.
    out = run_cli("search", "--store", "http://127.0.0.1:1", "--", "--traceback")
    assert out.code == 3
    assert_one_line_error(out.stderr, "http://127.0.0.1:1")


def test_traceback_option_lets_the_error_through() -> None:
    from index.errors import StoreUnavailable

    with pytest.raises(StoreUnavailable):
        run_cli("--traceback", "search", "x", "--store", "http://127.0.0.1:1")


def test_each_domain_error_maps_to_one_exit_status() -> None:
    from crawler.profile import ProfileError
    from index.errors import KibanaError, QueryError, SchemaMissing, StoreError, StoreUnavailable
    from index.watches import UnknownWatch
    from search_cli.errors import ExitStatus, classify

    assert [
        classify(exc)[1]
        for exc in (
            StoreUnavailable("down"),
            QueryError("bad"),
            ProfileError("bad"),
            UnknownWatch("w"),
            SchemaMissing("empty"),
            StoreError("refused"),
            KibanaError("refused"),
            FileNotFoundError(2, "No such file", "x.toml"),
            RuntimeError("a bug"),
        )
    ] == [3, 2, 2, 2, 1, 1, 1, 1, 1]
    assert classify(SchemaMissing("x holds no newsindex archive")) == (
        "x holds no newsindex archive: run `newsindex index init`",
        ExitStatus.ERROR,
    )
    assert classify(RuntimeError("a bug"))[0] == (
        "RuntimeError: a bug (run with --traceback for details)"
    )
