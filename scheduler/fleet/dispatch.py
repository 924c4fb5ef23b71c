"""Run the schedule on a fleet of Scrapyd nodes: dispatch due crawls, follow their jobs.

Every poll asks each node once for its jobs (``listjobs.json``). A due crawl
is started only when no node has a pending or running job of it, under the
local lock (lock.py) and the crawl's claim in the shared store (claims.py),
on the node with the fewest pending and running jobs (``schedule.json``),
its profile, store and settings travelling as job arguments. A crawl found
running elsewhere (dispatched by another scheduler, or by this one before a
restart) is followed instead, and its run says on which node. A job that no
node shows for ``lost_after`` is recorded ``lost`` and, as lost runs are,
due again at once: it goes to another node, where the incremental crawl
fetches only what the shared store lacks. A finished job's counts come
from the summary line its log ends with (crawler/extensions/summarylog.py).
Stopping the scheduler leaves jobs running; the next one follows them.
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from index.errors import InvalidInput, StoreError
from scheduler.fleet.claims import Claim, ClaimBook
from scheduler.fleet.follow import Followed, Following
from scheduler.fleet.nodes import Nodes
from scheduler.fleet.plan import (
    SPIDER,
    NodeState,
    choose_node,
    job_id,
    where_running,
)
from scheduler.fleet.scrapyd import NodeError, NodeTimeout
from scheduler.lock import CrawlLock, holder_pid
from scheduler.runner import due_crawls, lock_path
from scheduler.runs import RunBook
from scheduler.spec import Crawl, Fleet, Schedule
from scheduler.timing import since_date

logger = logging.getLogger(__name__)

ProfileArguments = Callable[[str], dict[str, str]]
CLAIM_POLLS = 10  # a claim outlives this many polls without renewal (slow nodes delay a poll)
CLAIM_SECONDS = 120.0  # and at least this long


def claim_ttl(fleet: Fleet) -> float:
    """How long a claim lasts unrenewed: its owner renews it at every poll."""
    return max(CLAIM_SECONDS, CLAIM_POLLS * fleet.poll.total_seconds())


class FleetScheduler:
    """Dispatch what is due to the fleet, never two jobs of one crawl, record every run."""

    def __init__(
        self,
        schedule: Schedule,
        fleet: Fleet,
        book: RunBook,
        state_dir: Path,
        *,
        store: str,
        claims: ClaimBook,
        profile_arguments: ProfileArguments,
        auth: tuple[str, str] | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ):
        self.schedule = schedule
        self.fleet = fleet
        self.book = book
        self.state_dir = state_dir
        self.store = store
        self.claims = claims
        self.profile_arguments = profile_arguments
        self.now = now
        self.nodes = Nodes(fleet.nodes, fleet.project, auth, fleet.timeout.total_seconds())
        self.runs = Following(
            book, self.nodes, claims, fleet.lost_after.total_seconds(), now, self._lost
        )
        self.said: dict[str, str] = {}  # crawl -> the last thing said about why it waits
        self.todo: set[str] | None = None  # with ``once``: what is still to run
        self.stopping = threading.Event()

    def recover(self) -> None:
        """Follow the jobs of runs an earlier scheduler left under way."""
        crawls = {crawl.name: crawl for crawl in self.schedule.crawls}
        for run in self.book.running():
            crawl = crawls.get(run.profile)
            if not run.node or not run.job or not crawl or run.profile in self.runs.active:
                continue
            lock = CrawlLock(lock_path(self.state_dir, run.profile))
            if not lock.acquire():
                continue  # another scheduler here follows it
            lock.note_holder(os.getpid())
            followed = Followed(crawl, run.id, run.node, run.job, lock, time.monotonic(), False)
            self.runs.active[run.profile] = followed
            logger.info(
                "%(name)s: following run %(id)d (job %(job)s on %(node)s) left by an earlier "
                "scheduler",
                {"name": run.profile, "id": run.id, "job": run.job, "node": run.node},
            )

    # --- starting --------------------------------------------------------------

    def _wait(self, name: str, message: str, values: dict[str, object]) -> None:
        text = message % values
        if self.said.get(name) != text:
            logger.info("%(text)s", {"text": text})
            self.said[name] = text

    def start(self, crawl: Crawl, states: Sequence[NodeState], now: datetime) -> bool:
        """Dispatch a due crawl, or follow its job if it runs somewhere already. False when
        the decision must wait (another scheduler is dispatching it this instant)."""
        name = crawl.name
        lock = CrawlLock(lock_path(self.state_dir, name))
        if not lock.acquire():
            pid = holder_pid(lock.path) or "?"
            self._wait(name, "%(name)s is followed by another scheduler here (pid %(pid)s)",
                       {"name": name, "pid": pid})  # fmt: skip
            return True
        lock.note_holder(os.getpid())
        found = where_running(name, states)
        if found:
            self._follow(crawl, lock, found[0], found[1].id, now, claimed=False)
            return True
        try:
            claim = self.claims.claim(name)
        except StoreError as exc:
            lock.close()
            self._wait(name, "%(name)s: cannot claim it: %(exc)s", {"name": name, "exc": exc})
            return False
        if not claim.granted:
            if claim.node and claim.job and not self.book.of_job(claim.job):
                ended = self._ended(claim.node, claim.job, states)
                self._follow(crawl, lock, claim.node, claim.job, now, claimed=False, finished=ended)
                return True
            lock.close()
            self._wait(
                name, "%(name)s is claimed by %(owner)s", {"name": name, "owner": claim.owner}
            )
            return False
        fresh = self.nodes.survey()  # again, under the claim: nobody else dispatches it now
        found = where_running(name, fresh)
        if found:
            self._follow(crawl, lock, found[0], found[1].id, now, claimed=True)
            self.runs.note(name, found[0], found[1].id, now.isoformat(timespec="seconds"))
            return True
        if self._unrecorded(claim, fresh):
            # Its last run, by another scheduler, ended unseen by this one: record that run
            # (the next one is due after it) rather than run the crawl again at once.
            assert claim.node and claim.job
            started = datetime.fromisoformat(claim.started) if claim.started else now
            self._follow(crawl, lock, claim.node, claim.job, started, claimed=True, finished=True)
            return True
        self._dispatch(crawl, lock, fresh, now)
        return True

    def _unrecorded(self, claim: Claim, states: Sequence[NodeState]) -> bool:
        """Whether the claim's last job is one a node still shows but this book lacks."""
        if not claim.node or not claim.job or self.book.of_job(claim.job):
            return False
        return any(state.url == claim.node and state.job(claim.job) for state in states)

    @staticmethod
    def _ended(node: str, job: str, states: Sequence[NodeState]) -> bool:
        return any(s.url == node and (j := s.job(job)) and j.state == "finished" for s in states)

    def _follow(
        self,
        crawl: Crawl,
        lock: CrawlLock,
        node: str,
        job: str,
        started: datetime,
        *,
        claimed: bool,
        finished: bool = False,
    ) -> None:
        run_id = self.book.start(crawl.name, started, node=node, job=job)
        self.runs.active[crawl.name] = Followed(
            crawl, run_id, node, job, lock, time.monotonic(), claimed
        )
        self.said.pop(crawl.name, None)
        ran = "ran" if finished else "is running"
        logger.info(
            "%(name)s %(ran)s on %(node)s (job %(job)s): not starting another, following it "
            "as run %(id)d",
            {"name": crawl.name, "ran": ran, "node": node, "job": job, "id": run_id},
        )

    def _dispatch(
        self, crawl: Crawl, lock: CrawlLock, states: Sequence[NodeState], now: datetime
    ) -> None:
        name = crawl.name
        try:
            arguments = self.profile_arguments(crawl.profile)
        except (InvalidInput, OSError) as exc:
            self._not_dispatched(crawl, lock, now, None, str(exc))
            return
        if since := since_date(crawl, now):
            arguments["since"] = since
        node = choose_node(states, avoid=self.runs.lost_on.get(name))
        if node is None:
            reasons = "; ".join(state.error or "" for state in states)
            self._not_dispatched(crawl, lock, now, None, f"no node can take it: {reasons}")
            return
        job = job_id(name, uuid.uuid4().hex)
        settings = {"NEWSINDEX_STORE": crawl.store or self.store, **crawl.settings}
        try:
            self.nodes[node.url].schedule(self.fleet.project, SPIDER, job, arguments, settings)
        except NodeTimeout as exc:  # it may have queued the job: follow it; unseen, it is lost
            logger.warning("%(name)s: %(exc)s; following job %(job)s in case it was queued",
                           {"name": name, "exc": exc, "job": job})  # fmt: skip
        except NodeError as exc:
            self._not_dispatched(crawl, lock, now, node.url, str(exc))
            return
        run_id = self.book.start(name, now, node=node.url, job=job)
        self.runs.note(name, node.url, job, now.isoformat(timespec="seconds"))
        deadline = time.monotonic() + crawl.max_runtime.total_seconds()
        self.runs.active[name] = Followed(
            crawl, run_id, node.url, job, lock, time.monotonic(), True, deadline
        )
        self.said.pop(name, None)
        logger.info(
            "%(name)s: run %(id)d dispatched to %(node)s (job %(job)s)",
            {"name": name, "id": run_id, "node": node.url, "job": job},
        )

    def _not_dispatched(
        self, crawl: Crawl, lock: CrawlLock, now: datetime, node: str | None, why: str
    ) -> None:
        run_id = self.book.start(crawl.name, now, node=node)
        self.book.finish(run_id, self.now(), "failed", None, None, error=why)
        self.runs.release(crawl.name)
        lock.close()
        self.runs.failed += 1
        logger.error("%(name)s: not dispatched: %(why)s", {"name": crawl.name, "why": why})

    # --- the loop --------------------------------------------------------------

    def run(self, *, once: bool = False) -> int:
        """Run until stopped (or, with ``once``, until what was due has run); failed runs."""
        self.recover()
        first = True
        while not self.stopping.is_set():
            now = self.now()
            states = self.nodes.survey()
            self.runs.follow(states)
            self.runs.sweep(states)
            due = due_crawls(self.schedule, self.book, self.runs.active, now)
            if once and first:
                self.todo = {crawl.name for crawl in due}
            first = False
            for crawl in due:
                if self.stopping.is_set() or not (self.todo is None or crawl.name in self.todo):
                    continue
                if self.start(crawl, states, now) and self.todo is not None:
                    self.todo.discard(crawl.name)
            self.runs.renew()
            if once and not self.todo and not self.runs.active:
                break
            self.stopping.wait(self.fleet.poll.total_seconds())
        self.shutdown()
        return self.runs.failed

    def _lost(self, name: str) -> None:
        if self.todo is not None:
            self.todo.add(name)  # with ``once`` too, a lost run runs again

    def request_stop(self) -> None:
        """From a signal handler: stop dispatching; jobs under way go on on their nodes."""
        self.stopping.set()

    def shutdown(self) -> None:
        if self.runs.active:
            logger.info(
                "Leaving %(n)d job(s) running on their nodes; the next scheduler follows them",
                {"n": len(self.runs.active)},
            )
        self.runs.drop_all()
        self.claims.close()
