"""The Store protocol both engines implement, and the types of what it returns.

Each engine is a package (``index/sqlite``, ``index/elasticsearch``) with its
schema, its query compiler and its store; ``index/factory.py`` opens the one
a URL names.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from index.document import Document
from index.query import Interval, Node, SearchRequest


@dataclass
class FacetValue:
    value: str
    count: int


@dataclass
class Hit:
    document: Document
    score: float | None = None
    highlight: str | None = None


@dataclass
class SearchResult:
    total: int
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    #: Facets whose counts are estimates (the embedded store past FACET_VALUES_LIMIT values).
    estimated_facets: list[str] = field(default_factory=list)

    def to_dict(self, fields: list[str] | None = None) -> dict[str, Any]:
        """The JSON form: hits are documents in the schema's own JSON form; estimated facet
        counts are named under ``estimated_facets`` (the key is there only then)."""
        hits = []
        for hit in self.hits:
            doc = hit.document.to_dict()
            hits.append({k: doc[k] for k in fields} if fields else doc)
        estimated = {"estimated_facets": self.estimated_facets} if self.estimated_facets else {}
        return {
            "total": self.total,
            "hits": hits,
            "highlights": {h.document.id: h.highlight for h in self.hits if h.highlight},
            "facets": {
                name: [{"value": v.value, "count": v.count} for v in values]
                for name, values in self.facets.items()
            },
            **estimated,
        }


@dataclass
class Bucket:
    start: str  # ISO date of the bucket's first day (UTC)
    count: int


@dataclass
class WriteResult:
    """What a write did: ``errors`` will fail again, ``transient`` may pass later."""

    written: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)  # (id, reason)
    transient: list[tuple[str, str]] = field(default_factory=list)  # (id, reason)

    def add(self, other: WriteResult) -> None:
        self.written += other.written
        self.errors.extend(other.errors)
        self.transient.extend(other.transient)


@dataclass
class StoreStatus:
    """Where an archive is, what it holds, and whether its schema is current."""

    url: str
    engine: str
    schema: str  # the current versioned index or the last migration
    documents: int
    size_bytes: int
    up_to_date: bool
    pending: list[str] = field(default_factory=list)  # what ``index migrate`` would do

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@runtime_checkable
class Store(Protocol):
    """What the crawler and the CLI need from an archive, whatever the engine."""

    url: str

    def ensure_schema(self) -> None:
        """Create or update the schema; safe to call on every start."""

    def upsert(self, documents: Iterable[Document], *, replace: bool = False) -> WriteResult:
        """Write documents by id; existing ones keep ``first_seen`` unless ``replace``."""

    def get(self, doc_id: str) -> Document | None: ...

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of these ids the store already holds (for incremental crawls)."""

    def count(self, query: Node | None = None) -> int: ...

    def delete(self, ids: Iterable[str]) -> int: ...

    def search(self, request: SearchRequest) -> SearchResult: ...

    def histogram(self, query: Node | None, interval: Interval) -> list[Bucket]: ...

    def scan(self, query: Node | None = None) -> Iterator[Document]:
        """Every matching document, streamed in id order."""

    def refresh(self) -> None:
        """Make all writes so far visible to searches."""

    def bulk(self) -> AbstractContextManager[None]:
        """A run of writes, such as an import: the store may defer its upkeep to the end."""

    def status(self) -> StoreStatus: ...

    def migrate(self, *, delete_old: bool = False) -> list[str]:
        """Bring the schema to the current version, keeping every document; say what was done."""

    def close(self) -> None: ...
