"""A careless or hostile user: every bad input is one line and the right exit status,
nothing is created by reading, no password is shown, queries are bounded alike on both
stores, and a bad line of an import costs only itself.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from index.document import Document
from index.factory import open_store
from tests.cli import Outcome, load, run_cli
from tests.corpus import CORPUS


def one_line(outcome: Outcome, code: int) -> str:
    assert outcome.code == code, outcome.stderr
    [line] = outcome.stderr.splitlines()
    assert line.startswith("newsindex: error: ")
    assert "Error" not in line.split(":", 2)[2][:40]  # no exception class names
    assert "--traceback" not in line
    return line


# --- usage errors (item 15) ---------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["search", "(" * 5000 + "oil" + ")" * 5000], id="5000-nested-parens"),
        pytest.param(["search", "-" * 3000 + "oil"], id="3000-exclusions"),
        pytest.param(["search", "oil", "--to", "9999-12-31"], id="date-past-the-calendar"),
        pytest.param(["search", "oil", "--page", "1000000000000000"], id="page-1e15"),
        pytest.param(["search", "caf\udce9"], id="argv-not-utf8"),
    ],
)
def test_hostile_search_input_is_a_one_line_usage_error(corpus: str, args: list[str]) -> None:
    one_line(run_cli(*args, "--store", corpus), 2)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:99999/archive",
        "http://[::1/archive",
        "ftp://127.0.0.1/archive",
        "sqlite://",
        "gopher://127.0.0.1/",
    ],
)
def test_a_store_url_that_names_no_store_is_a_usage_error(url: str) -> None:
    one_line(run_cli("search", "oil", "--store", url), 2)


def test_a_config_file_that_is_not_utf8_is_a_usage_error(tmp_path: Path) -> None:
    config = tmp_path / "config" / "newsindex" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_bytes(b'store = "sqlite:///caf\xe9.db"\n')
    line = one_line(run_cli("config", "show", env={"XDG_CONFIG_HOME": str(tmp_path / "config")}), 2)
    assert "UTF-8" in line


def test_a_malformed_shard_count_is_a_usage_error(es_url: str) -> None:
    outcome = run_cli(
        "index", "init", "--store", f"{es_url}/shards-test", env={"NEWSINDEX_ES_SHARDS": "abc"}
    )
    assert "NEWSINDEX_ES_SHARDS" in one_line(outcome, 2)


def test_reading_a_mistyped_archive_path_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "typo" / "dir" / "news.db"
    line = one_line(run_cli("search", "oil", "--store", f"sqlite:///{missing}"), 1)
    assert "no archive" in line
    assert not (tmp_path / "typo").exists()


# --- query bounds (item 16) ---------------------------------------------------------


def test_a_query_of_20000_words_is_refused_at_once(corpus: str) -> None:
    started = time.monotonic()
    line = one_line(run_cli("search", " ".join(["oil"] * 20_000), "--store", corpus), 2)
    assert time.monotonic() - started < 5
    assert "characters" in line


def test_3000_ored_source_terms_are_refused_alike_on_both_stores(corpus: str) -> None:
    query = " OR ".join(f"source:outlet-{n}" for n in range(3000))
    one_line(run_cli("search", query, "--store", corpus), 2)  # over the length bound too
    flags = [arg for n in range(3000) for arg in ("--source", f"outlet-{n}")]
    assert "terms" in one_line(run_cli("search", "", *flags, "--store", corpus), 2)


def test_a_query_at_the_bounds_is_answered_alike_on_both_stores(corpus: str) -> None:
    """256 terms, 32 levels deep: within the bounds, so both stores must answer it."""
    sources = sorted({doc.source for doc in CORPUS})
    terms = [f"source:{s}" for s in sources] + [f"source:none-{n}" for n in range(256)]
    query = " OR ".join(terms[:256])
    nested = "(" * 31 + "source:" + sources[0] + ")" * 31
    wide = run_cli("search", query, "--store", corpus, "--json")
    deep = run_cli("search", nested, "--store", corpus, "--json")
    assert (wide.code, deep.code) == (0, 0), wide.stderr + deep.stderr
    assert json.loads(wide.stdout)["total"] == len(CORPUS)
    assert json.loads(deep.stdout)["total"] == sum(d.source == sources[0] for d in CORPUS)


# --- secrets (item 8) ---------------------------------------------------------------


def test_kibana_credentials_in_the_url_never_reach_a_message() -> None:
    outcome = run_cli("kibana", "setup", "--kibana-url", "http://elastic:S3cr3tPW@127.0.0.1:9/")
    line = one_line(outcome, 1)
    assert "S3cr3tPW" not in line
    assert "127.0.0.1:9" in line


@pytest.mark.parametrize("password", ["pa#ss", "pa/ss", "pa?ss", "p@ss"])
def test_a_store_password_with_url_characters_is_masked(password: str) -> None:
    url = f"http://elastic:{password}@127.0.0.1:9/archive"
    shown = run_cli("config", "show", "--json", env={"NEWSINDEX_STORE": url})
    assert shown.code == 0, shown.stderr
    assert json.loads(shown.stdout)["store"] == "http://elastic:****@127.0.0.1:9/archive"
    failed = run_cli("search", "oil", "--store", url)
    assert password not in failed.stderr and "pa" not in failed.stderr.split("elastic")[-1][:3]
    assert failed.code == 3, failed.stderr


# --- the opener (item 9) ------------------------------------------------------------


@pytest.mark.parametrize("url", ["file:///etc/passwd", "--version", "javascript:alert(1)"])
def test_open_hands_nothing_but_a_web_url_to_the_opener(tmp_path: Path, url: str) -> None:
    store_url = f"sqlite:///{tmp_path / 'news.db'}"
    doc = Document(url=url, title="t", body="b")
    load(store_url, [doc])
    line = one_line(run_cli("open", doc.id, "--print", "--store", store_url), 1)
    assert "not opening" in line


# --- import (item 6) ----------------------------------------------------------------


def test_one_bad_record_costs_only_itself_with_its_line_number(
    store_url: str, tmp_path: Path
) -> None:
    good = [doc.to_json().encode() for doc in CORPUS[:4]]
    nested = '{"url": "http://x/n", "tags": ' + "[" * 100_000 + "]" * 100_000 + "}"
    bad = [
        b'{"url": "http://x/a", "title": "\\ud800"}',  # a lone surrogate
        b'{"url": "http://x/b", "title": "caf\xe9"}',  # not UTF-8
        nested.encode(),
        b"{}",
        b'{"url": "http://x/c", "word_count": "many"}',
        b'{"url": "http://x/d", "tags": "not a list"}',
    ]
    path = tmp_path / "archive.jsonl"
    path.write_bytes(b"\n".join([good[0], *bad, *good[1:]]) + b"\n")
    outcome = run_cli("import", str(path), "--store", store_url)
    store = open_store(store_url)
    stored = sorted(d.id for d in store.scan())
    store.close()
    assert outcome.code == 1
    assert stored == sorted(d.id for d in CORPUS[:4])
    for number in range(2, 8):
        assert f"line {number}:" in outcome.stderr
    assert outcome.stderr.strip().splitlines()[-1].startswith("newsindex: error: 6 document(s)")
