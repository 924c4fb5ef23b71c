"""Driving ``newsindex schedule`` from tests: the schedule file, the scheduler process, its
run records, and waiting for events with a deadline (never for a fixed time)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from index.factory import open_store
from tests.cli import run_cli

T = TypeVar("T")
DEADLINE = 90.0  # seconds for any awaited event; crawls of the test sites take a few


def wait_for(what: str, probe: Callable[[], T | None], deadline: float = DEADLINE) -> T:
    """Poll ``probe`` until it returns something truthy; fail naming ``what`` at the deadline."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        value = probe()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def _toml(value: Any) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml(v)}" for k, v in value.items()) + " }"
    return json.dumps(value)


def write_schedule(
    tmp_path: Path,
    store_url: str,
    crawls: dict[str, dict[str, Any]],
    fleet: dict[str, Any] | None = None,
) -> Path:
    """``schedule.toml`` in ``tmp_path``: the store, the crawls and, if given, the fleet."""
    lines = [f"store = {json.dumps(store_url)}", ""]
    tables = [(f"crawls.{name}", keys) for name, keys in crawls.items()]
    for table, keys in tables + ([("fleet", fleet)] if fleet else []):
        lines.append(f"[{table}]")
        lines += [f"{key} = {_toml(value)}" for key, value in keys.items()]
        lines.append("")
    path = tmp_path / "schedule.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


class SchedulerProcess:
    """A ``newsindex schedule`` subprocess whose stderr is read as it is written."""

    def __init__(self, schedule: Path, log: Path, *args: str, env: dict[str, str] | None = None):
        self.log = log
        self.err = log.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "search_cli", "schedule", "--file", str(schedule), *args],
            stdout=subprocess.DEVNULL,
            stderr=self.err,
            env=env or dict(os.environ),
        )

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self, sig: int = signal.SIGTERM) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        code = self.process.wait(timeout=DEADLINE)
        self.err.close()
        return code

    def kill(self) -> None:
        """For a fixture's clean-up: gone, whatever state the test left it in."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.err.close()


@contextmanager
def scheduler_processes() -> Iterator[list[SchedulerProcess]]:
    """A list to put started schedulers in; each is killed at the end if still running."""
    started: list[SchedulerProcess] = []
    try:
        yield started
    finally:
        for scheduler in started:
            scheduler.kill()


def runs(*args: str, env: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """``newsindex runs --json``, oldest first."""
    outcome = run_cli("runs", "--json", *args, env=env)
    assert outcome.code == 0, outcome.stderr
    return list(reversed(json.loads(outcome.stdout)))


def finished_runs(profile: str) -> list[dict[str, Any]]:
    return [r for r in runs("--profile", profile) if r["status"] != "running"]


def stored_ids(store_url: str) -> list[str]:
    store = open_store(store_url)
    try:
        return [doc.id for doc in store.scan()]
    finally:
        store.close()
