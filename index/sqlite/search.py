"""Answer searches from the search index, reading the hits' documents from the archive.

One searcher (one commit of the index) answers the count, the page, the
facets and the histogram of a request, so they agree with each other. The
index returns rowids; the documents come from SQLite, the source of truth.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import tantivy

from index.highlight import highlighter
from index.query import Interval, Node, SearchRequest
from index.sqlite.lookup import CHUNK
from index.sqlite.schema import WrittenRows, document_from_row
from index.sqlite.searchquery import (
    compile_query,
    facet_aggregations,
    facet_values,
    histogram_aggregation,
    histogram_buckets,
    sort_field,
)
from index.sqlite.searchschema import KEY
from index.store import Bucket, Hit, SearchResult

#: The most keys read back from the index per call, when every match is wanted.
SCAN_CHUNK = 10_000


def rows_by_rowid(
    db: sqlite3.Connection, keys: Iterable[int], columns: str = "*"
) -> dict[int, sqlite3.Row]:
    """The stored rows of ``keys`` (those that exist); ``columns`` include ``rowid``."""
    wanted = list(keys)
    rows: dict[int, sqlite3.Row] = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT {columns} FROM documents WHERE rowid IN ({marks})"
        rows.update((row["rowid"], row) for row in db.execute(sql, chunk))
    return rows


def data_version(db: sqlite3.Connection) -> int:
    """Changes when another connection commits to the archive (never for this one's)."""
    return int(db.execute("PRAGMA data_version").fetchone()[0])


def rows_to_index(
    db: sqlite3.Connection, keys: list[int], written: WrittenRows | None
) -> list[sqlite3.Row | dict[str, Any]]:
    """The stored rows of ``keys``: those this connection has just written (replaced
    whole) come from memory, unless another connection has committed since."""
    if written is None or data_version(db) != written.version:
        return list(rows_by_rowid(db, keys).values())
    rows: list[sqlite3.Row | dict[str, Any]] = []
    unknown = []
    for key, stored in rows_by_rowid(db, keys, "rowid, id").items():
        row = written.row(key, stored["id"])
        if row is None:
            unknown.append(key)
        else:
            rows.append(row)
    return rows + list(rows_by_rowid(db, unknown).values())


def _count(found: tantivy.SearchResult) -> int:
    return int(found.count)  # type: ignore[attr-defined]  # not in the package's stubs


def _keys(searcher: tantivy.Searcher, found: list[tuple[object, tantivy.DocAddress]]) -> list[int]:
    return [int(k) for k in searcher.fast_field_values(KEY, [address for _, address in found])]  # type: ignore[arg-type]


def count(searcher: tantivy.Searcher, schema: tantivy.Schema, node: Node | None) -> int:
    return _count(searcher.search(compile_query(schema, node, scored=False), 1, count=True))


def search(
    searcher: tantivy.Searcher,
    schema: tantivy.Schema,
    db: sqlite3.Connection,
    request: SearchRequest,
) -> SearchResult:
    query = compile_query(schema, request.query)
    order = sort_field(request)
    # The index wants at least one hit; a request for none still needs the count.
    limit = max(request.limit, 1)
    # The facets are counted on another thread while the page is ranked and read on this
    # one: the index lets go of the interpreter while it works, so both run at once.
    with ThreadPoolExecutor(1) as pool:
        facets = pool.submit(_facets, searcher, schema, request) if request.facets else None
        if order is None:
            found = searcher.search(query, limit, count=True, offset=request.offset)
        else:
            found = searcher.search(
                query,
                limit,
                count=True,
                order_by_field=order[0],
                offset=request.offset,
                order=order[1],
            )
        hits = _page(searcher, db, request, found, ranked=order is None)
        result = SearchResult(total=_count(found), hits=hits)
        aggregated = facets.result() if facets else {}
    for name in request.facets:
        values, estimated = facet_values(aggregated[name], request.facet_size)
        result.facets[name] = values
        if estimated:
            result.estimated_facets.append(name)
    return result


def _page(
    searcher: tantivy.Searcher,
    db: sqlite3.Connection,
    request: SearchRequest,
    found: tantivy.SearchResult,
    *,
    ranked: bool,
) -> list[Hit]:
    """The requested hits, read from the archive, with their snippets."""
    pairs = found.hits[: request.limit]
    keys = _keys(searcher, pairs)
    rows = rows_by_rowid(db, keys)
    snippet_of = highlighter(request.query if request.highlight else None)
    hits = []
    for (score, _), key in zip(pairs, keys, strict=True):
        row = rows.get(key)
        if row is None:  # deleted since the index's last commit
            continue
        doc = document_from_row(row)
        hits.append(Hit(doc, float(score) if ranked else None, snippet_of(doc)))
    return hits


def _facets(
    searcher: tantivy.Searcher, schema: tantivy.Schema, request: SearchRequest
) -> dict[str, Any]:
    matches = compile_query(schema, request.query, scored=False)
    return searcher.aggregate(matches, facet_aggregations(request.facets))


def histogram(
    searcher: tantivy.Searcher, schema: tantivy.Schema, node: Node | None, interval: Interval
) -> list[Bucket]:
    matches = compile_query(schema, node, scored=False)
    aggregated = searcher.aggregate(matches, histogram_aggregation(interval))
    return histogram_buckets(aggregated, interval)


def matching_keys(
    searcher: tantivy.Searcher, schema: tantivy.Schema, node: Node | None, last_key: int
) -> Iterator[list[int]]:
    """The rowids of every match, by ranges of rowids: memory stays bounded, and each
    range is read once."""
    query = compile_query(schema, node, scored=False)
    for low in range(0, last_key + 1, SCAN_CHUNK):
        keys = tantivy.Query.range_query(
            schema, KEY, tantivy.FieldType.Integer, low, low + SCAN_CHUNK - 1
        )
        both = tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, query), (tantivy.Occur.Must, keys)]
        )
        yield _keys(searcher, searcher.search(both, SCAN_CHUNK, count=False).hits)


def documents_of(
    db: sqlite3.Connection, keys: Iterable[list[int]], temp_table: str
) -> Iterator[sqlite3.Row]:
    """The documents of the keys, in id order, through a temporary table of the keys."""
    db.execute(f"CREATE TEMP TABLE IF NOT EXISTS {temp_table}(doc INTEGER PRIMARY KEY)")
    db.execute(f"DELETE FROM {temp_table}")
    for chunk in keys:
        db.executemany(f"INSERT OR IGNORE INTO {temp_table} VALUES (?)", [(k,) for k in chunk])
    sql = f"SELECT d.* FROM {temp_table} t JOIN documents d ON d.rowid = t.doc ORDER BY d.id"
    yield from db.execute(sql)
