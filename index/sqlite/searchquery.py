"""Compile the query tree, sorting, facets and histograms for the search index (pure).

The same matches as the Elasticsearch compiler (index/elasticsearch/query.py):
a word matches its exact, stemmed or folded form in title, lead or body,
the best field counting (title words weigh most); several words are a
phrase, exact or folded; keyword values are matched case-insensitively.

A folded phrase is matched as its folded keys' pairs, a pair apart (the
index holds each key joined to the next, at its position): the same
documents as the words' positions give, read in a fraction of the time on
phrases of common words. It ranks by those pairs, and then by its longest
words as written (names and content words, whose spellings differ; short
function words are written one way), where Elasticsearch ranks by the written
phrase and the folded one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

import tantivy
from tantivy import Occur, Query

from index.analysis import fold, stem, words, written_words
from index.document import LOOKUP_FIELDS, TEXT_BOOSTS, TEXT_FIELDS
from index.errors import QueryError
from index.gazetteer import expand_names
from index.query import And, DateRange, Interval, Match, Node, Not, Or, SearchRequest, Text
from index.sqlite.searchschema import (
    DAY,
    FOLDED,
    MONTH,
    NORM,
    PAIR_JOINER,
    PAIRS,
    SORT_ASC,
    SORT_DESC,
    STEMMED,
)
from index.store import Bucket, FacetValue

#: The most values one facet counts per index segment; past it, counts are estimates.
FACET_VALUES_LIMIT = 65_000


def _field_query(schema: tantivy.Schema, field: str, terms: Sequence[str]) -> Query:
    if len(terms) == 1:
        return Query.term_query(schema, field, terms[0])
    return Query.phrase_query(schema, field, list(terms))


def pair_terms(keys: Sequence[str]) -> list[tuple[int, str]]:
    """The pairs a phrase of two or more folded keys is matched by, with their offsets:
    every other pair, and the last one, cover each key."""
    offsets = list(range(0, len(keys) - 1, 2))
    if offsets[-1] != len(keys) - 2:
        offsets.append(len(keys) - 2)
    return [(at, keys[at] + PAIR_JOINER + keys[at + 1]) for at in offsets]


def _pairs_query(schema: tantivy.Schema, field: str, keys: Sequence[str]) -> Query:
    pairs = pair_terms(keys)
    if len(pairs) == 1:
        return Query.term_query(schema, field, pairs[0][1])
    return Query.phrase_query(schema, field, pairs)  # type: ignore[arg-type]  # offsets allowed


#: How many of a phrase's words as written rank the documents that write them so.
SPELLING_WORDS = 3


def spelling_words(written: Sequence[str]) -> list[str]:
    """A phrase's longest words as written, the first of equal length first."""
    # A stable sort keeps equal lengths in their order, reversed or not.
    return sorted(dict.fromkeys(written), key=len, reverse=True)[:SPELLING_WORDS]


def _any_word(schema: tantivy.Schema, field: str, terms: Sequence[str]) -> Query:
    """Ranks by the words, matching any: how much of a phrase's spelling a document shares."""
    return Query.boolean_query([(Occur.Should, Query.term_query(schema, field, t)) for t in terms])


def _best_field(
    schema: tantivy.Schema,
    fields: tuple[str, ...],
    suffix: str,
    terms: list[str],
    field_query: Callable[[tantivy.Schema, str, Sequence[str]], Query] = _field_query,
) -> Query:
    """The terms in any of the fields; the best-scoring field counts, with its boost."""
    options = [
        Query.boost_query(field_query(schema, name + suffix, terms), TEXT_BOOSTS.get(name, 1.0))
        for name in fields
    ]
    return options[0] if len(options) == 1 else Query.disjunction_max_query(options)


def text_query(schema: tantivy.Schema, node: Text, *, scored: bool = True) -> Query:
    """``scored=False`` for counting only: the exact form then adds nothing (a word's
    stem and folded key are indexed wherever the word is, a phrase's folded keys
    wherever the phrase is), so it is left out; it only ranks exact matches first."""
    fields = (node.field,) if node.field else TEXT_FIELDS
    terms = words(node.text)
    written = written_words(node.text)
    if not terms or not written:
        return Query.empty_query()
    if node.exact:
        return _best_field(schema, fields, "", written)
    if len(terms) == 1:
        exact = [_best_field(schema, fields, "", written)] if scored else []
        options = [
            *exact,
            _best_field(schema, fields, STEMMED, [stem(terms[0])]),
            _best_field(schema, fields, FOLDED, [fold(terms[0])]),
        ]
        return Query.boolean_query([(Occur.Should, q) for q in options])
    phrase = _best_field(schema, fields, PAIRS, [fold(t) for t in terms], _pairs_query)
    if not scored:
        return phrase
    written_first = _best_field(schema, fields, "", spelling_words(written), _any_word)
    return Query.boolean_query([(Occur.Must, phrase), (Occur.Should, written_first)])


def compile_query(schema: tantivy.Schema, node: Node | None, *, scored: bool = True) -> Query:
    """The index query of a tree, with the gazetteer's other spellings of the names it
    holds; ``scored=False`` when only the set of matches counts (facets, histograms)."""
    if node is None:
        return Query.all_query()
    return _compile(schema, expand_names(node), scored)


def _compile(schema: tantivy.Schema, node: Node, scored: bool) -> Query:
    if isinstance(node, Text):
        return text_query(schema, node, scored=scored)
    if isinstance(node, Match):
        if node.field not in LOOKUP_FIELDS:
            raise QueryError(f"{node.field} cannot be searched by value")
        return Query.term_query(schema, node.field + NORM, node.value.casefold())
    if isinstance(node, DateRange):
        if node.gte is None and node.lt is None:
            return Query.exists_query(node.field)
        return Query.range_query(
            schema,
            node.field,
            tantivy.FieldType.Date,
            node.gte,
            node.lt,
            include_lower=True,
            include_upper=node.lt is None,
        )
    if isinstance(node, Not):
        return _compile(schema, And((node,)), scored)
    if isinstance(node, And):
        must = [
            (Occur.Must, _compile(schema, c, scored))
            for c in node.children
            if not isinstance(c, Not)
        ]
        must_not = [
            (Occur.MustNot, _compile(schema, c.child, False))
            for c in node.children
            if isinstance(c, Not)
        ]
        return Query.boolean_query((must or [(Occur.Must, Query.all_query())]) + must_not)
    if isinstance(node, Or):
        return Query.boolean_query(
            [(Occur.Should, _compile(schema, c, scored)) for c in node.children]
        )
    raise TypeError(f"unknown query node {node!r}")


def sort_field(request: SearchRequest) -> tuple[str, tantivy.Order] | None:
    """The index field and direction hits are ordered by; None: by relevance."""
    if request.sort == "date":
        return SORT_ASC, tantivy.Order.Asc
    if request.sort == "-date" or request.query is None:
        return SORT_DESC, tantivy.Order.Desc
    return None


# --- facets ------------------------------------------------------------------------------


def facet_aggregations(names: Sequence[str]) -> dict[str, Any]:
    """Every value of each facet among the matches, so the counts are exact and ties can be
    ordered by value, as Elasticsearch orders them."""
    limit = FACET_VALUES_LIMIT
    return {
        name: {"terms": {"field": name, "size": limit, "segment_size": limit}} for name in names
    }


def facet_values(result: dict[str, Any], size: int) -> tuple[list[FacetValue], bool]:
    """The top values by count, then by value; and whether the counts are estimates."""
    buckets = sorted(result["buckets"], key=lambda b: (-int(b["doc_count"]), str(b["key"])))
    estimated = int(result.get("doc_count_error_upper_bound") or 0) > 0
    return [FacetValue(str(b["key"]), int(b["doc_count"])) for b in buckets[:size]], estimated


# --- date histograms ----------------------------------------------------------------------

#: Days since 1970-01-01 (a Thursday) that are Mondays are 4 more than a multiple of 7.
_MONDAY_OFFSET = 4

HISTOGRAMS: dict[str, dict[str, Any]] = {
    "day": {"field": DAY, "interval": 1},
    "week": {"field": DAY, "interval": 7, "offset": _MONDAY_OFFSET},
    "month": {"field": MONTH, "interval": 1},
    "year": {"field": MONTH, "interval": 12},
}


def histogram_aggregation(interval: Interval) -> dict[str, Any]:
    return {"histogram": {"histogram": {**HISTOGRAMS[interval], "min_doc_count": 1}}}


def bucket_start(key: float, interval: Interval) -> str:
    """The ISO date of a bucket's first day, from its key (a day or a month number)."""
    number = int(key)
    if interval in ("day", "week"):
        return (date(1970, 1, 1) + timedelta(days=number)).isoformat()
    return date(number // 12, number % 12 + 1, 1).isoformat()


def histogram_buckets(result: dict[str, Any], interval: Interval) -> list[Bucket]:
    return [
        Bucket(bucket_start(b["key"], interval), int(b["doc_count"]))
        for b in result["histogram"]["buckets"]
        if int(b["doc_count"]) > 0
    ]
