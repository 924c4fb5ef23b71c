"""Compile the query tree and search requests to Elasticsearch's query DSL (pure).

Query text goes to Elasticsearch as written: the index analyses it with the
analyzers it indexed the text with (the field's words, ``.stemmed``,
``.folded``), so a search here matches what any client of the index matches.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from index.analysis import words
from index.document import TEXT_BOOSTS, TEXT_FIELDS
from index.elasticsearch.highlight import highlight_clause
from index.elasticsearch.schema import SUBFIELDS
from index.gazetteer import expand_names
from index.highlight import SNIPPET_FIELDS, positive_texts
from index.query import And, DateRange, Interval, Match, Node, Not, Or, SearchRequest, Text


def _phrase(query: str, fields: tuple[str, ...], subfield: str = "") -> dict[str, Any]:
    suffix = f".{subfield}" if subfield else ""
    targets = [f"{f}{suffix}^{TEXT_BOOSTS.get(f, 1.0):g}" for f in fields]
    return {"multi_match": {"query": query, "type": "phrase", "fields": targets}}


def compile_text(node: Text) -> dict[str, Any]:
    """One word matches its words, stems or folded names; several words are a phrase of
    their words or of their folded names (as on SQLite: no phrase of stems)."""
    fields = (node.field,) if node.field else TEXT_FIELDS
    terms = words(node.text)
    if not terms:
        return {"match_none": {}}
    if node.exact:
        return _phrase(node.text, fields)
    # The words as written too: they rank exact matches first, and work on an index of
    # an older schema (without the subfields) while ``index migrate`` copies it.
    kinds = SUBFIELDS if len(terms) == 1 else ("folded",)
    options = [_phrase(node.text, fields), *(_phrase(node.text, fields, kind) for kind in kinds)]
    return {"bool": {"should": options, "minimum_should_match": 1}}


def highlight_queries(node: Node) -> dict[str, dict[str, Any]]:
    """Per snippet field, the query whose matches are marked in it: the word tests of the
    query that search that field, exclusions and filters left out (the terms SQLite's
    highlighter marks). A smaller query than the search's, and much faster to highlight."""
    texts = positive_texts(expand_names(node))
    out: dict[str, dict[str, Any]] = {}
    for name in SNIPPET_FIELDS:
        own = [compile_text(replace(t, field=name)) for t in texts if t.field in (None, name)]
        if own:
            out[name] = {"bool": {"should": own, "minimum_should_match": 1}}
    return out


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
    if request.highlight and request.query is not None:
        body["highlight"] = highlight_clause(highlight_queries(request.query))
    if request.facets:
        body["aggs"] = {
            name: {"terms": {"field": name, "size": request.facet_size}} for name in request.facets
        }
    return body


def histogram_aggs(interval: Interval) -> dict[str, Any]:
    """Matches per calendar ``interval`` of ``published`` (UTC), empty buckets left out."""
    return {
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
