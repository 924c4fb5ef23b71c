"""The embedded store: one SQLite file, full text by FTS5, zero set-up.

Documents live in a plain table (lists as JSON); an external-content FTS5
table over title, lead and body is kept in sync by triggers, as
sqlite-utils does it. Each date also has a ``<name>_utc`` column so ranges
and sorting compare instants, whatever offset the page gave.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from index.analysis import ANALYSIS_VERSION, folded, stemmed
from index.document import (
    DATE_FIELDS,
    FACET_FIELDS,
    FIELDS,
    LIST_FIELDS,
    LOOKUP_FIELDS,
    TEXT_FIELDS,
    Document,
)
from index.elasticsearch_query import TEXT_BOOSTS
from index.errors import SchemaMissing, StoreError, StoreUnavailable
from index.highlight import highlighter
from index.query import Interval, Node, QueryError, SearchRequest
from index.sqlite_lookup import ids_in
from index.sqlite_query import (
    ANALYSED_COLUMNS,
    FTS_TABLE,
    VALUES_TABLE,
    CompiledQuery,
    casefold,
    compile_query,
    utc_text,
)
from index.store import Bucket, FacetValue, Hit, SearchResult, StoreStatus, WriteResult

logger = logging.getLogger(__name__)

COLUMNS: tuple[str, ...] = tuple(f.name for f in FIELDS)
UTC_COLUMNS: tuple[str, ...] = tuple(f"{name}_utc" for name in DATE_FIELDS)
FTS_SOURCE = "documents_fts_source"
#: The rowids one search matched, per connection.
_SEARCH_HITS = "temp.search_hits"
_CREATE_SEARCH_HITS = f"CREATE TABLE {_SEARCH_HITS}(doc INTEGER PRIMARY KEY)"


def _column_type(kind: str) -> str:
    return {"int": "INTEGER", "bool": "INTEGER"}.get(kind, "TEXT")


def _create_documents() -> str:
    cols = ["rowid INTEGER PRIMARY KEY", "id TEXT NOT NULL UNIQUE"]
    cols += [f"{f.name} {_column_type(f.metadata['kind'])}" for f in FIELDS if f.name != "id"]
    cols += [f"{name} TEXT" for name in UTC_COLUMNS]
    return f"CREATE TABLE documents ({', '.join(cols)})"


def _fts_triggers(columns: tuple[str, ...], values: tuple[str, ...]) -> list[str]:
    """Triggers that keep the FTS table in step; ``values`` are SQL over ``{row}``."""
    cols = ", ".join(columns)
    new = ", ".join(v.format(row="new") for v in values)
    old = ", ".join(v.format(row="old") for v in values)
    delete = (
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {cols}) VALUES ('delete', old.rowid, {old});"
    )
    insert = f"INSERT INTO {FTS_TABLE}(rowid, {cols}) VALUES (new.rowid, {new});"
    return [
        "DROP TRIGGER IF EXISTS documents_ai",
        "DROP TRIGGER IF EXISTS documents_ad",
        "DROP TRIGGER IF EXISTS documents_au",
        f"CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN {insert} END",
        f"CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN {delete} END",
        f"CREATE TRIGGER documents_au AFTER UPDATE ON documents BEGIN {delete} {insert} END",
    ]


#: FTS columns: the texts as written, then their stemmed and folded forms.
FTS_COLUMNS: tuple[str, ...] = TEXT_FIELDS + ANALYSED_COLUMNS
_FTS_VALUES: tuple[str, ...] = tuple("{row}." + c for c in TEXT_FIELDS) + tuple(
    f"newsindex_{suffix}({{row}}.{name})"
    for suffix in ("stemmed", "folded")
    for name in TEXT_FIELDS
)
#: Title words weigh more than body words (the same boosts as Elasticsearch's).
_RANK = "bm25(" + ", ".join(f"{TEXT_BOOSTS[c.split('_')[0]]:g}" for c in FTS_COLUMNS) + ")"
_TOKENIZE = "tokenize='unicode61 remove_diacritics 0'"


def _values_select(row: str, source: str = "", fields: tuple[str, ...] = LOOKUP_FIELDS) -> str:
    """One row per (document, lookup field, distinct value) of ``row``, read ``FROM source``."""
    selects = []
    for name in fields:
        if name in LIST_FIELDS:
            selects.append(
                f"SELECT DISTINCT {row}.rowid, '{name}', j.value, casefold(j.value) "
                f"FROM {source + ', ' if source else ''}json_each({row}.{name}) j "
                "WHERE j.value IS NOT NULL AND j.value != ''"
            )
        else:
            selects.append(
                f"SELECT {row}.rowid, '{name}', {row}.{name}, casefold({row}.{name}) "
                f"{'FROM ' + source if source else ''} "
                f"WHERE {row}.{name} IS NOT NULL AND {row}.{name} != ''"
            )
    return f"INSERT INTO {VALUES_TABLE}(doc, field, value, norm) {' UNION ALL '.join(selects)}"


def _values_triggers() -> list[str]:
    """Keep ``document_values`` (one row per facet value) in step with ``documents``."""
    insert = _values_select("new") + ";"
    delete = f"DELETE FROM {VALUES_TABLE} WHERE doc = old.rowid;"
    return [
        f"CREATE TRIGGER document_values_ai AFTER INSERT ON documents BEGIN {insert} END",
        f"CREATE TRIGGER document_values_ad AFTER DELETE ON documents BEGIN {delete} END",
        f"CREATE TRIGGER document_values_au AFTER UPDATE ON documents BEGIN {delete} {insert} END",
    ]


#: Named schema migrations, applied in order and recorded in ``migrations``.
#: An existing archive is upgraded in place by ``ensure_schema``.
MIGRATIONS: list[tuple[str, list[str]]] = [
    (
        "001_documents",
        [
            _create_documents(),
            "CREATE INDEX documents_url ON documents(url)",
            "CREATE INDEX documents_source ON documents(source, published_utc)",
            "CREATE INDEX documents_published ON documents(published_utc)",
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({', '.join(TEXT_FIELDS)}, "
            f"content='documents', content_rowid='rowid', {_TOKENIZE})",
            *_fts_triggers(TEXT_FIELDS, tuple("{row}." + c for c in TEXT_FIELDS)),
        ],
    ),
    (
        # Stemmed and folded forms (index/analysis.py) beside each text, computed by
        # functions the store registers; the content is a view, so nothing is stored twice.
        "002_analysed_text",
        [
            f"DROP TABLE {FTS_TABLE}",
            f"CREATE VIEW {FTS_SOURCE} AS SELECT rowid, "
            + ", ".join(
                f"{v.format(row='documents')} AS {c}"
                for c, v in zip(FTS_COLUMNS, _FTS_VALUES, strict=True)
            )
            + " FROM documents",
            f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({', '.join(FTS_COLUMNS)}, "
            f"content='{FTS_SOURCE}', content_rowid='rowid', {_TOKENIZE})",
            f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('rank', '{_RANK}')",
            *_fts_triggers(FTS_COLUMNS, _FTS_VALUES),
            f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
        ],
    ),
    (
        # Facets and keyword filters read an index instead of parsing JSON lists per row.
        "003_document_values",
        [
            f"CREATE TABLE {VALUES_TABLE} (doc INTEGER NOT NULL, field TEXT NOT NULL, "
            "value TEXT NOT NULL, norm TEXT NOT NULL)",
            f"CREATE INDEX document_values_facet ON {VALUES_TABLE}(field, value, doc)",
            f"CREATE INDEX document_values_filter ON {VALUES_TABLE}(field, norm, doc)",
            f"CREATE INDEX document_values_doc ON {VALUES_TABLE}(doc)",
            *_values_triggers(),
            _values_select("d", "documents d"),
        ],
    ),
    (
        # Re-analyse every text whenever index/analysis.py changes its output: the
        # FTS rows must hold what the registered functions compute now.
        f"004_analysis_v{ANALYSIS_VERSION}",
        [f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"],
    ),
    (
        # Near-duplicate lookups by fingerprint read the index, not every row's JSON.
        "005_fingerprint_lookup",
        [
            *(f"DROP TRIGGER IF EXISTS document_values_{op}" for op in ("ai", "ad", "au")),
            *_values_triggers(),
            f"DELETE FROM {VALUES_TABLE} WHERE field = 'fingerprints'",
            _values_select("d", "documents d", ("fingerprints",)),
        ],
    ),
]


def _upsert_sql(*, keep_first_seen: bool) -> str:
    columns = COLUMNS + UTC_COLUMNS
    return (
        f"INSERT INTO documents ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)}) "
        "ON CONFLICT(id) DO UPDATE SET "
        + ", ".join(
            "first_seen = coalesce(documents.first_seen, excluded.first_seen)"
            if c == "first_seen" and keep_first_seen
            else f"{c} = excluded.{c}"
            for c in columns
            if c != "id"
        )
    )


_UPSERT = _upsert_sql(keep_first_seen=True)
_REPLACE = _upsert_sql(keep_first_seen=False)

_BUCKETS: dict[str, str] = {
    "day": "substr(d.published_utc, 1, 10)",
    "week": "date(substr(d.published_utc, 1, 10), '-6 days', 'weekday 1')",
    "month": "substr(d.published_utc, 1, 7) || '-01'",
    "year": "substr(d.published_utc, 1, 4) || '-01-01'",
}


def _row_values(doc: Document) -> tuple[Any, ...]:
    data = doc.to_dict()
    values: list[Any] = []
    for name in COLUMNS:
        value = data[name]
        if name in LIST_FIELDS:
            value = json.dumps(value, ensure_ascii=False)
        elif isinstance(value, bool):
            value = int(value)
        values.append(value)
    values.extend(utc_text(data[name]) for name in DATE_FIELDS)
    return tuple(values)


def _document(row: sqlite3.Row) -> Document:
    data: dict[str, Any] = {}
    for f in FIELDS:
        value = row[f.name]
        if f.name in LIST_FIELDS:
            value = json.loads(value) if value else []
        elif f.metadata["kind"] == "bool":
            value = bool(value)
        data[f.name] = value
    return Document(**data)


class SqliteStore:
    """An archive in one SQLite file."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.url = f"sqlite:///{self.path}"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=10
            )
            self.db.execute("PRAGMA journal_mode=WAL")  # waits up to timeout for other writers
        except (OSError, sqlite3.Error) as exc:
            raise StoreUnavailable(f"cannot open {self.path}: {exc}") from None
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.execute("PRAGMA busy_timeout=10000")
        self.db.execute("PRAGMA temp_store=MEMORY")
        self.db.execute(_CREATE_SEARCH_HITS)
        self._search_lock = threading.Lock()
        self.db.create_function("casefold", 1, casefold, deterministic=True)
        # The FTS triggers call these: every connection that writes must have them.
        self.db.create_function("newsindex_stemmed", 1, stemmed, deterministic=True)
        self.db.create_function("newsindex_folded", 1, folded, deterministic=True)

    @classmethod
    def from_url(cls, url: str) -> SqliteStore:
        """``sqlite:///news.db`` is relative, ``sqlite:////srv/news.db`` absolute."""
        path = url.removeprefix("sqlite://").removeprefix("/")
        if not path:
            raise StoreError(f"no file in store URL {url!r}: use sqlite:///PATH")
        return cls(path)

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
        new = [(f.name, _column_type(f.metadata["kind"])) for f in FIELDS if f.name not in have]
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
            for sql in _values_triggers():
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
            raise SchemaMissing(
                f"{self.path} holds no newsindex archive: run `newsindex index init`"
            )
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
        rows = [_row_values(doc) for doc in documents]
        if not rows:
            return WriteResult()
        try:
            with self._transaction():
                self.db.executemany(_REPLACE if replace else _UPSERT, rows)
        except sqlite3.OperationalError as exc:
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
        return _document(row) if row else None

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
                raise SchemaMissing(
                    f"{self.path} holds no newsindex archive: run `newsindex index init`"
                ) from None
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
                    self.db.execute(f"DELETE FROM {_SEARCH_HITS}")
                    self._run(f"INSERT INTO {_SEARCH_HITS}(doc) {hits_sql}", hits_params)
                    hits_sql, hits_params = f"SELECT doc FROM {_SEARCH_HITS}", []
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
            doc = _document(row)
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
        bucket = _BUCKETS[interval]
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
            yield _document(row)


class _Transaction:
    """COMMIT on success, ROLLBACK on error (the connection runs in autocommit)."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        return self.db

    def __exit__(self, exc_type: object, *_: object) -> None:
        self.db.execute("ROLLBACK" if exc_type else "COMMIT")
