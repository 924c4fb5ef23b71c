"""The embedded store: one SQLite file and its search index beside it, zero set-up.

The documents are in SQLite (``schema.py``: tables and named migrations);
matching, facets, histograms and sorting are answered by the search index
(``searchschema.py``, ``searchquery.py``, ``search.py``), which this module
keeps in step: a write commits the documents, then indexes what
``search_pending`` names under the same write lock (``searchindex.py``).
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import tantivy

from index.analysis import folded, stemmed
from index.document import FIELDS, Document
from index.errors import (
    InvalidInput,
    QueryError,
    SchemaMissing,
    SchemaOutdated,
    StoreError,
    StoreUnavailable,
)
from index.query import Interval, Node, SearchRequest
from index.sqlite import search as searching
from index.sqlite.lookup import ids_in
from index.sqlite.schema import (
    MIGRATIONS,
    PENDING_TABLE,
    REPLACE,
    UPSERT,
    UTC_COLUMNS,
    WrittenRows,
    casefold,
    column_type,
    document_from_row,
    row_values,
)
from index.sqlite.searchindex import IndexBusy, SearchIndex, index_dir
from index.sqlite.searchschema import search_document
from index.sqlite.transaction import write_transaction
from index.store import Bucket, SearchResult, StoreStatus, WriteResult

logger = logging.getLogger(__name__)

#: Documents indexed per write transaction while the index catches up (a migration):
#: small enough that other writers wait seconds, not minutes, for the lock.
CATCH_UP_CHUNK = 2_000
#: Written but not yet indexed documents a search tolerates (a crawl's batch in flight);
#: past it the index is being built, and searching would miss articles.
PENDING_TOLERANCE = 1_000
#: Pages of the write-ahead log between copies into the file during :meth:`bulk` (40 MB
#: at SQLite's 4 KB pages; its default, 1,000, copies about once per thousand articles).
BULK_CHECKPOINT_PAGES = 10_000

Progress = Callable[[int, int], None]
T = TypeVar("T")


class SqliteStore:
    """An archive in one SQLite file, with its search index beside it."""

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
        except (OSError, sqlite3.Error) as exc:
            raise StoreUnavailable(f"cannot open {self.path}: {exc}") from None
        self.db.row_factory = sqlite3.Row
        self._search_lock = threading.Lock()
        self._bulk = False
        self.search_index = SearchIndex(index_dir(self.path))
        self.db.create_function("casefold", 1, casefold, deterministic=True)
        # The first migrations' FTS view and triggers call these (an old archive upgrading).
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

    def migrate(self, *, delete_old: bool = False, progress: Progress | None = None) -> list[str]:
        """Apply the migrations not yet recorded, each in one transaction, then bring the
        search index up to date (resumable: a killed run leaves the rest pending)."""
        done = set(self.applied_migrations())
        applied: list[str] = []
        for name, statements in MIGRATIONS:
            if name in done:
                continue
            with write_transaction(self.db):
                # Another process (two crawls starting on a new archive) may have applied
                # it while this one waited for the write lock.
                if self.db.execute("SELECT 1 FROM migrations WHERE name = ?", (name,)).fetchone():
                    continue
                for sql in statements:
                    self.db.execute(sql)
                self._record(name)
            logger.info("Applied SQLite migration %s", name)
            applied.append(f"applied {name}")
        applied.extend(self._add_new_fields())
        indexed = self.catch_up(progress=progress)
        if indexed:
            applied.append(f"indexed {indexed} document(s) for search")
        return applied or [f"{MIGRATIONS[-1][0]} is up to date"]

    def _record(self, name: str) -> None:
        self.db.execute(
            "INSERT INTO migrations VALUES (?, ?)",
            (name, datetime.now(UTC).isoformat(timespec="seconds")),
        )

    def _new_columns(self) -> list[tuple[str, str]]:
        have = {row[1] for row in self.db.execute("PRAGMA table_info(documents)")}
        new = [(f.name, column_type(f.metadata["kind"])) for f in FIELDS if f.name not in have]
        return new + [(name, "TEXT") for name in UTC_COLUMNS if name not in have]

    def _add_new_fields(self) -> list[str]:
        """Columns for document fields added since the archive was made: a field added to
        the schema needs no hand-written migration (the search index, whose make-up
        follows the document's fields, is rebuilt when a searchable one is added)."""
        if not self._new_columns():
            return []
        with write_transaction(self.db):
            new = self._new_columns()  # again, under the write lock: another process may be here
            if not new:
                return []
            name = "add_fields_" + "_".join(column for column, _ in new)
            for column, sql_type in new:
                self.db.execute(f"ALTER TABLE documents ADD COLUMN {column} {sql_type}")
            self._record(name)
        logger.info("Applied SQLite migration %s", name)
        return [f"applied {name}"]

    def _pending(self, at_most: int | None = None) -> int:
        """Documents written but not yet in the search index (counted up to ``at_most``)."""
        limit = -1 if at_most is None else at_most
        sql = f"SELECT count(*) FROM (SELECT 1 FROM {PENDING_TABLE} LIMIT ?)"
        return int(self.db.execute(sql, (limit,)).fetchone()[0])

    def status(self) -> StoreStatus:
        done = self.applied_migrations()
        if not done:
            raise SchemaMissing(f"{self.path} holds no newsindex archive")
        pending = [name for name, _ in MIGRATIONS if name not in done]
        if not pending:
            waiting = self._pending()
            if not self.search_index.is_current():
                pending.append("build the search index")
            elif waiting:
                pending.append(f"index {waiting} document(s) for search")
        pages = self.db.execute("PRAGMA page_count").fetchone()[0]
        page_size = self.db.execute("PRAGMA page_size").fetchone()[0]
        size = int(pages * page_size) + self.search_index.size_bytes()
        return StoreStatus(self.url, "sqlite", done[-1], self.count(), size, not pending, pending)

    # --- the search index ---------------------------------------------------

    def catch_up(
        self,
        *,
        chunk: int | None = None,
        progress: Progress | None = None,
        written: WrittenRows | None = None,
    ) -> int:
        """Index the documents ``search_pending`` names, a chunk per write transaction;
        a missing index, or one of another make-up, is first rebuilt empty, with every
        document pending. Returns how many were indexed; none when another process holds
        the index's writer (it indexes them)."""
        exists = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
        if not self.db.execute(exists, (PENDING_TABLE,)).fetchone():
            return 0  # an archive of the first schemas, which ``migrate`` upgrades first
        try:
            return self._catch_up(chunk or CATCH_UP_CHUNK, progress, written)
        except BaseException:
            if not self._bulk:
                self.search_index.discard_writer()
            raise

    def _catch_up(self, chunk: int, progress: Progress | None, written: WrittenRows | None) -> int:
        done = 0
        total: int | None = None
        while True:
            try:
                indexed, pending = self._index_pending(chunk, written, count=total is None)
            except IndexBusy as exc:
                logger.info("%s: it indexes the pending documents", exc)
                return done
            if not indexed:
                if self._bulk or not self.search_index.holds_writer:
                    return done
                # Outside the write lock (the merges may take a while); then look again
                # for rows another process left pending while this one held the writer.
                self.search_index.let_go()
                continue
            done += indexed
            total = max(total or pending, done)
            logger.info(
                "Indexed %(done)d of %(total)d document(s) for search",
                {"done": done, "total": total},
            )
            if progress is not None:
                progress(done, total)

    def _index_pending(
        self, chunk: int, written: WrittenRows | None, *, count: bool
    ) -> tuple[int, int]:
        """Index the lowest ``chunk`` pending documents in one write transaction. Returns
        how many, and (if ``count``) how many were pending."""
        with write_transaction(self.db):
            rebuilt = not self.search_index.is_current()
            if rebuilt:
                self.search_index.recreate()
                self.db.execute(
                    f"INSERT OR IGNORE INTO {PENDING_TABLE} SELECT rowid FROM documents"
                )
            pending = self._pending() if count else 0
            sql = f"SELECT doc FROM {PENDING_TABLE} ORDER BY doc LIMIT ?"
            keys = [row[0] for row in self.db.execute(sql, (chunk,))]
            if keys:
                rows = searching.rows_to_index(self.db, keys, written)
                # A generator: the index's thread indexes while the next rows are analysed.
                self.search_index.replace(keys, (search_document(row) for row in rows))
                # The keys are the lowest pending ones, and this transaction holds the
                # write lock since it read them: one range deletes exactly those.
                self.db.execute(f"DELETE FROM {PENDING_TABLE} WHERE doc <= ?", (keys[-1],))
        if rebuilt:
            self.search_index.mark_current()  # once the pending rows are committed
        return len(keys), pending

    @contextlib.contextmanager
    def bulk(self) -> Iterator[None]:
        """A run of writes (an import): the search index keeps its writer between them,
        merging in the background rather than after each write, and the archive's log is
        copied back into the file less often. Everything is indexed when it ends."""
        if self._bulk:
            yield
            return
        self._bulk = True
        pages = self.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
        self.db.execute(f"PRAGMA wal_autocheckpoint={BULK_CHECKPOINT_PAGES}")
        try:
            yield
        finally:
            self._bulk = False
            self.db.execute(f"PRAGMA wal_autocheckpoint={int(pages)}")
            self._index_written()

    # --- writes -----------------------------------------------------------

    def upsert(self, documents: Iterable[Document], *, replace: bool = False) -> WriteResult:
        docs = list(documents)
        rows = [row_values(doc) for doc in docs]
        if not rows:
            return WriteResult()
        try:
            with write_transaction(self.db):
                self.db.executemany(REPLACE if replace else UPSERT, rows)
                # Read under the write lock: another process's commit changes it, ours not.
                version = searching.data_version(self.db)
        except sqlite3.Error as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise StoreUnavailable(f"{self.path} is busy: {exc}") from None
            raise StoreError(f"{self.path}: {exc}") from None
        # A replaced row holds what was written; an upsert may keep the stored first_seen.
        self._index_written(len(rows), WrittenRows.of(version, docs, rows) if replace else None)
        return WriteResult(written=len(rows))

    def delete(self, ids: Iterable[str]) -> int:
        id_list = list(ids)
        with write_transaction(self.db):
            cur = self.db.executemany("DELETE FROM documents WHERE id = ?", [(i,) for i in id_list])
        self._index_written(len(id_list))
        return cur.rowcount

    def _index_written(self, n: int | None = None, written: WrittenRows | None = None) -> None:
        """Index what was just committed (``n`` documents, or whatever is pending). The
        documents are stored whatever happens here (the archive is the source of truth):
        if the index cannot take them now (a full disk), they stay pending and the next
        write or ``index migrate`` indexes them."""
        try:
            self.catch_up(written=written)
        except (StoreError, ValueError, OSError, sqlite3.Error) as exc:
            logger.warning(
                "%(what)s stored in %(path)s, searchable after the next write: %(exc)s",
                {
                    "what": "documents" if n is None else f"{n} document(s)",
                    "path": self.path,
                    "exc": exc,
                },
            )

    def refresh(self) -> None:
        """Writes are searchable once they return; nothing to do."""

    def close(self) -> None:
        self.search_index.discard_writer()
        self.db.close()

    # --- reads ------------------------------------------------------------

    def get(self, doc_id: str) -> Document | None:
        row = self.db.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return document_from_row(row) if row else None

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        return ids_in(self.db, "SELECT id FROM documents WHERE id IN ({marks})", ids)

    def _searcher(self) -> tuple[tantivy.Searcher, tantivy.Schema]:
        """A searcher on the index's last commit, once the index holds the archive."""
        try:
            waiting = self._pending(PENDING_TOLERANCE + 1)
        except sqlite3.OperationalError as exc:
            if "no such table" not in str(exc):
                raise StoreError(f"{self.path}: {exc}") from None
            if not self.applied_migrations():
                raise SchemaMissing(f"{self.path} holds no newsindex archive") from None
            raise SchemaOutdated(f"{self.path} has no search index yet") from None
        if not self.search_index.is_current():
            raise SchemaOutdated(f"the search index of {self.path} is missing or outdated")
        if waiting > PENDING_TOLERANCE:
            raise SchemaOutdated(
                f"over {PENDING_TOLERANCE} articles of {self.path} are not in its search index yet"
            )
        return self.search_index.searcher(), self.search_index.schema

    def _answer(self, question: Callable[[tantivy.Searcher, tantivy.Schema], T]) -> T:
        with self._search_lock:
            searcher, schema = self._searcher()
            try:
                return question(searcher, schema)
            except ValueError as exc:
                raise QueryError(f"the query cannot be run: {exc}") from None

    def count(self, query: Node | None = None) -> int:
        if query is None:
            return int(self.db.execute("SELECT count(*) FROM documents").fetchone()[0])
        return self._answer(lambda searcher, schema: searching.count(searcher, schema, query))

    def search(self, request: SearchRequest) -> SearchResult:
        return self._answer(
            lambda searcher, schema: searching.search(searcher, schema, self.db, request)
        )

    def histogram(self, query: Node | None, interval: Interval) -> list[Bucket]:
        return self._answer(
            lambda searcher, schema: searching.histogram(searcher, schema, query, interval)
        )

    def scan(self, query: Node | None = None) -> Iterator[Document]:
        if query is None:
            rows: Iterator[sqlite3.Row] = self.db.execute("SELECT * FROM documents ORDER BY id")
        else:
            last = self.db.execute("SELECT coalesce(max(rowid), 0) FROM documents").fetchone()[0]
            keys = self._answer(
                lambda searcher, schema: list(
                    searching.matching_keys(searcher, schema, query, int(last))
                )
            )
            rows = searching.documents_of(self.db, keys, "scan_hits")
        try:
            for row in rows:
                yield document_from_row(row)
        except sqlite3.OperationalError as exc:
            raise StoreError(f"{self.path}: {exc}") from None
