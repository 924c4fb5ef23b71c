"""Run ``newsindex`` against a served site: crawls in a subprocess, searches in-process.

A crawl runs in its own process, as users run it (the Twisted reactor cannot
be restarted inside the test process), while the test process serves the
site and records what the crawler asked for.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.cli import run_cli
from tests.sites.server import LocalSite

CRAWL_TIMEOUT = 60  # seconds; a crawl of the test site takes about three


@dataclass(frozen=True)
class CrawlRun:
    exit_code: int
    summary: dict[str, Any]  # the --json summary
    stderr: str
    requested: tuple[str, ...]  # paths the site was asked for during this crawl, in order
    seconds: float


def crawl_env(home: Path) -> dict[str, str]:
    """The crawl's environment: user directories under ``home``, no default store."""
    env = {k: v for k, v in os.environ.items() if k != "NEWSINDEX_STORE"}
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        env[var] = str(home / var.lower())
    env["NO_COLOR"] = "1"
    return env


def crawl_command(profile: Path, store_url: str, *args: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "search_cli",
        "crawl",
        str(profile),
        "--store",
        store_url,
        "--json",
        *args,
    ]


def run_crawl(
    site: LocalSite,
    profile: Path,
    store_url: str,
    home: Path,
    *args: str,
    env: dict[str, str] | None = None,
) -> CrawlRun:
    """``newsindex crawl PROFILE --store URL --json [ARGS]`` in a subprocess, against ``site``."""
    before = len(site.paths())
    started = time.monotonic()
    proc = subprocess.run(
        crawl_command(profile, store_url, *args),
        capture_output=True,
        text=True,
        timeout=CRAWL_TIMEOUT,
        env={**crawl_env(home), **(env or {})},
        check=False,
    )
    seconds = time.monotonic() - started
    # The server logs a request before answering it, so the log is complete once the crawl exits.
    requested = tuple(site.paths()[before:])
    summary = json.loads(proc.stdout) if proc.stdout.strip() else {}
    return CrawlRun(proc.returncode, summary, proc.stderr, requested, seconds)


def search_json(store_url: str, *args: str) -> dict[str, Any]:
    """``newsindex search ARGS --store URL --json``, parsed."""
    outcome = run_cli("search", *args, "--store", store_url, "--json")
    assert outcome.code == 0, outcome.stderr
    result: dict[str, Any] = json.loads(outcome.stdout)
    return result
