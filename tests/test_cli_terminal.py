"""`newsindex search` in a real pseudo-terminal: colour and a layout cut to the width."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests.cli import load
from tests.corpus import CORPUS

pexpect = pytest.importorskip("pexpect", reason="pexpect (the test extra) drives the terminal")


def run_in_terminal(args: list[str], columns: int, env: dict[str, str]) -> str:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "search_cli", *args],
        dimensions=(24, columns),
        env=env,
        encoding="utf-8",
        timeout=30,
    )
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return str(child.before)


@pytest.fixture
def terminal_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "LINES")}
    env.update(NEWSINDEX_TZ="Asia/Almaty", TERM="xterm-256color")
    return env


def test_search_on_a_terminal_is_coloured_and_fits_the_width(
    tmp_path: Path, terminal_env: dict[str, str]
) -> None:
    url = f"sqlite:///{tmp_path}/news.db"
    load(url, CORPUS)
    args = ["search", "закон OR oil", "--store", url, "--sort", "date"]
    screen = run_in_terminal(args, 60, terminal_env)
    assert screen.splitlines() == [
        "2 article(s), showing 1-2",
        "",
        "\x1b[2m2024-02-03 09:15\x1b[0m  kaztag         \x1b[1mПарламент принял закон о с…\x1b[0m",
        "                  \x1b[2mhttps://kaztag.kz/ru/news/parlament-zakon…\x1b[0m",
        "                  Мажилис одобрил новый \x1b[33m\x1b[1mзакон\x1b[0m о СМИ во втор…",
        "",
        "\x1b[2m2024-03-01 12:45\x1b[0m  azattyq        \x1b[1mOil exports through the Ca…\x1b[0m",
        "                  \x1b[2mhttps://www.azattyq.org/a/33000006.html\x1b[0m",
        "                  \x1b[33m\x1b[1mOil\x1b[0m exports resumed after repairs at the …",
    ]


def test_no_color_on_a_terminal_keeps_the_layout_plain(
    tmp_path: Path, terminal_env: dict[str, str]
) -> None:
    url = f"sqlite:///{tmp_path}/news.db"
    load(url, CORPUS)
    screen = run_in_terminal(
        ["search", "oil", "--store", url], 60, {**terminal_env, "NO_COLOR": "1"}
    )
    assert screen.splitlines()[2:4] == [
        "2024-03-01 12:45  azattyq        Oil exports through the Ca…",
        "                  https://www.azattyq.org/a/33000006.html",
    ]
