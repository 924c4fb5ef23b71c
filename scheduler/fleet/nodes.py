"""The fleet's nodes, all at once: their jobs, the egg uploaded to each, their state.

Nodes are asked in parallel, so one that does not answer (a timeout) does
not hold up the others. Whatever a node does wrong is its state's
``error``, one line, never an exception: the scheduler goes on with the
other nodes, and ``newsindex fleet status`` shows it.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any, TypeVar

from scheduler.fleet.egg import Egg, version_digest
from scheduler.fleet.plan import NodeState
from scheduler.fleet.scrapyd import STATES, NodeError, NodeUnreachable, NotDeployed, Scrapyd

logger = logging.getLogger(__name__)
T = TypeVar("T")


def _failure(exc: NodeError) -> str:
    return f"{exc} (run `newsindex fleet deploy`)" if isinstance(exc, NotDeployed) else str(exc)


class Nodes:
    """The fleet's Scrapyd nodes, one project on each."""

    def __init__(
        self,
        urls: Sequence[str],
        project: str,
        auth: tuple[str, str] | None = None,
        timeout: float = 10.0,
    ):
        self.project = project
        self.clients = {url: Scrapyd(url, auth, timeout) for url in urls}
        self.said: dict[str, str | None] = {}  # what was last logged about each node

    def __getitem__(self, url: str) -> Scrapyd:
        return self.clients[url]

    def each(self, ask: Callable[[Scrapyd], T]) -> list[T]:
        """``ask`` of every node, in parallel; in the nodes' order."""
        with ThreadPoolExecutor(max_workers=len(self.clients)) as pool:
            return list(pool.map(ask, self.clients.values()))

    def _look(self, node: Scrapyd) -> NodeState:
        try:
            return NodeState(node.url, tuple(node.jobs(self.project)))
        except NodeError as exc:
            return NodeState(node.url, (), _failure(exc))

    def survey(self) -> list[NodeState]:
        """Every node's jobs; a node's change of state is logged once."""
        states = self.each(self._look)
        for state in states:
            before = self.said.get(state.url, "")
            if state.error != before:
                if state.error:
                    logger.warning("%(error)s: it takes no crawls", {"error": state.error})
                elif before:
                    logger.info("%(node)s: answers again, taking crawls", {"node": state.url})
                self.said[state.url] = state.error
        return states

    def deploy(self, egg: Egg, now: datetime) -> list[dict[str, Any]]:
        """Upload the egg to every node as the project's newest version: one row per node."""
        version = egg.version(now)

        def upload(node: Scrapyd) -> dict[str, Any]:
            try:
                spiders = node.add_version(self.project, version, egg.data)
            except NodeError as exc:
                return {"node": node.url, "version": None, "spiders": None, "error": str(exc)}
            # Scrapyd lists a version's spiders (a `scrapy list` process, which holds up its
            # API) at its first job unless asked before: ask now, so that job starts at once.
            with contextlib.suppress(NodeError):
                node.spiders(self.project)
            return {"node": node.url, "version": version, "spiders": spiders, "error": None}

        return self.each(upload)

    def status(self, digest: str) -> list[dict[str, Any]]:
        """Per node: reachable, deployed, its jobs by state, the version it runs, and whether
        that is the code of the egg whose digest is given."""

        def look(node: Scrapyd) -> dict[str, Any]:
            row: dict[str, Any] = {"node": node.url, "reachable": True, "deployed": False}
            row.update(dict.fromkeys((*STATES, "version", "current", "error")))
            try:
                jobs = node.jobs(self.project)
                versions = node.versions(self.project)
            except NotDeployed as exc:
                row["error"] = _failure(exc)
                return row
            except NodeError as exc:
                row["reachable"] = not isinstance(exc, NodeUnreachable)
                row["error"] = str(exc)
                return row
            row["deployed"] = True
            row.update({state: sum(1 for j in jobs if j.state == state) for state in STATES})
            row["version"] = versions[-1] if versions else None
            row["current"] = bool(versions) and version_digest(versions[-1]) == digest
            return row

        return self.each(look)
