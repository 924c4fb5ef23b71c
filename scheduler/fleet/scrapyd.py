"""A small client of Scrapyd's JSON API: the calls the fleet makes, its failures as one line.

Plain ``urllib``: GET for what reads, form-encoded POST for what changes (the
egg too: Scrapyd reads ``addversion.json``'s ``egg`` from either form
encoding). Scrapyd answers every call with ``{"status": "ok" | "error"}``;
an error, a refused login, a node that cannot be reached or answers
something else all become a :class:`NodeError` naming the node.
Credentials come from the environment (:data:`AUTH_ENV`), the same for
every node, as Scrapyd's own ``username`` and ``password`` settings expect.
"""

from __future__ import annotations

import base64
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from index.errors import NewsindexError

AUTH_ENV = ("NEWSINDEX_SCRAPYD_USERNAME", "NEWSINDEX_SCRAPYD_PASSWORD")
STATES = ("pending", "running", "finished")


class NodeError(NewsindexError):
    """A Scrapyd node that could not do what was asked; the message names it and says why."""


class NodeUnreachable(NodeError):
    """Nothing answered at the node's address (refused, timed out, unknown host)."""


class NodeTimeout(NodeUnreachable):
    """The node did not answer in time: busy, or gone; what was asked may have been done."""


class NotDeployed(NodeError):
    """The node answers, but the project has not been deployed to it."""


@dataclass(frozen=True)
class Job:
    """One job as ``listjobs.json`` shows it."""

    id: str
    state: str  # pending, running or finished
    log_url: str | None = None  # a path on the node, once the job has run


def credentials(env: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """The fleet's login, from :data:`AUTH_ENV`; None when no user name is set."""
    values = os.environ if env is None else env
    user = values.get(AUTH_ENV[0])
    return (user, values.get(AUTH_ENV[1], "")) if user else None


class Scrapyd:
    """One node: ``Scrapyd("http://scrapyd-1:6800", auth)``."""

    def __init__(self, url: str, auth: tuple[str, str] | None = None, timeout: float = 10.0):
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.headers = {"Accept": "application/json"}
        if auth:
            token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
            self.headers["Authorization"] = f"Basic {token}"

    def _fetch(self, path: str, data: bytes | None = None) -> bytes:
        request = urllib.request.Request(f"{self.url}{path}", data, self.headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body: bytes = response.read()
                return body
        except urllib.error.HTTPError as exc:
            if exc.code in (401, 403):
                raise NodeError(
                    f"{self.url}: the node refused the credentials ({' and '.join(AUTH_ENV)})"
                ) from None
            raise NodeError(f"{self.url}: HTTP {exc.code} for {path.split('?')[0]}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", None) or exc
            kind = NodeTimeout if isinstance(reason, TimeoutError) else NodeUnreachable
            raise kind(f"{self.url}: cannot reach the node ({reason})") from None

    def _call(
        self, endpoint: str, query: dict[str, str] | None = None, form: Any = None
    ) -> dict[str, Any]:
        path = f"/{endpoint}" + (f"?{urllib.parse.urlencode(query)}" if query else "")
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        try:
            answer = json.loads(self._fetch(path, data))
        except ValueError:
            raise NodeError(f"{self.url}: not a Scrapyd node ({endpoint} is not JSON)") from None
        if not isinstance(answer, dict):
            raise NodeError(f"{self.url}: not a Scrapyd node ({endpoint} is not a JSON object)")
        if answer.get("status") != "ok":
            message = str(answer.get("message", "no message")).strip().splitlines()[-1:]
            text = message[0] if message else "no message"
            project = (query or {}).get("project") or dict(form or {}).get("project")
            if project and text == f"project '{project}' not found":
                raise NotDeployed(f"{self.url}: project {project!r} is not deployed there")
            raise NodeError(f"{self.url}: {endpoint}: {text}")
        return answer

    def jobs(self, project: str) -> list[Job]:
        """The project's pending, running and (recently) finished jobs."""
        answer = self._call("listjobs.json", {"project": project})
        return [
            Job(str(entry["id"]), state, entry.get("log_url"))
            for state in STATES
            for entry in answer.get(state, [])
        ]

    def versions(self, project: str) -> list[str]:
        """The project's versions on the node, the one it runs last."""
        return [str(v) for v in self._call("listversions.json", {"project": project})["versions"]]

    def spiders(self, project: str) -> list[str]:
        """The spiders of the project's newest version (Scrapyd caches the answer)."""
        return [str(s) for s in self._call("listspiders.json", {"project": project})["spiders"]]

    def schedule(
        self,
        project: str,
        spider: str,
        job: str,
        arguments: Mapping[str, str],
        settings: Mapping[str, str],
    ) -> None:
        """Queue a job under our own id; spider arguments and Scrapy settings travel with it."""
        form = [("project", project), ("spider", spider), ("jobid", job)]
        form += [(key, value) for key, value in arguments.items()]
        form += [("setting", f"{key}={value}") for key, value in settings.items()]
        self._call("schedule.json", form=form)

    def cancel(self, project: str, job: str) -> None:
        self._call("cancel.json", form=[("project", project), ("job", job)])

    def add_version(self, project: str, version: str, egg: bytes) -> int:
        """Upload an egg as the project's newest version; the number of spiders it holds."""
        form = [("project", project), ("version", version), ("egg", egg)]
        return int(self._call("addversion.json", form=form).get("spiders", 0))

    def text(self, path: str) -> str:
        """A file the node serves, such as a job's log (``log_url``)."""
        return self._fetch(path).decode("utf-8", "replace")
