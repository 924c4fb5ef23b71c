"""The production store: Elasticsearch, through a versioned index behind an alias.

The index template (``schema.py``) covers ``ALIAS-v*``; ``migrate`` copies the
archive into the next versioned index and moves the alias in one step.
Writes go through ``helpers.streaming_bulk``, retried while the node is
unreachable or busy; each refused document is recorded, never swallowed.
A batch's requests go ``writers`` at a time (bulk.py).
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from elasticsearch import (
    ApiError,
    ConnectionError,
    ConnectionTimeout,
    Elasticsearch,
    TransportError,
    helpers,
)

from index.batches import batches
from index.document import Document
from index.elasticsearch.bulk import (
    CHUNK_BYTES,
    CHUNK_DOCS,
    LARGE_TEXT,
    WRITERS,
    in_flight,
    record_failure,
    text_size,
)
from index.elasticsearch.client import (
    TRANSIENT_STATUSES,
    connect,
    display_url,
    no_archive,
    split_url,
    store_error,
    transport_reason,
)
from index.elasticsearch.highlight import snippet
from index.elasticsearch.query import compile_node, histogram_aggs, search_body
from index.elasticsearch.schema import SCHEMA_VERSION, index_template, mappings, versioned_index
from index.errors import SchemaOutdated, StoreError, StoreUnavailable
from index.query import Interval, Node, SearchRequest
from index.store import Bucket, FacetValue, Hit, SearchResult, StoreStatus, WriteResult

logger = logging.getLogger(__name__)

T = TypeVar("T")


def index_version(index: str) -> int:
    """The schema version in a versioned index's name (``newsindex-v2`` -> 2)."""
    _, _, version = index.rpartition("-v")
    return int(version) if version.isdigit() else 0


class ElasticsearchStore:
    """An archive in Elasticsearch."""

    def __init__(
        self,
        client: Elasticsearch,
        alias: str,
        url: str,
        *,
        write_attempts: int = 4,
        backoff: float = 0.5,
        writers: int = WRITERS,
    ):
        self.client = client
        self.alias = alias
        self.url = url
        self.write_attempts = write_attempts
        self.backoff = backoff
        self.writers = writers

    @classmethod
    def from_url(cls, url: str) -> ElasticsearchStore:
        _, alias, _ = split_url(url)
        return cls(connect(url), alias, display_url(url))

    def _call(self, action: Callable[[], T]) -> T:
        """Run one client call, turning transport failures into store errors."""
        try:
            return action()
        except (ApiError, TransportError) as exc:
            raise self._translate(exc) from None

    def _translate(self, exc: ApiError | TransportError) -> StoreError:
        return store_error(exc, self.alias, self.url)

    # --- schema -----------------------------------------------------------

    def _install_template(self) -> None:
        body = index_template(self.alias)
        self._call(lambda: self.client.indices.put_index_template(name=self.alias, **body))

    def current_index(self) -> str | None:
        """The versioned index the alias points to (its write index), or None."""
        resp = self._call(
            lambda: self.client.options(ignore_status=404).indices.get_alias(name=self.alias)
        )
        indices = {
            name: info["aliases"][self.alias]
            for name, info in dict(resp).items()
            if isinstance(info, dict) and self.alias in info.get("aliases", {})
        }
        if not indices:
            return None
        writers = [n for n, a in indices.items() if a.get("is_write_index")]
        return str(writers[0] if writers else sorted(indices)[-1])

    def _create_index(self, index: str, *, with_alias: bool) -> None:
        aliases = {self.alias: {"is_write_index": True}} if with_alias else None
        self._call(
            lambda: self.client.options(ignore_status=400).indices.create(
                index=index, aliases=aliases
            )
        )
        logger.info("Created Elasticsearch index %s", index)

    def ensure_schema(self) -> None:
        self._install_template()
        current = self.current_index()
        if current is None:
            self._create_index(versioned_index(self.alias), with_alias=True)
            return
        version = index_version(current)
        if version != SCHEMA_VERSION:
            raise SchemaOutdated(
                f"the archive {self.alias!r} at {self.url} has schema version {version}, "
                f"this newsindex writes version {SCHEMA_VERSION}"
            )

    def status(self) -> StoreStatus:
        self._install_template()
        current = self.current_index()
        if current is None:
            raise no_archive(self.alias, self.url)
        stats = self._call(lambda: self.client.indices.stats(index=current, metric="store"))
        size = int(stats["indices"][current]["total"]["store"]["size_in_bytes"])
        mapping = self._call(lambda: self.client.indices.get_mapping(index=current))
        meta = mapping[current]["mappings"].get("_meta", {})
        expected = mappings()["_meta"]
        up_to_date = index_version(current) == SCHEMA_VERSION and meta == expected
        pending = [] if up_to_date else [f"copy {current} to {versioned_index(self.alias)}"]
        return StoreStatus(
            self.url, "elasticsearch", current, self.count(), size, up_to_date, pending
        )

    def migrate(self, *, delete_old: bool = False) -> list[str]:
        """Copy the archive into the next versioned index, then move the alias in one step.

        No ``_reindex`` (not every distribution has it): documents are read
        in id order and re-written as plain documents (archives of schema 4
        and 5 held stemmed and folded forms beside them, outside ``_source``),
        which the new index's analyzers analyse afresh.
        Searches go to the old index until the alias moves.
        """
        self._install_template()
        current = self.current_index()
        target = versioned_index(self.alias)
        if current is None:
            self._create_index(target, with_alias=True)
            return [f"created {target}"]
        if current == target:
            return [f"{target} is up to date"]
        if index_version(current) > SCHEMA_VERSION:
            raise StoreError(f"{current} is newer than this newsindex (schema {SCHEMA_VERSION})")
        self._create_index(target, with_alias=False)
        copied = self._copy(current, target, self._scan_index(current, None))
        self._call(
            lambda: self.client.indices.update_aliases(
                actions=[
                    {"remove": {"index": current, "alias": self.alias}},
                    {"add": {"index": target, "alias": self.alias, "is_write_index": True}},
                ]
            )
        )
        done = [f"copied {copied} document(s) from {current} to {target}", f"alias -> {target}"]
        # Documents written to the old index while the copy ran.
        late = self._copy(current, target, self._missing_in(target, current))
        if late:
            done.append(f"copied {late} document(s) written during the migration")
        if delete_old:
            self._call(lambda: self.client.indices.delete(index=current))
            done.append(f"deleted {current}")
        return done

    def _copy(self, source: str, target: str, documents: Iterable[Document]) -> int:
        result = WriteResult()
        for batch in batches(documents, 1000):
            result.add(self._write_chunks(batch, index=target, replace=True))
        if result.errors or result.transient:
            failed = result.errors + result.transient
            raise StoreError(
                f"{len(failed)} document(s) could not be copied from {source} to {target}, "
                f"e.g. {failed[0][0]}: {failed[0][1]}; the alias still points to {source}"
            )
        self._call(lambda: self.client.indices.refresh(index=target))
        return result.written

    def _missing_in(self, target: str, source: str) -> Iterator[Document]:
        for batch in batches(self._scan_index(source, None), 1000):
            resp = self._call(
                lambda b=batch: self.client.mget(index=target, ids=[d.id for d in b], source=False)  # type: ignore[misc]
            )
            present = {d["_id"] for d in resp["docs"] if d.get("found")}
            yield from (d for d in batch if d.id not in present)

    # --- writes -----------------------------------------------------------

    def _actions(
        self, documents: Iterable[Document], index: str, replace: bool
    ) -> Iterator[dict[str, Any]]:
        for doc in documents:
            data = doc.to_dict()
            if replace:
                yield {"_op_type": "index", "_index": index, "_id": doc.id, "_source": data}
                continue
            update = {k: v for k, v in data.items() if k != "first_seen"}
            yield {
                "_op_type": "update",
                "_index": index,
                "_id": doc.id,
                "doc": update,
                "upsert": data,
            }

    def upsert(self, documents: Iterable[Document], *, replace: bool = False) -> WriteResult:
        """Write in bulk; an oversized document goes alone, and when the node refuses even
        that one request as too busy (429) after the retries, the refusal is final: a node
        whose indexing memory cannot hold the document never will, and treating it as
        transient would hold the spool's replay, and every batch behind it, for ever."""
        result = WriteResult()
        for batch in batches(documents, CHUNK_DOCS * 4):
            large = [doc for doc in batch if text_size(doc) > LARGE_TEXT]
            small = [doc for doc in batch if text_size(doc) <= LARGE_TEXT]
            if small:
                result.add(self._write_chunks(small, index=self.alias, replace=replace))
            for doc in large:
                alone = self._write([doc], index=self.alias, replace=replace)
                for doc_id, reason in alone.transient:
                    alone.errors.append((doc_id, f"too large for this node ({reason})"))
                    logger.error("Elasticsearch cannot take %s even alone: %s", doc_id, reason)
                alone.transient = []
                result.add(alone)
        return result

    def _write_chunks(self, batch: list[Document], *, index: str, replace: bool) -> WriteResult:
        return in_flight(
            lambda chunk: self._write(chunk, index=index, replace=replace), batch, self.writers
        )

    def _write(self, batch: list[Document], *, index: str, replace: bool) -> WriteResult:
        """One batch through ``streaming_bulk``, retried whole (writes are idempotent) with
        exponential backoff while the node cannot be reached."""
        delay = self.backoff
        for attempt in range(1, self.write_attempts + 1):
            result = WriteResult()
            try:
                for ok, item in helpers.streaming_bulk(
                    self.client,
                    self._actions(batch, index, replace),
                    chunk_size=CHUNK_DOCS,
                    max_chunk_bytes=CHUNK_BYTES,
                    raise_on_error=False,
                    raise_on_exception=True,
                    max_retries=self.write_attempts - 1,
                    initial_backoff=self.backoff,
                    retry_on_status=TRANSIENT_STATUSES,
                ):
                    if ok:
                        result.written += 1
                    else:
                        record_failure(result, item)
                return result
            except (ConnectionError, ConnectionTimeout) as exc:
                if attempt == self.write_attempts:
                    raise StoreUnavailable(
                        f"cannot reach Elasticsearch at {self.url} ({transport_reason(exc)})"
                    ) from None
                logger.warning(
                    "Elasticsearch at %s unreachable (%s); retrying in %.1f s", self.url, exc, delay
                )
                time.sleep(delay)
                delay *= 2
            except ApiError as exc:
                if exc.meta.status not in TRANSIENT_STATUSES or attempt == self.write_attempts:
                    raise self._translate(exc) from None
                time.sleep(delay)
                delay *= 2
        raise AssertionError("unreachable")

    def delete(self, ids: Iterable[str]) -> int:
        actions = ({"_op_type": "delete", "_index": self.alias, "_id": i} for i in ids)
        ok, _ = self._call(
            lambda: helpers.bulk(self.client, actions, raise_on_error=False, stats_only=True)
        )
        return int(ok)

    def refresh(self) -> None:
        self._call(lambda: self.client.indices.refresh(index=self.alias))

    @contextlib.contextmanager
    def bulk(self) -> Iterator[None]:
        """Nothing to defer: each batch is already bulk requests, and the node merges."""
        yield

    def close(self) -> None:
        self.client.close()

    # --- reads ------------------------------------------------------------

    def get(self, doc_id: str) -> Document | None:
        resp = self._call(
            lambda: self.client.options(ignore_status=404).get(index=self.alias, id=doc_id)
        )
        if not resp.get("found"):
            if resp.get("error"):
                raise no_archive(self.alias, self.url)
            return None
        return Document.from_dict(resp["_source"])

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        id_list = list(ids)
        found: set[str] = set()
        for start in range(0, len(id_list), 1000):
            chunk = id_list[start : start + 1000]
            resp = self._mget(chunk)
            found.update(d["_id"] for d in resp["docs"] if d.get("found"))
        return found

    def _mget(self, ids: list[str]) -> Any:
        return self._call(lambda: self.client.mget(index=self.alias, ids=ids, source=False))

    def count(self, query: Node | None = None) -> int:
        resp = self._call(lambda: self.client.count(index=self.alias, query=compile_node(query)))
        return int(resp["count"])

    def search(self, request: SearchRequest) -> SearchResult:
        body = search_body(request)
        resp = self._call(lambda: self.client.search(index=self.alias, **body))
        result = SearchResult(total=int(resp["hits"]["total"]["value"]))
        for raw in resp["hits"]["hits"]:
            doc = Document.from_dict(raw["_source"])
            result.hits.append(Hit(doc, raw.get("_score"), snippet(doc, raw.get("highlight", {}))))
        for name in request.facets:
            buckets = resp.get("aggregations", {}).get(name, {}).get("buckets", [])
            result.facets[name] = [FacetValue(str(b["key"]), int(b["doc_count"])) for b in buckets]
        return result

    def histogram(self, query: Node | None, interval: Interval) -> list[Bucket]:
        aggs = histogram_aggs(interval)
        resp = self._call(
            lambda: self.client.search(
                index=self.alias, query=compile_node(query), size=0, aggs=aggs
            )
        )
        return [
            Bucket(b["key_as_string"], int(b["doc_count"]))
            for b in resp["aggregations"]["over_time"]["buckets"]
        ]

    def _scan_page(self, index: str, query: dict[str, Any], after: list[Any] | None) -> Any:
        extra: dict[str, Any] = {"search_after": after} if after else {}
        return self._call(
            lambda: self.client.search(
                index=index, query=query, size=1000, sort=[{"id": "asc"}], **extra
            )
        )

    def scan(self, query: Node | None = None) -> Iterator[Document]:
        return self._scan_index(self.alias, query)

    def _scan_index(self, index: str, query: Node | None) -> Iterator[Document]:
        """Pages in id order with ``search_after``: no scroll context to keep alive."""
        after: list[Any] | None = None
        compiled = compile_node(query)
        while True:
            resp = self._scan_page(index, compiled, after)
            hits = resp["hits"]["hits"]
            if not hits:
                return
            for raw in hits:
                yield Document.from_dict(raw["_source"])
            after = hits[-1]["sort"]
