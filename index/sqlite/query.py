"""Compile the query tree to SQLite: an FTS5 MATCH expression plus SQL conditions.

Pure functions, no connection: the store runs what these return. Word tests
go into one MATCH wherever FTS5 can express them (so ``rank`` and
``snippet()`` work); keyword and date tests, and word tests FTS5 cannot
express on their own (a lone exclusion, an OR with a filter), become SQL.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from index.analysis import fold, stem, words
from index.document import LIST_FIELDS, LOOKUP_FIELDS, TEXT_FIELDS
from index.gazetteer import expand_names
from index.query import And, DateRange, Match, Node, Not, Or, Text

FTS_TABLE = "documents_fts"
#: One row per (document, facet field, value): facets and keyword filters by index.
VALUES_TABLE = "document_values"
ANALYSED_COLUMNS: tuple[str, ...] = tuple(
    f"{name}_{suffix}" for suffix in ("stemmed", "folded") for name in TEXT_FIELDS
)


@dataclass
class CompiledQuery:
    match: str | None = None
    where: list[str] = field(default_factory=list)
    params: list[object] = field(default_factory=list)


def casefold(value: str | None) -> str | None:
    """Case-insensitive comparisons for every script (SQLite's lower() is ASCII only)."""
    return value.casefold() if isinstance(value, str) else value


def fts_phrase(text: str) -> str:
    """Quote user text as an FTS5 string, so no character of it is read as syntax."""
    return '"' + text.replace('"', '""') + '"'


def can_match(node: Node) -> bool:
    """Whether FTS5 alone can answer this subtree."""
    if isinstance(node, Text):
        return True
    if isinstance(node, And):
        positives = [c for c in node.children if not isinstance(c, Not)]
        negatives = [c.child for c in node.children if isinstance(c, Not)]
        return bool(positives) and all(can_match(c) for c in positives + negatives)
    if isinstance(node, Or):
        return all(not isinstance(c, Not) and can_match(c) for c in node.children)
    return False


def match_expression(node: Node) -> str:
    """The FTS5 expression of a subtree for which :func:`can_match` holds."""
    if isinstance(node, Text):
        return text_expression(node)
    if isinstance(node, And):
        positives = [match_expression(c) for c in node.children if not isinstance(c, Not)]
        expr = "(" + " AND ".join(positives) + ")"
        for child in node.children:
            if isinstance(child, Not):
                expr += f" NOT ({match_expression(child.child)})"
        return f"({expr})"
    if isinstance(node, Or):
        return "(" + " OR ".join(match_expression(c) for c in node.children) + ")"
    raise ValueError(f"FTS5 cannot express {node!r} alone")


def _columns(fields: tuple[str, ...], suffix: str = "") -> str:
    return "{" + " ".join(f"{f}{suffix}" for f in fields) + "}"


def text_expression(node: Text) -> str:
    """One word matches its exact, stemmed or folded form (the exact one ranks first, as on
    Elasticsearch); several words are a phrase, exact or folded."""
    fields = (node.field,) if node.field else TEXT_FIELDS
    terms = words(node.text)
    if not terms:
        return fts_phrase("")
    if node.exact:
        return f"{_columns(fields)} : {fts_phrase(node.text)}"
    if len(terms) == 1:
        return (
            f"({_columns(fields)} : {fts_phrase(node.text)} OR "
            f"{_columns(fields, '_stemmed')} : {fts_phrase(stem(terms[0]))} OR "
            f"{_columns(fields, '_folded')} : {fts_phrase(fold(terms[0]))})"
        )
    return (
        f"({_columns(fields)} : {fts_phrase(node.text)} OR "
        f"{_columns(fields, '_folded')} : {fts_phrase(' '.join(map(fold, terms)))})"
    )


def compile_query(node: Node | None) -> CompiledQuery:
    out = CompiledQuery()
    if node is None:
        return out
    node = expand_names(node)  # the gazetteer's other spellings of the names it holds
    if can_match(node):
        out.match = match_expression(node)
        return out
    children = node.children if isinstance(node, And) else (node,)
    positives = [c for c in children if not isinstance(c, Not) and can_match(c)]
    if positives:
        negatives = [c for c in children if isinstance(c, Not) and can_match(c.child)]
        out.match = match_expression(And((*positives, *negatives)))
        rest = [c for c in children if c not in positives and c not in negatives]
    else:
        rest = list(children)
    for child in rest:
        sql, params = condition(child)
        out.where.append(sql)
        out.params.extend(params)
    return out


def condition(node: Node) -> tuple[str, list[object]]:
    """A SQL condition on ``d`` (the documents table) for any subtree."""
    if can_match(node):
        sql = f"d.rowid IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH ?)"
        return sql, [match_expression(node)]
    if isinstance(node, Match):
        if node.field in LOOKUP_FIELDS:
            sql = f"d.rowid IN (SELECT doc FROM {VALUES_TABLE} WHERE field = ? AND norm = ?)"
            return sql, [node.field, casefold(node.value)]
        if node.field in LIST_FIELDS:
            sql = f"EXISTS (SELECT 1 FROM json_each(d.{node.field}) WHERE casefold(value) = ?)"
            return sql, [casefold(node.value)]
        return f"casefold(d.{node.field}) = ?", [casefold(node.value)]
    if isinstance(node, DateRange):
        parts: list[str] = []
        params: list[object] = []
        if node.gte is not None:
            parts.append(f"d.{node.field}_utc >= ?")
            params.append(utc_text(node.gte.isoformat()))
        if node.lt is not None:
            parts.append(f"d.{node.field}_utc < ?")
            params.append(utc_text(node.lt.isoformat()))
        return "(" + (" AND ".join(parts) or f"d.{node.field}_utc IS NOT NULL") + ")", params
    if isinstance(node, Not):
        sql, params = condition(node.child)
        return f"NOT ({sql})", params
    if isinstance(node, And | Or):
        joiner = " AND " if isinstance(node, And) else " OR "
        sqls: list[str] = []
        params = []
        for child in node.children:
            s, p = condition(child)
            sqls.append(s)
            params.extend(p)
        return "(" + joiner.join(sqls) + ")", params
    raise TypeError(f"unknown query node {node!r}")


def utc_text(value: str | None) -> str | None:
    """An ISO 8601 instant as sortable UTC text (``2024-03-05T06:00:00Z``)."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
