"""Dispatch claims in the shared store: one scheduler at a time dispatches a crawl.

Two schedulers that look at the nodes at the same moment both see a crawl
running nowhere. Before it dispatches, a scheduler therefore claims the
crawl: a document named for it in ``ALIAS-fleet-claims``, created with
``op_type=create`` (only one writer can) or, once it exists, taken with a
conditional write (``if_seq_no``: again only one writer wins). The owner
renews it while it follows the job and frees it when the run ends; a claim
whose owner stopped renewing it (killed) expires after ``ttl`` seconds.
The document keeps the crawl's last job (node, job id, start) after it is
freed, so a scheduler that did not see that run can record it rather than
run the crawl again. Schedulers on different machines need clocks in step.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from elasticsearch import ApiError, ConflictError, NotFoundError, TransportError

from index.elasticsearch.client import connect, display_url, split_url, store_error
from index.errors import StoreError

PROPERTIES: dict[str, Any] = {
    "owner": {"type": "keyword"},  # null once freed
    "expires": {"type": "double"},  # seconds since the epoch
    "node": {"type": "keyword"},  # the crawl's last job: where, which, since when
    "job": {"type": "keyword"},
    "started": {"type": "keyword"},
}


@dataclass(frozen=True)
class Claim:
    """A crawl's claim: ``granted`` when it is ours, else whose; and the crawl's last job."""

    granted: bool
    owner: str | None
    node: str | None = None
    job: str | None = None
    started: str | None = None  # ISO 8601


@dataclass
class _Held:
    seq_no: int
    primary_term: int
    node: str | None
    job: str | None
    started: str | None


def claims_index(store_url: str) -> str:
    return f"{split_url(store_url)[1]}-fleet-claims"


class ClaimBook:
    def __init__(
        self, store_url: str, owner: str, ttl: float, clock: Callable[[], float] = time.time
    ):
        self.index = claims_index(store_url)
        self.where = display_url(store_url)
        self.owner = owner
        self.ttl = ttl
        self.clock = clock
        self.client = connect(store_url)
        self.held: dict[str, _Held] = {}
        self._call(
            lambda: self.client.options(ignore_status=400).indices.create(
                index=self.index, mappings={"dynamic": "strict", "properties": PROPERTIES}
            )
        )  # and if it exists, from an older newsindex, with the fields it lacks
        self._call(lambda: self.client.indices.put_mapping(index=self.index, properties=PROPERTIES))

    def _call(self, action: Callable[[], Any]) -> Any:
        try:
            return action()
        except (ConflictError, NotFoundError):
            raise  # answers about the claim itself, for the caller
        except (ApiError, TransportError) as exc:
            raise store_error(exc, self.index, self.where) from None

    def _write(self, name: str, owner: str | None, last: _Held, **condition: Any) -> _Held:
        document = {
            "owner": owner,
            "expires": self.clock() + self.ttl if owner else 0.0,
            "node": last.node,
            "job": last.job,
            "started": last.started,
        }
        answer = self._call(
            lambda: self.client.index(index=self.index, id=name, document=document, **condition)
        )
        return _Held(answer["_seq_no"], answer["_primary_term"], last.node, last.job, last.started)

    def claim(self, name: str) -> Claim:
        """Claim a crawl: granted unless another scheduler holds it and renews it."""
        try:
            self.held[name] = self._write(name, self.owner, _Held(0, 0, None, None, None),
                                          op_type="create")  # fmt: skip
            return Claim(True, self.owner)
        except ConflictError:
            pass
        try:
            current = self._call(lambda: self.client.get(index=self.index, id=name))
        except NotFoundError:
            return Claim(False, None)  # deleted this instant: decide at the next look
        source = current["_source"]
        last = _Held(current["_seq_no"], current["_primary_term"],
                     source.get("node"), source.get("job"), source.get("started"))  # fmt: skip
        holder = Claim(False, source.get("owner"), last.node, last.job, last.started)
        if source.get("owner") not in (None, self.owner) and source["expires"] > self.clock():
            return holder
        condition = {"if_seq_no": last.seq_no, "if_primary_term": last.primary_term}
        try:
            self.held[name] = self._write(name, self.owner, last, **condition)
        except ConflictError:
            return holder  # another scheduler took it first
        return Claim(True, self.owner, last.node, last.job, last.started)

    def note(
        self,
        name: str,
        node: str | None = None,
        job: str | None = None,
        started: str | None = None,
    ) -> bool:
        """Renew our claim, recording the job dispatched under it; False if it is no longer
        ours (it expired and another scheduler took it)."""
        held = self.held.get(name)
        if held is None:
            return False
        if node is not None:
            held.node, held.job, held.started = node, job, started
        condition = {"if_seq_no": held.seq_no, "if_primary_term": held.primary_term}
        try:
            self.held[name] = self._write(name, self.owner, held, **condition)
        except ConflictError:
            del self.held[name]
            return False
        return True

    def release(self, name: str) -> None:
        """Free our claim, keeping the crawl's last job on it."""
        held = self.held.pop(name, None)
        if held is None:
            return
        condition = {"if_seq_no": held.seq_no, "if_primary_term": held.primary_term}
        with contextlib.suppress(ConflictError, NotFoundError):  # taken over, or gone
            self._write(name, None, held, **condition)

    def close(self) -> None:
        for name in list(self.held):
            try:
                self.release(name)
            except StoreError:
                break  # the claims expire by themselves
        self.client.close()
