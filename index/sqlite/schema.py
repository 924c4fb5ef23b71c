"""The SQLite archive's schema: tables, full-text index, triggers, migrations, row forms.

Documents live in a plain table (lists as JSON). Each date also has a
``<name>_utc`` column, so instants compare whatever offset the page gave.
Matching, facets and sorting are the search index's (searchschema.py), a
directory beside the file: triggers note every changed document in
``search_pending``, and the store indexes those rows and deletes them in one
write transaction. The first migrations built an FTS5 table and a facet
values table in the file; archives made with them keep their history, and
``006_search_index`` drops both. Everything here is SQL text and pure
functions; the store runs it.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from index.document import (
    DATE_FIELDS,
    FIELDS,
    LIST_FIELDS,
    LOOKUP_FIELDS,
    TEXT_BOOSTS,
    TEXT_FIELDS,
    Document,
)

FTS_TABLE = "documents_fts"
VALUES_TABLE = "document_values"
PENDING_TABLE = "search_pending"
ANALYSED_COLUMNS: tuple[str, ...] = tuple(
    f"{name}_{suffix}" for suffix in ("stemmed", "folded") for name in TEXT_FIELDS
)

COLUMNS: tuple[str, ...] = tuple(f.name for f in FIELDS)
UTC_COLUMNS: tuple[str, ...] = tuple(f"{name}_utc" for name in DATE_FIELDS)
FTS_SOURCE = "documents_fts_source"


def casefold(value: str | None) -> str | None:
    """Case-insensitive comparisons for every script (SQLite's lower() is ASCII only)."""
    return value.casefold() if isinstance(value, str) else value


@functools.lru_cache(maxsize=4096)
def utc_text(value: str | None) -> str | None:
    """An ISO 8601 instant as sortable UTC text (``2024-03-05T06:00:00Z``); kept for the
    instants a crawl or an import repeats (its crawl times, a day's publication times)."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def column_type(kind: str) -> str:
    return {"int": "INTEGER", "bool": "INTEGER"}.get(kind, "TEXT")


def _create_documents() -> str:
    cols = ["rowid INTEGER PRIMARY KEY", "id TEXT NOT NULL UNIQUE"]
    cols += [f"{f.name} {column_type(f.metadata['kind'])}" for f in FIELDS if f.name != "id"]
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
#: Title words weigh more than body words (the document's boosts, as on Elasticsearch).
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


def values_triggers() -> list[str]:
    """Keep ``document_values`` (one row per facet value) in step with ``documents``."""
    insert = _values_select("new") + ";"
    delete = f"DELETE FROM {VALUES_TABLE} WHERE doc = old.rowid;"
    return [
        f"CREATE TRIGGER document_values_ai AFTER INSERT ON documents BEGIN {insert} END",
        f"CREATE TRIGGER document_values_ad AFTER DELETE ON documents BEGIN {delete} END",
        f"CREATE TRIGGER document_values_au AFTER UPDATE ON documents BEGIN {delete} {insert} END",
    ]


def pending_triggers() -> list[str]:
    """Note every document written or deleted, for the search index to catch up with.

    No ``OR IGNORE``: an upsert's own ON CONFLICT would override it inside a trigger."""

    def note(row: str) -> str:
        return (
            f"INSERT INTO {PENDING_TABLE}(doc) SELECT {row}.rowid WHERE NOT EXISTS "
            f"(SELECT 1 FROM {PENDING_TABLE} WHERE doc = {row}.rowid);"
        )

    return [
        f"CREATE TRIGGER search_pending_ai AFTER INSERT ON documents BEGIN {note('new')} END",
        f"CREATE TRIGGER search_pending_ad AFTER DELETE ON documents BEGIN {note('old')} END",
        "CREATE TRIGGER search_pending_au AFTER UPDATE ON documents "
        f"BEGIN {note('old')} {note('new')} END",
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
            *values_triggers(),
            _values_select("d", "documents d"),
        ],
    ),
    # 004_analysis_vN rebuilt the FTS table when index/analysis.py changed; the search
    # index now follows the analysis version itself (searchschema.SCHEMA_KEY).
    (
        # Near-duplicate lookups by fingerprint read the index, not every row's JSON.
        "005_fingerprint_lookup",
        [
            *(f"DROP TRIGGER IF EXISTS document_values_{op}" for op in ("ai", "ad", "au")),
            *values_triggers(),
            f"DELETE FROM {VALUES_TABLE} WHERE field = 'fingerprints'",
            _values_select("d", "documents d", ("fingerprints",)),
        ],
    ),
    (
        # Matching, facets, histograms and sorting move to the search index beside the
        # file: the FTS table and the values table go, and every document waits in
        # search_pending until the index holds it (``index migrate`` indexes them).
        "006_search_index",
        [
            *(f"DROP TRIGGER IF EXISTS documents_{op}" for op in ("ai", "ad", "au")),
            *(f"DROP TRIGGER IF EXISTS document_values_{op}" for op in ("ai", "ad", "au")),
            f"DROP TABLE IF EXISTS {FTS_TABLE}",
            f"DROP VIEW IF EXISTS {FTS_SOURCE}",
            f"DROP TABLE IF EXISTS {VALUES_TABLE}",
            f"CREATE TABLE {PENDING_TABLE} (doc INTEGER PRIMARY KEY)",
            *pending_triggers(),
            f"INSERT INTO {PENDING_TABLE} SELECT rowid FROM documents",
        ],
    ),
    (
        # The search index answers lookups by url, source and date since 006: their SQLite
        # indexes only cost every write (a tenth of an import) and 2% of the file.
        "007_drop_lookup_indexes",
        [f"DROP INDEX IF EXISTS documents_{name}" for name in ("url", "source", "published")],
    ),
]


def _kept_first_seen(column: str) -> str:
    """``first_seen`` and its UTC column keep the stored pair together, or take the new one."""
    return (
        f"CASE WHEN documents.first_seen IS NULL THEN excluded.{column} ELSE documents.{column} END"
    )


def _upsert_sql(*, keep_first_seen: bool) -> str:
    columns = COLUMNS + UTC_COLUMNS
    return (
        f"INSERT INTO documents ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)}) "
        "ON CONFLICT(id) DO UPDATE SET "
        + ", ".join(
            f"{c} = {_kept_first_seen(c)}"
            if c in ("first_seen", "first_seen_utc") and keep_first_seen
            else f"{c} = excluded.{c}"
            for c in columns
            if c != "id"
        )
    )


UPSERT = _upsert_sql(keep_first_seen=True)
REPLACE = _upsert_sql(keep_first_seen=False)


#: ``json.dumps(value, ensure_ascii=False)`` without building an encoder per call.
_list_json = json.JSONEncoder(ensure_ascii=False).encode


_LISTED = tuple(name in LIST_FIELDS for name in COLUMNS)


def row_values(doc: Document) -> tuple[Any, ...]:
    """A document as the values of one ``documents`` row, in ``COLUMNS + UTC_COLUMNS`` order."""
    data = vars(doc)
    values: list[Any] = []
    for name, listed in zip(COLUMNS, _LISTED, strict=True):
        value = data[name]
        if listed:
            value = _list_json(list(value))
        elif value is True or value is False:
            value = int(value)
        values.append(value)
    values.extend(utc_text(data[name]) for name in DATE_FIELDS)
    return tuple(values)


@dataclass
class WrittenRows:
    """The rows one replacing write stored, kept to index them without reading them back.

    ``version`` is the connection's ``PRAGMA data_version`` inside that write: while it
    stays the same no other connection has committed, so the stored rows are these."""

    version: int
    rows: dict[str, tuple[Document, tuple[Any, ...]]] = field(default_factory=dict)

    @classmethod
    def of(
        cls, version: int, documents: list[Document], rows: list[tuple[Any, ...]]
    ) -> WrittenRows:
        return cls(version, {doc.id: (doc, row) for doc, row in zip(documents, rows, strict=True)})

    def row(self, rowid: int, doc_id: str) -> dict[str, Any] | None:
        """The stored row of ``doc_id`` (the last written, as SQLite kept), lists as lists."""
        found = self.rows.get(doc_id)
        if found is None:
            return None
        doc, values = found
        row = dict(zip(COLUMNS + UTC_COLUMNS, values, strict=True))
        row["rowid"] = rowid
        for name in LIST_FIELDS:
            row[name] = getattr(doc, name)
        return row


def document_from_row(row: sqlite3.Row) -> Document:
    """A stored row as a document; fields added since the archive was made (columns
    ``index migrate`` has not added yet) keep their defaults, so an older archive reads."""
    data: dict[str, Any] = {}
    for f in FIELDS:
        try:
            value = row[f.name]
        except IndexError:
            continue
        if f.name in LIST_FIELDS:
            value = json.loads(value) if value else []
        elif f.metadata["kind"] == "bool":
            value = bool(value)
        data[f.name] = value
    return Document(**data)
