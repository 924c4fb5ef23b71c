"""Compile the query tree and search requests to Elasticsearch's query DSL (pure)."""

from __future__ import annotations

from typing import Any

from index.document import TEXT_FIELDS
from index.query import And, DateRange, Match, Node, Not, Or, SearchRequest, Text

#: Title words weigh more than body words, on both stores.
TEXT_BOOSTS: dict[str, float] = {"title": 3.0, "lead": 2.0, "body": 1.0}
HIGHLIGHT_TAGS = ("<mark>", "</mark>")


def compile_node(node: Node | None) -> dict[str, Any]:
    if node is None:
        return {"match_all": {}}
    if isinstance(node, Text):
        if node.field:
            return {"match_phrase": {node.field: {"query": node.text}}}
        fields = [f"{f}^{TEXT_BOOSTS.get(f, 1.0):g}" for f in TEXT_FIELDS]
        return {"multi_match": {"query": node.text, "type": "phrase", "fields": fields}}
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
        return {"bool": {"must_not": [compile_node(node.child)]}}
    if isinstance(node, And):
        must = [compile_node(c) for c in node.children if not isinstance(c, Not)]
        must_not = [compile_node(c.child) for c in node.children if isinstance(c, Not)]
        clause: dict[str, Any] = {"must": must} if must else {"must": [{"match_all": {}}]}
        if must_not:
            clause["must_not"] = must_not
        return {"bool": clause}
    if isinstance(node, Or):
        return {
            "bool": {"should": [compile_node(c) for c in node.children], "minimum_should_match": 1}
        }
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
    if request.highlight and request.query is not None:
        body["highlight"] = {
            "pre_tags": [HIGHLIGHT_TAGS[0]],
            "post_tags": [HIGHLIGHT_TAGS[1]],
            "fields": {f: {"number_of_fragments": 1, "fragment_size": 160} for f in TEXT_FIELDS},
        }
    return body
