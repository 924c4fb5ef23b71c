"""Dispatch claims in the shared store: one scheduler at a time dispatches a crawl.

Two schedulers that look at the nodes at the same moment both see a crawl
running nowhere. Before it dispatches, a scheduler therefore claims the
crawl: a document named for it in ``ALIAS-fleet-claims``, created with
``op_type=create``, which Elasticsearch lets only one writer do. The claim
carries its owner and, once dispatched, the node and job; the owner renews
it while it follows the job and deletes it when the run ends. A claim whose
owner stopped renewing it (killed) expires after ``ttl`` seconds and is
taken over with a conditional write (``if_seq_no``), which again only one
scheduler wins. Schedulers on different machines need clocks in step (NTP).
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

MAPPINGS = {
    "dynamic": "strict",
    "properties": {
        "owner": {"type": "keyword"},
        "expires": {"type": "double"},  # seconds since the epoch
        "node": {"type": "keyword"},
        "job": {"type": "keyword"},
    },
}


@dataclass(frozen=True)
class Claim:
    """Who holds a crawl's claim; ``granted`` when it is us."""

    granted: bool
    owner: str
    node: str | None = None
    job: str | None = None


@dataclass
class _Held:
    seq_no: int
    primary_term: int
    node: str | None = None
    job: str | None = None


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
                index=self.index, mappings=MAPPINGS
            )
        )

    def _call(self, action: Callable[[], Any]) -> Any:
        try:
            return action()
        except (ConflictError, NotFoundError):
            raise  # answers about the claim itself, for the caller
        except (ApiError, TransportError) as exc:
            raise store_error(exc, self.index, self.where) from None

    def _write(self, name: str, held: _Held | None, **condition: Any) -> _Held:
        node, job = (held.node, held.job) if held else (None, None)
        expires = self.clock() + self.ttl
        document = {"owner": self.owner, "expires": expires, "node": node, "job": job}
        answer = self._call(
            lambda: self.client.index(index=self.index, id=name, document=document, **condition)
        )
        mine = _Held(answer["_seq_no"], answer["_primary_term"], node, job)
        self.held[name] = mine
        return mine

    def claim(self, name: str) -> Claim:
        """Claim a crawl: granted if nobody holds it or its holder's claim expired."""
        try:
            self._write(name, None, op_type="create")
            return Claim(True, self.owner)
        except ConflictError:
            pass
        try:
            current = self._call(lambda: self.client.get(index=self.index, id=name))
        except NotFoundError:
            return Claim(False, "?")  # released this instant: decide at the next look
        source = current["_source"]
        holder = Claim(False, source["owner"], source.get("node"), source.get("job"))
        if source["owner"] != self.owner and source["expires"] > self.clock():
            return holder
        condition = {"if_seq_no": current["_seq_no"], "if_primary_term": current["_primary_term"]}
        try:
            self._write(name, None, **condition)
        except ConflictError:
            return holder  # another scheduler took it over first
        return Claim(True, self.owner)

    def note(self, name: str, node: str | None = None, job: str | None = None) -> bool:
        """Renew our claim, recording the job dispatched under it; False if it is no longer
        ours (it expired and another scheduler took it)."""
        held = self.held.get(name)
        if held is None:
            return False
        if node is not None:
            held.node, held.job = node, job
        try:
            self._write(name, held, if_seq_no=held.seq_no, if_primary_term=held.primary_term)
        except ConflictError:
            del self.held[name]
            return False
        return True

    def release(self, name: str) -> None:
        held = self.held.pop(name, None)
        if held is None:
            return
        with contextlib.suppress(ConflictError, NotFoundError):  # taken over, or gone
            self._call(
                lambda: self.client.delete(
                    index=self.index,
                    id=name,
                    if_seq_no=held.seq_no,
                    if_primary_term=held.primary_term,
                )
            )

    def close(self) -> None:
        for name in list(self.held):
            try:
                self.release(name)
            except StoreError:
                break  # the claims expire by themselves
        self.client.close()
