"""The runs a fleet scheduler follows, each a job on a node, until the job ends.

At every poll each followed job is looked for on its node: pending or
running, it is seen; finished, its log's summary gives the run's figures and
status; seen nowhere for longer than the grace period (its node died, or
restarted without it), the run is ``lost``. The crawl's claim, when ours, is
renewed at every poll and freed when the run ends.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from index.errors import StoreError
from scheduler.fleet.claims import ClaimBook
from scheduler.fleet.nodes import Nodes
from scheduler.fleet.plan import NodeState, crawl_of, is_lost, job_status, summary_in_log
from scheduler.fleet.scrapyd import Job, NodeError
from scheduler.lock import CrawlLock
from scheduler.runs import RunBook
from scheduler.spec import Crawl
from scheduler.timing import FAILED

logger = logging.getLogger(__name__)


@dataclass
class Followed:
    """A run whose job this scheduler follows on a node."""

    crawl: Crawl
    run_id: int
    node: str
    job: str
    lock: CrawlLock
    last_seen: float  # time.monotonic() when a node last showed the job pending or running
    claimed: bool  # we hold the crawl's claim: we dispatched the job (or took it over)
    deadline: float | None = None  # past it our own job is cancelled (max_runtime)
    stop: str | None = None  # "timeout" once cancelled


class Following:
    """The followed runs, by crawl name."""

    def __init__(
        self,
        book: RunBook,
        nodes: Nodes,
        claims: ClaimBook,
        grace: float,
        now: Callable[[], datetime],
        on_lost: Callable[[str], None] = lambda name: None,
    ):
        self.book = book
        self.nodes = nodes
        self.claims = claims
        self.grace = grace
        self.now = now
        self.on_lost = on_lost  # told the name of a crawl whose run was lost
        self.active: dict[str, Followed] = {}
        self.lost_on: dict[str, str] = {}  # crawl -> the node its last run was lost on
        self.failed = 0  # runs that failed or timed out
        self.cancelled: set[str] = set()  # stray jobs (given up as lost) we cancelled

    def follow(self, states: Sequence[NodeState]) -> None:
        """Record the runs whose job finished or was lost; stop those past max_runtime."""
        by_url = {state.url: state for state in states}
        clock = time.monotonic()
        for followed in list(self.active.values()):
            state = by_url.get(followed.node)
            job = state.job(followed.job) if state else None
            if job is not None and job.state != "finished":
                followed.last_seen = clock
                self._enforce(followed, clock)
            elif job is not None:
                self._finished(followed, job)
            elif is_lost(followed.last_seen, clock, self.grace):
                self._lost(followed, state)

    def _finished(self, followed: Followed, job: Job) -> None:
        summary, log = None, None
        why: str | None = "the node keeps no job logs (logs_dir): the crawl's figures are unknown"
        if job.log_url:
            log = f"{followed.node}{job.log_url}"
            try:
                summary = summary_in_log(self.nodes[followed.node].text(job.log_url))
                why = None
            except NodeError as exc:
                why = f"cannot read the job's log: {exc}"
        status, reason = job_status(summary, followed.stop)
        self._end(followed, status, summary, why or reason, log)

    def _lost(self, followed: Followed, state: NodeState | None) -> None:
        cause = state.error if state and state.error else "the job is gone from the node"
        why = f"no node has shown job {followed.job} for {self.grace:g}s: {cause}"
        self.lost_on[followed.crawl.name] = followed.node
        self.on_lost(followed.crawl.name)
        self._end(followed, "lost", None, why, None)

    def _end(
        self,
        followed: Followed,
        status: str,
        summary: dict[str, object] | None,
        why: str | None,
        log: str | None,
    ) -> None:
        name = followed.crawl.name
        self.book.finish(followed.run_id, self.now(), status, None, summary, error=why, log=log)
        del self.active[name]
        if status != "lost":
            self.lost_on.pop(name, None)  # it ran to an end: any node may take it again
        if followed.claimed:
            self.release(name)
        followed.lock.close()
        if status in FAILED:
            self.failed += 1
        logger.info(
            "%(name)s: run %(id)d on %(node)s (job %(job)s) %(status)s%(why)s",
            {
                "name": name,
                "id": followed.run_id,
                "node": followed.node,
                "job": followed.job,
                "status": status,
                "why": f": {why}" if why and status != "ok" else "",
            },
        )

    def _enforce(self, followed: Followed, clock: float) -> None:
        if followed.deadline is None or followed.stop or clock <= followed.deadline:
            return
        logger.warning("%(name)s: past its max_runtime, stopping", {"name": followed.crawl.name})
        try:
            self.nodes[followed.node].cancel(self.nodes.project, followed.job)
            followed.stop = "timeout"
        except NodeError as exc:
            logger.warning("%(name)s: %(exc)s", {"name": followed.crawl.name, "exc": exc})

    def sweep(self, states: Sequence[NodeState]) -> None:
        """Cancel a job of a crawl whose claim we hold under another job: a node that came
        back with a job given up as lost, which now runs elsewhere."""
        for state in states:
            for job in state.jobs:
                followed = self.active.get(crawl_of(job.id))
                if job.state == "finished" or not followed or not followed.claimed:
                    continue
                if job.id != followed.job and job.id not in self.cancelled:
                    logger.warning(
                        "%(node)s: job %(job)s came back after it was given up: cancelling it",
                        {"node": state.url, "job": job.id},
                    )
                    try:
                        self.nodes[state.url].cancel(self.nodes.project, job.id)
                        self.cancelled.add(job.id)  # it stops in its own time
                    except NodeError as exc:
                        logger.warning("%(exc)s", {"exc": exc})

    def renew(self) -> None:
        for name, followed in self.active.items():
            if followed.claimed and not self.note(name):
                followed.claimed = False
                logger.warning("%(name)s: its claim expired and was taken over", {"name": name})

    def note(
        self, name: str, node: str | None = None, job: str | None = None, started: str | None = None
    ) -> bool:
        try:
            return self.claims.note(name, node, job, started)
        except StoreError as exc:
            logger.warning("%(name)s: cannot renew its claim: %(exc)s", {"name": name, "exc": exc})
            return True  # still ours until it expires; the next poll tries again

    def release(self, name: str) -> None:
        try:
            self.claims.release(name)
        except StoreError as exc:  # it expires by itself
            logger.warning(
                "%(name)s: cannot release its claim: %(exc)s", {"name": name, "exc": exc}
            )

    def drop_all(self) -> None:
        """Stop following (the jobs go on): free our claims, close the locks."""
        for followed in self.active.values():
            if followed.claimed:
                self.release(followed.crawl.name)
            followed.lock.close()
        self.active.clear()
