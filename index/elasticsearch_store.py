"""The production store: Elasticsearch, through a versioned index behind an alias.

``http://host:9200/archive`` uses the alias ``archive`` (default
``newsindex``); the index template covers ``archive-v*``. Credentials come
from the URL or the environment: ``NEWSINDEX_ES_API_KEY``, or
``NEWSINDEX_ES_USERNAME`` and ``NEWSINDEX_ES_PASSWORD``, and
``NEWSINDEX_ES_CA_CERTS`` for a private CA.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

from elasticsearch import (
    ApiError,
    AuthenticationException,
    AuthorizationException,
    Elasticsearch,
    NotFoundError,
    TransportError,
    helpers,
)

from index.document import Document
from index.elasticsearch_query import compile_node, search_body
from index.elasticsearch_schema import index_template, versioned_index
from index.errors import SchemaMissing, StoreError, StoreUnavailable
from index.query import Interval, Node, SearchRequest
from index.store import Bucket, FacetValue, Hit, SearchResult, WriteResult

logger = logging.getLogger(__name__)

DEFAULT_ALIAS = "newsindex"
T = TypeVar("T")


def _split_url(url: str) -> tuple[str, str, tuple[str, str] | None]:
    """(base URL without credentials or path, alias, basic-auth from the URL)."""
    parts = urlsplit(url)
    auth = (parts.username or "", parts.password or "") if parts.username else None
    host = parts.hostname or "localhost"
    netloc = f"[{host}]" if ":" in host else host
    if parts.port:
        netloc += f":{parts.port}"
    base = urlunsplit((parts.scheme, netloc, "", "", ""))
    alias = parts.path.strip("/") or DEFAULT_ALIAS
    return base, alias, auth


def _display(url: str) -> str:
    base, alias, _ = _split_url(url)
    return base if alias == DEFAULT_ALIAS else f"{base}/{alias}"


class ElasticsearchStore:
    """An archive in Elasticsearch."""

    def __init__(self, client: Elasticsearch, alias: str, url: str):
        self.client = client
        self.alias = alias
        self.url = url

    @classmethod
    def from_url(cls, url: str) -> ElasticsearchStore:
        base, alias, auth = _split_url(url)
        options: dict[str, Any] = {
            "request_timeout": 30,
            "retry_on_timeout": True,
            "max_retries": 2,
        }
        if api_key := os.environ.get("NEWSINDEX_ES_API_KEY"):
            options["api_key"] = api_key
        elif auth or os.environ.get("NEWSINDEX_ES_USERNAME"):
            options["basic_auth"] = auth or (
                os.environ["NEWSINDEX_ES_USERNAME"],
                os.environ.get("NEWSINDEX_ES_PASSWORD", ""),
            )
        if ca_certs := os.environ.get("NEWSINDEX_ES_CA_CERTS"):
            options["ca_certs"] = ca_certs
        return cls(Elasticsearch(base, **options), alias, _display(url))

    def _call(self, action: Callable[[], T]) -> T:
        """Run one client call, turning transport failures into store errors."""
        try:
            return action()
        except (AuthenticationException, AuthorizationException) as exc:
            raise StoreError(
                f"Elasticsearch at {self.url} refused the credentials: {exc.message}"
            ) from None
        except NotFoundError as exc:
            if "index_not_found" in str(exc.error):
                raise SchemaMissing(
                    f"no archive {self.alias!r} at {self.url}: run `newsindex index init`"
                ) from None
            raise StoreError(f"Elasticsearch at {self.url}: {exc.message}") from None
        except ApiError as exc:
            raise StoreError(f"Elasticsearch at {self.url}: {exc.message} ({exc.info})") from None
        except TransportError as exc:
            raise StoreUnavailable(f"cannot reach Elasticsearch at {self.url}: {exc}") from None

    # --- schema -----------------------------------------------------------

    def ensure_schema(self) -> None:
        body = index_template(self.alias)
        self._call(lambda: self.client.indices.put_index_template(name=self.alias, **body))
        exists = self._call(lambda: self.client.indices.exists_alias(name=self.alias))
        if exists:
            return
        index = versioned_index(self.alias)
        self._call(
            lambda: self.client.options(ignore_status=400).indices.create(
                index=index, aliases={self.alias: {"is_write_index": True}}
            )
        )
        logger.info("Created Elasticsearch index %s behind alias %s", index, self.alias)

    # --- writes -----------------------------------------------------------

    def _actions(self, documents: Iterable[Document]) -> Iterator[dict[str, Any]]:
        for doc in documents:
            data = doc.to_dict()
            update = {k: v for k, v in data.items() if k != "first_seen"}
            yield {
                "_op_type": "update",
                "_index": self.alias,
                "_id": doc.id,
                "doc": update,
                "upsert": data,
            }

    def upsert(self, documents: Iterable[Document]) -> WriteResult:
        result = WriteResult()

        def run() -> None:
            for ok, item in helpers.streaming_bulk(
                self.client,
                self._actions(documents),
                chunk_size=500,
                max_chunk_bytes=10 * 1024 * 1024,
                raise_on_error=False,
                max_retries=3,
                initial_backoff=1,
            ):
                if ok:
                    result.written += 1
                else:
                    info = next(iter(item.values()))
                    error = info.get("error", {})
                    reason = error.get("reason", str(error)) if isinstance(error, dict) else error
                    result.errors.append((str(info.get("_id")), str(reason)))
                    logger.error("Elasticsearch rejected %s: %s", info.get("_id"), reason)

        self._call(run)
        return result

    def delete(self, ids: Iterable[str]) -> int:
        actions = ({"_op_type": "delete", "_index": self.alias, "_id": i} for i in ids)
        ok, _ = self._call(
            lambda: helpers.bulk(self.client, actions, raise_on_error=False, stats_only=True)
        )
        return int(ok)

    def refresh(self) -> None:
        self._call(lambda: self.client.indices.refresh(index=self.alias))

    def close(self) -> None:
        self.client.close()

    # --- reads ------------------------------------------------------------

    def get(self, doc_id: str) -> Document | None:
        resp = self._call(
            lambda: self.client.options(ignore_status=404).get(index=self.alias, id=doc_id)
        )
        if not resp.get("found"):
            if resp.get("error"):
                raise SchemaMissing(
                    f"no archive {self.alias!r} at {self.url}: run `newsindex index init`"
                )
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
            highlight = raw.get("highlight", {})
            snippet = next(
                (highlight[f][0] for f in ("body", "lead", "title") if highlight.get(f)), None
            )
            result.hits.append(Hit(Document.from_dict(raw["_source"]), raw.get("_score"), snippet))
        for name in request.facets:
            buckets = resp.get("aggregations", {}).get(name, {}).get("buckets", [])
            result.facets[name] = [FacetValue(str(b["key"]), int(b["doc_count"])) for b in buckets]
        return result

    def histogram(self, query: Node | None, interval: Interval) -> list[Bucket]:
        aggs = {
            "over_time": {
                "date_histogram": {
                    "field": "published",
                    "calendar_interval": interval,
                    "min_doc_count": 1,
                    "format": "yyyy-MM-dd",
                    "time_zone": "UTC",
                }
            }
        }
        resp = self._call(
            lambda: self.client.search(
                index=self.alias, query=compile_node(query), size=0, aggs=aggs
            )
        )
        return [
            Bucket(b["key_as_string"], int(b["doc_count"]))
            for b in resp["aggregations"]["over_time"]["buckets"]
        ]

    def _scan_page(self, query: dict[str, Any], after: list[Any] | None) -> Any:
        extra: dict[str, Any] = {"search_after": after} if after else {}
        return self._call(
            lambda: self.client.search(
                index=self.alias, query=query, size=1000, sort=[{"id": "asc"}], **extra
            )
        )

    def scan(self, query: Node | None = None) -> Iterator[Document]:
        after: list[Any] | None = None
        compiled = compile_node(query)
        while True:
            resp = self._scan_page(compiled, after)
            hits = resp["hits"]["hits"]
            if not hits:
                return
            for raw in hits:
                yield Document.from_dict(raw["_source"])
            after = hits[-1]["sort"]
