"""Compile the query tree and search requests to Elasticsearch's query DSL (pure)."""

from __future__ import annotations

from typing import Any

from index.analysis import fold, stem, words
from index.document import TEXT_BOOSTS, TEXT_FIELDS
from index.gazetteer import expand_names
from index.query import And, DateRange, Match, Node, Not, Or, SearchRequest, Text


def _phrase(query: str, fields: tuple[str, ...], suffix: str = "") -> dict[str, Any]:
    targets = [f"{f}{suffix}^{TEXT_BOOSTS.get(f, 1.0):g}" for f in fields]
    return {"multi_match": {"query": query, "type": "phrase", "fields": targets}}


def compile_text(node: Text) -> dict[str, Any]:
    """One word matches its exact, stemmed or folded form; several words are a phrase, exact
    or folded."""
    fields = (node.field,) if node.field else TEXT_FIELDS
    terms = words(node.text)
    if not terms:
        return {"match_none": {}}
    if node.exact:
        return _phrase(node.text, fields)
    if len(terms) == 1:
        # The exact form too: it ranks exact matches first and works on an index
        # of an older schema while ``index migrate`` copies it.
        options = [
            _phrase(node.text, fields),
            _phrase(stem(terms[0]), fields, "_stemmed"),
            _phrase(fold(terms[0]), fields, "_folded"),
        ]
    else:
        options = [
            _phrase(node.text, fields),
            _phrase(" ".join(map(fold, terms)), fields, "_folded"),
        ]
    return {"bool": {"should": options, "minimum_should_match": 1}}


def compile_node(node: Node | None) -> dict[str, Any]:
    """The query DSL of a tree, with the gazetteer's other spellings of the names it holds."""
    return _compile(expand_names(node)) if node is not None else {"match_all": {}}


def _compile(node: Node) -> dict[str, Any]:
    if isinstance(node, Text):
        return compile_text(node)
    if isinstance(node, Match):
        return {"term": {f"{node.field}.norm": {"value": node.value}}}
    if isinstance(node, DateRange):
        bounds: dict[str, str] = {}
        if node.gte is not None:
            bounds["gte"] = node.gte.isoformat()
        if node.lt is not None:
            bounds["lt"] = node.lt.isoformat()
        return {"range": {node.field: bounds}} if bounds else {"exists": {"field": node.field}}
    if isinstance(node, Not):
        return {"bool": {"must_not": [_compile(node.child)]}}
    if isinstance(node, And):
        must = [_compile(c) for c in node.children if not isinstance(c, Not)]
        must_not = [_compile(c.child) for c in node.children if isinstance(c, Not)]
        clause: dict[str, Any] = {"must": must} if must else {"must": [{"match_all": {}}]}
        if must_not:
            clause["must_not"] = must_not
        return {"bool": clause}
    if isinstance(node, Or):
        return {"bool": {"should": [_compile(c) for c in node.children], "minimum_should_match": 1}}
    raise TypeError(f"unknown query node {node!r}")


def sort_clause(request: SearchRequest) -> list[Any]:
    if request.sort == "date":
        return [{"published": {"order": "asc", "missing": "_last"}}, {"id": "asc"}]
    if request.sort == "-date" or request.query is None:
        return [{"published": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]
    return ["_score", {"id": "asc"}]


def search_body(request: SearchRequest) -> dict[str, Any]:
    body: dict[str, Any] = {
        "query": compile_node(request.query),
        "from": request.offset,
        "size": request.limit,
        "sort": sort_clause(request),
        "track_total_hits": True,
    }
    if request.facets:
        body["aggs"] = {
            name: {"terms": {"field": name, "size": request.facet_size}} for name in request.facets
        }
    return body
