"""The fleet's decisions, as pure functions of what the nodes said.

Which node takes a crawl, where a crawl already runs, when a job is lost,
how a finished job ended. A job's id starts with its crawl's name
(``orda-kz.5f3c...``): ``listjobs.json`` shows the arguments of pending jobs
only, so the id is what says which crawl a running job belongs to.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from scheduler.fleet.scrapyd import Job
from scheduler.spec import Schedule, ScheduleError

SPIDER = "news"
SEPARATOR = "."  # never in a crawl's name
SUMMARY_MARKER = "newsindex summary: "  # the line crawler/extensions/summarylog.py writes


@dataclass(frozen=True)
class NodeState:
    """A node as the last look at it found it."""

    url: str
    jobs: tuple[Job, ...] = ()
    error: str | None = None  # why it takes no crawl now: unreachable, refused, not deployed

    @property
    def usable(self) -> bool:
        return self.error is None

    @property
    def load(self) -> int:
        """Its pending and running jobs."""
        return sum(1 for job in self.jobs if job.state != "finished")

    def job(self, job_id: str) -> Job | None:
        return next((job for job in self.jobs if job.id == job_id), None)


def job_id(crawl: str, token: str) -> str:
    return f"{crawl}{SEPARATOR}{token}"


def crawl_of(job: str) -> str:
    return job.partition(SEPARATOR)[0]


def where_running(crawl: str, nodes: Sequence[NodeState]) -> tuple[str, Job] | None:
    """(node, job) of a pending or running job of ``crawl`` anywhere in the fleet."""
    for node in nodes:
        for job in node.jobs:
            if job.state != "finished" and crawl_of(job.id) == crawl:
                return node.url, job
    return None


def choose_node(nodes: Sequence[NodeState], avoid: str | None = None) -> NodeState | None:
    """The usable node with the fewest pending and running jobs (the first listed on a tie);
    not ``avoid`` (where the crawl was just lost) while another one is usable."""
    usable = [node for node in nodes if node.usable]
    others = [node for node in usable if node.url != avoid]
    return min(others or usable, key=lambda node: node.load, default=None)


def shared_store(schedule: Schedule, default: str | None) -> str:
    """The fleet's store: the schedule's ``store``, else ``default`` (NEWSINDEX_STORE or the
    config file's). It, and every crawl's own, must be one all nodes write to: Elasticsearch."""
    store = schedule.store or default or ""
    stores = {
        "store": store,
        **{f"crawls.{c.name}.store": c.store or store for c in schedule.crawls},
    }
    for key, url in stores.items():
        if not url.startswith(("http://", "https://")):
            what = f"{url} is a file on this machine" if url else "not set: an SQLite file here"
            raise ScheduleError(
                f"{schedule.path}: {key}: {what}; fleet mode needs a store every Scrapyd node "
                "writes to (an Elasticsearch URL)"
            )
    return store


def is_lost(last_seen: float, now: float, grace: float) -> bool:
    """A job no node has shown for longer than the grace period is lost."""
    return now - last_seen > grace


def summary_in_log(text: str) -> dict[str, Any] | None:
    """The crawl summary a job's log ends with, or None when the crawl wrote none."""
    for line in reversed(text.splitlines()):
        _, marker, rest = line.partition(SUMMARY_MARKER)
        if marker:
            try:
                value = json.loads(rest)
            except ValueError:
                return None
            return value if isinstance(value, dict) else None
    return None


def job_status(summary: dict[str, Any] | None, stop: str | None = None) -> tuple[str, str | None]:
    """How a finished job ended: its run's status and, unless ok, why."""
    if stop == "timeout":
        return "timeout", "stopped at its max_runtime"
    if summary is None:
        return "failed", "the crawl wrote no summary: it stopped before its end (see its log)"
    reason = summary.get("finish_reason")
    if reason == "finished":
        failure = summary.get("failure")
        return ("failed", str(failure)) if failure else ("ok", None)
    if reason == "shutdown":
        return "interrupted", "the crawl was shut down on its node"
    return "failed", f"the crawl ended with {reason!r}"
