"""The embedded store: one SQLite file, full text by FTS5, zero set-up.

The schema and its migrations are in ``schema.py``, the query compiler in
``query.py``; this module runs them: migrations, writes and reads.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from index.analysis import folded, stemmed
from index.document import FACET_FIELDS, FIELDS, Document
from index.errors import InvalidInput, QueryError, SchemaMissing, StoreError, StoreUnavailable
from index.highlight import highlighter
from index.query import Interval, Node, SearchRequest
from index.sqlite.lookup import ids_in
from index.sqlite.query import FTS_TABLE, VALUES_TABLE, CompiledQuery, casefold, compile_query
from index.sqlite.schema import (
    BUCKETS,
    CREATE_SEARCH_HITS,
    MIGRATIONS,
    REPLACE,
    SEARCH_HITS,
    UPSERT,
    UTC_COLUMNS,
    column_type,
    document_from_row,
    row_values,
    values_triggers,
)
from index.store import Bucket, FacetValue, Hit, SearchResult, StoreStatus, WriteResult

logger = logging.getLogger(__name__)


class SqliteStore:
    """An archive in one SQLite file."""

    def __init__(self, path: str | Path, *, create: bool = True):
        self.path = Path(path)
        self.url = f"sqlite:///{self.path}"
        if not create and not self.path.is_file():
            raise SchemaMissing(f"no archive at {self.path}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=10
            )
            self.db.execute("PRAGMA journal_mode=WAL")  # waits up to timeout for other writers
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA busy_timeout=10000")
            self.db.execute("PRAGMA temp_store=MEMORY")
            self.db.execute(CREATE_SEARCH_HITS)
        except (OSError, sqlite3.Error) as exc:
            raise StoreUnavailable(f"cannot open {self.path}: {exc}") from None
        self.db.row_factory = sqlite3.Row
        self._search_lock = threading.Lock()
        self.db.create_function("casefold", 1, casefold, deterministic=True)
        # The FTS triggers call these: every connection that writes must have them.
        self.db.create_function("newsindex_stemmed", 1, stemmed, deterministic=True)
        self.db.create_function("newsindex_folded", 1, folded, deterministic=True)

    @classmethod
    def from_url(cls, url: str, *, create: bool = True) -> SqliteStore:
        """``sqlite:///news.db`` is relative, ``sqlite:////srv/news.db`` absolute."""
        path = url.partition("://")[2].removeprefix("/")
        if not path:
            raise InvalidInput(f"no file in store URL {url!r}: use sqlite:///PATH")
        return cls(path, create=create)

    # --- schema -----------------------------------------------------------

    def applied_migrations(self) -> list[str]:
        self.db.execute(
            "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
        )
        return [r[0] for r in self.db.execute("SELECT name FROM migrations ORDER BY name")]

    def ensure_schema(self) -> None:
        self.migrate()

    def migrate(self, *, delete_old: bool = False) -> list[str]:
        """Apply the migrations not yet recorded, each in one transaction."""
        done = set(self.applied_migrations())
        applied: list[str] = []
        for name, statements in MIGRATIONS:
            if name in done:
                continue
            with self._transaction():
                # Another process (two crawls starting on a new archive) may have applied
                # it while this one waited for the write lock.
                if self.db.execute("SELECT 1 FROM migrations WHERE name = ?", (name,)).fetchone():
                    continue
                for sql in statements:
                    self.db.execute(sql)
                self.db.execute(
                    "INSERT INTO migrations VALUES (?, ?)",
                    (name, datetime.now(UTC).isoformat(timespec="seconds")),
                )
            logger.info("Applied SQLite migration %s", name)
            applied.append(f"applied {name}")
        applied.extend(self._add_new_fields())
        return applied or [f"{MIGRATIONS[-1][0]} is up to date"]

    def _new_columns(self) -> list[tuple[str, str]]:
        have = {row[1] for row in self.db.execute("PRAGMA table_info(documents)")}
        new = [(f.name, column_type(f.metadata["kind"])) for f in FIELDS if f.name not in have]
        return new + [(name, "TEXT") for name in UTC_COLUMNS if name not in have]

    def _add_new_fields(self) -> list[str]:
        """Columns for document fields added since the archive was made, and facet triggers
        that cover them: a field added to the schema needs no hand-written migration."""
        if not self._new_columns():
            return []
        with self._transaction():
            new = self._new_columns()  # again, under the write lock: another process may be here
            if not new:
                return []
            name = "add_fields_" + "_".join(column for column, _ in new)
            for column, sql_type in new:
                self.db.execute(f"ALTER TABLE documents ADD COLUMN {column} {sql_type}")
            for trigger in ("document_values_ai", "document_values_ad", "document_values_au"):
                self.db.execute(f"DROP TRIGGER IF EXISTS {trigger}")
            for sql in values_triggers():
                self.db.execute(sql)
            self.db.execute(
                "INSERT INTO migrations VALUES (?, ?)",
                (name, datetime.now(UTC).isoformat(timespec="seconds")),
            )
        logger.info("Applied SQLite migration %s", name)
        return [f"applied {name}"]

    def status(self) -> StoreStatus:
        done = self.applied_migrations()
        if not done:
            raise SchemaMissing(f"{self.path} holds no newsindex archive")
        pending = [name for name, _ in MIGRATIONS if name not in done]
        pages = self.db.execute("PRAGMA page_count").fetchone()[0]
        page_size = self.db.execute("PRAGMA page_size").fetchone()[0]
        return StoreStatus(
            self.url, "sqlite", done[-1], self.count(), int(pages * page_size), not pending, pending
        )

    def _transaction(self) -> _Transaction:
        self.db.execute("BEGIN IMMEDIATE")
        return _Transaction(self.db)

    # --- writes -----------------------------------------------------------

    def upsert(self, documents: Iterable[Document], *, replace: bool = False) -> WriteResult:
        rows = [row_values(doc) for doc in documents]
        if not rows:
            return WriteResult()
        try:
            with self._transaction():
                self.db.executemany(REPLACE if replace else UPSERT, rows)
        except sqlite3.Error as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise StoreUnavailable(f"{self.path} is busy: {exc}") from None
            raise StoreError(f"{self.path}: {exc}") from None
        return WriteResult(written=len(rows))

    def delete(self, ids: Iterable[str]) -> int:
        id_list = list(ids)
        with self._transaction():
            cur = self.db.executemany("DELETE FROM documents WHERE id = ?", [(i,) for i in id_list])
        return cur.rowcount

    def refresh(self) -> None:
        """Writes are visible once committed; nothing to do."""

    def close(self) -> None:
        self.db.close()

    # --- reads ------------------------------------------------------------

    def get(self, doc_id: str) -> Document | None:
        row = self.db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return document_from_row(row) if row else None

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        return ids_in(self.db, "SELECT id FROM documents WHERE id IN ({marks})", ids)

    def _hits_sql(self, compiled: CompiledQuery) -> tuple[str, list[object]]:
        """``SELECT rowid`` of every matching document."""
        where = list(compiled.where)
        params: list[object] = []
        if compiled.match is not None and not where:
            # The FTS table's rowids are the documents': reading the documents only to
            # learn that they exist would triple the cost of a common word.
            sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?"
            params.append(compiled.match)
        elif compiled.match is not None:
            sql = f"SELECT d.rowid FROM {FTS_TABLE} JOIN documents d ON d.rowid = {FTS_TABLE}.rowid"
            where.insert(0, f"{FTS_TABLE} MATCH ?")
            params.append(compiled.match)
        else:
            sql = "SELECT d.rowid FROM documents d"
        params.extend(compiled.params)
        if where:
            sql += " WHERE " + " AND ".join(where)
        return sql, params

    def _run(self, sql: str, params: list[object]) -> list[sqlite3.Row]:
        try:
            return self.db.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                raise SchemaMissing(f"{self.path} holds no newsindex archive") from None
            if "fts5" in str(exc) or "MATCH" in str(exc):
                raise QueryError(f"the query cannot be run: {exc}") from None
            raise StoreError(f"{self.path}: {exc}") from None

    def count(self, query: Node | None = None) -> int:
        sql, params = self._hits_sql(compile_query(query))
        return int(self._run(f"SELECT count(*) FROM ({sql})", params)[0][0])

    def search(self, request: SearchRequest) -> SearchResult:
        compiled = compile_query(request.query)
        hits_sql, hits_params = self._hits_sql(compiled)
        with self._search_lock:
            # One snapshot for the count, the page and the facets.
            own = not self.db.in_transaction
            if own:
                self.db.execute("BEGIN")
            try:
                if request.facets and (compiled.match is not None or compiled.where):
                    # Match once, count and facet many times: a common word's match is
                    # the dearest part of a search.
                    self.db.execute(f"DELETE FROM {SEARCH_HITS}")
                    self._run(f"INSERT INTO {SEARCH_HITS}(doc) {hits_sql}", hits_params)
                    hits_sql, hits_params = f"SELECT doc FROM {SEARCH_HITS}", []
                total = int(self._run(f"SELECT count(*) FROM ({hits_sql})", hits_params)[0][0])
                result = SearchResult(total=total)
                result.hits = self._page(compiled, request)
                for name in request.facets:
                    result.facets[name] = self._facet(
                        compiled, hits_sql, hits_params, name, request.facet_size
                    )
            finally:
                if own:
                    self.db.execute("COMMIT")
        return result

    def _page(self, compiled: CompiledQuery, request: SearchRequest) -> list[Hit]:
        where = list(compiled.where)
        params: list[object] = []
        if compiled.match is not None:
            select = f"SELECT d.*, rank AS _rank FROM {FTS_TABLE} "
            select += f"JOIN documents d ON d.rowid = {FTS_TABLE}.rowid"
            where.insert(0, f"{FTS_TABLE} MATCH ?")
            params.append(compiled.match)
        else:
            select = "SELECT d.*, NULL AS _rank FROM documents d"
        params.extend(compiled.params)
        sql = select + (" WHERE " + " AND ".join(where) if where else "")
        if request.sort == "date":
            order = "d.published_utc ASC NULLS LAST, d.id"
        elif request.sort == "-date" or compiled.match is None:
            order = "d.published_utc DESC NULLS LAST, d.id"
        else:
            order = "rank, d.id"
        sql += f" ORDER BY {order} LIMIT ? OFFSET ?"
        params.extend([request.limit, request.offset])
        hits = []
        snippet_of = highlighter(request.query if request.highlight else None)
        for row in self._run(sql, params):
            doc = document_from_row(row)
            snippet = snippet_of(doc)
            hits.append(Hit(doc, -row["_rank"] if row["_rank"] is not None else None, snippet))
        return hits

    def _facet(
        self, compiled: CompiledQuery, hits_sql: str, params: list[object], name: str, size: int
    ) -> list[FacetValue]:
        if name in FACET_FIELDS:
            source, value, where = VALUES_TABLE, "value", ["field = ?"]
            values: list[object] = [name]
            if compiled.match is not None or compiled.where:
                where.append(f"doc IN ({hits_sql})")
                values.extend(params)
        else:
            source, value, where, values = "documents d", f"d.{name}", [], []
            where += [f"{value} IS NOT NULL", f"{value} != ''", f"d.rowid IN ({hits_sql})"]
            values.extend(params)
        sql = (
            f"SELECT {value} AS value, count(*) AS n FROM {source} WHERE {' AND '.join(where)} "
            "GROUP BY value ORDER BY n DESC, value LIMIT ?"
        )
        rows = self._run(sql, [*values, size])
        return [FacetValue(str(r["value"]), int(r["n"])) for r in rows]

    def histogram(self, query: Node | None, interval: Interval) -> list[Bucket]:
        hits_sql, params = self._hits_sql(compile_query(query))
        bucket = BUCKETS[interval]
        sql = (
            f"SELECT {bucket} AS start, count(*) AS n FROM documents d "
            f"WHERE d.rowid IN ({hits_sql}) AND d.published_utc IS NOT NULL "
            "GROUP BY start ORDER BY start"
        )
        return [Bucket(r["start"], int(r["n"])) for r in self._run(sql, params)]

    def scan(self, query: Node | None = None) -> Iterator[Document]:
        hits_sql, params = self._hits_sql(compile_query(query))
        sql = f"SELECT * FROM documents WHERE rowid IN ({hits_sql}) ORDER BY id"
        try:
            cursor = self.db.execute(sql, params)
        except sqlite3.OperationalError as exc:
            raise StoreError(f"{self.path}: {exc}") from None
        for row in cursor:
            yield document_from_row(row)


class _Transaction:
    """COMMIT on success, ROLLBACK on error (the connection runs in autocommit).

    On some errors (a full disk, an I/O error) SQLite has already rolled the
    transaction back; a ROLLBACK then fails with "no transaction is active",
    which would hide the error that matters. So the rollback happens only while
    a transaction is open, and never replaces the original error.
    """

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        return self.db

    def __exit__(self, exc_type: object, *_: object) -> None:
        if exc_type is None:
            try:
                self.db.execute("COMMIT")
                return
            except sqlite3.Error:
                self._rollback()
                raise
        self._rollback()

    def _rollback(self) -> None:
        if self.db.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")
