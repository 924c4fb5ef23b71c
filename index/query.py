"""The query model: one parser and one tree, compiled by each store.

The language is the same on every store::

    words            all must match (in title, lead or body)
    "exact phrase"   words in this order
    a OR b           either side
    -word, -"a b"    exclusion
    ( ... )          grouping
    title:word       text in one field (title, lead, body)
    source:orda-kz   exact value of a keyword field
                     (source, author, lang, section, tag, country, cited, entity)
    published:2023-01..2023-06   date ranges, also >=, >, <=, <

Command-line flags (``--source``, ``--from`` ...) become the same nodes, so
the stores only ever see a tree.

A query from a person is bounded, the same on every store (querybounds.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from index.errors import QueryError
from index.querybounds import MAX_NESTING, check_length, check_size, check_window
from index.querydates import parse_date_bound

#: Query-language field names -> document fields.
KEYWORD_FIELDS: dict[str, str] = {
    "source": "source",
    "author": "authors",
    "authors": "authors",
    "lang": "language",
    "language": "language",
    "section": "section",
    "tag": "tags",
    "tags": "tags",
    "country": "countries",
    "countries": "countries",
    "cited": "cited_sources",
    "cited_sources": "cited_sources",
    "entity": "entities",
    "entities": "entities",
}
TEXT_FIELD_NAMES: frozenset[str] = frozenset({"title", "lead", "body"})
DATE_FIELD_NAMES: dict[str, str] = {
    "published": "published",
    "date": "published",
    "modified": "modified",
    "crawled": "crawled_at",
}

Sort = Literal["relevance", "date", "-date"]
SORTS: tuple[str, ...] = ("relevance", "date", "-date")
Interval = Literal["day", "week", "month", "year"]
INTERVALS: tuple[str, ...] = ("day", "week", "month", "year")


# --- the tree -------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """Words that must appear in this order (one word is a one-word phrase)."""

    text: str
    field: str | None = None  # None: title, lead and body
    exact: bool = False  # as written: no stems, folding keys or gazetteer spellings (--exact)


@dataclass(frozen=True)
class Match:
    """A keyword field holds this value (case-insensitive)."""

    field: str
    value: str


@dataclass(frozen=True)
class DateRange:
    """``gte <= field < lt`` in UTC; either bound may be open."""

    field: str
    gte: datetime | None = None
    lt: datetime | None = None


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node


Node = Text | Match | DateRange | And | Or | Not


@dataclass
class SearchRequest:
    """Everything a store needs to answer a search."""

    query: Node | None = None
    facets: list[str] = field(default_factory=list)
    facet_size: int = 10
    sort: Sort = "relevance"
    limit: int = 10
    offset: int = 0
    highlight: bool = True

    def __post_init__(self) -> None:
        check_window(self.offset, self.limit)


def and_all(nodes: Iterable[Node | None]) -> Node | None:
    """Combine nodes with AND, dropping empties and flattening nested ANDs."""
    flat: list[Node] = []
    for node in nodes:
        if node is None:
            continue
        if isinstance(node, And):
            flat.extend(node.children)
        else:
            flat.append(node)
    if not flat:
        return None
    return flat[0] if len(flat) == 1 else And(tuple(flat))


def is_text_only(node: Node) -> bool:
    """True when the subtree only tests words (so a full-text engine can answer it alone)."""
    if isinstance(node, Text):
        return True
    if isinstance(node, And | Or):
        return all(is_text_only(c) for c in node.children)
    if isinstance(node, Not):
        return is_text_only(node.child)
    return False


# --- dates ----------------------------------------------------------------


def date_range(field_name: str, start: str | None, stop: str | None) -> DateRange:
    """A range from inclusive date bounds as people write them (either may be None)."""
    gte = parse_date_bound(start) if start else None
    lt = parse_date_bound(stop, end=True) if stop else None
    if gte and lt and gte >= lt:
        raise QueryError(f"empty date range {start}..{stop}", hint="the start must come first")
    return DateRange(field_name, gte, lt)


def _date_term(field_name: str, spec: str, pos: int) -> DateRange:
    try:
        if ".." in spec:
            start, _, stop = spec.partition("..")
            return date_range(field_name, start or None, stop or None)
        for op in (">=", "<=", ">", "<"):
            if spec.startswith(op):
                bound = spec[len(op) :]
                if op == ">=":
                    return DateRange(field_name, gte=parse_date_bound(bound))
                if op == ">":
                    return DateRange(field_name, gte=parse_date_bound(bound, end=True))
                if op == "<=":
                    return DateRange(field_name, lt=parse_date_bound(bound, end=True))
                return DateRange(field_name, lt=parse_date_bound(bound))
        return date_range(field_name, spec, spec)
    except QueryError as exc:
        raise QueryError(exc.message, pos, exc.hint) from None


# --- parsing --------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    kind: Literal["word", "phrase", "or", "and", "lparen", "rparen", "not"]
    value: str
    pos: int
    field: str | None = None


_ALL_FIELD_NAMES = KEYWORD_FIELDS.keys() | TEXT_FIELD_NAMES | DATE_FIELD_NAMES.keys()
#: The field names a hint offers (aliases still work).
_SHOWN_FIELDS = (
    "title", "lead", "body", "source", "author", "lang", "section", "tag", "country", "cited",
    "entity", "published",
)  # fmt: skip
_WORD_END = re.compile(r'[\s()"]')
_TERM_HINT = 'write a word, a "phrase" or field:value'


def _unknown_field(name: str, pos: int) -> QueryError:
    import difflib

    close = difflib.get_close_matches(name.lower(), sorted(_ALL_FIELD_NAMES), n=1)
    hint = f"did you mean '{close[0]}:'? " if close else ""
    return QueryError(f"unknown field {name!r}", pos, hint + f"fields: {', '.join(_SHOWN_FIELDS)}")


def _tokens(text: str) -> Iterator[_Token]:
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch == "(":
            yield _Token("lparen", ch, i)
            i += 1
            continue
        if ch == ")":
            yield _Token("rparen", ch, i)
            i += 1
            continue
        if ch == "-":
            if i + 1 >= n or text[i + 1].isspace():
                raise QueryError("nothing to exclude after '-'", i, 'write -word or -"a phrase"')
            yield _Token("not", ch, i)
            i += 1
            continue
        start = i
        fld: str | None = None
        m = re.match(r"([A-Za-z_]+):", text[i:])
        if m and m[1].lower() in _ALL_FIELD_NAMES:
            fld = m[1].lower()
            i += len(m[0])
            if i >= n or text[i].isspace() or text[i] == ")":
                raise QueryError(f"no value after {m[0]!r}", start, f"write {m[0]}value")
        elif m and i + len(m[0]) < n and not text[i + len(m[0])].isspace():
            raise _unknown_field(m[1], start)
        if i < n and text[i] == '"':
            close = text.find('"', i + 1)
            if close < 0:
                raise QueryError("unclosed quote", i, 'close the phrase with "')
            yield _Token("phrase", text[i + 1 : close], start, fld)
            i = close + 1
            continue
        m2 = _WORD_END.search(text, i)
        end = m2.start() if m2 else n
        word = text[i:end]
        i = end
        if fld is None and word in ("OR", "|"):
            yield _Token("or", word, start)
        elif fld is None and word == "AND":
            yield _Token("and", word, start)
        elif fld is None and word == "NOT":
            yield _Token("not", word, start)
        else:
            yield _Token("word", word, start, fld)


class _Parser:
    """Recursive descent: or_expr := and_expr (OR and_expr)*; and_expr := unary+."""

    def __init__(self, text: str):
        check_length(text)
        self.text = text
        self.toks = list(_tokens(text))
        self.i = 0
        self.depth = 0

    def peek(self) -> _Token | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def parse(self) -> Node | None:
        if not self.toks:
            return None
        node = self.or_expr()
        tok = self.peek()
        if tok is not None:
            raise QueryError("unexpected ')'", tok.pos, "remove it or open a '(' before")
        return node

    def or_expr(self) -> Node:
        children = [self.and_expr()]
        while (tok := self.peek()) is not None and tok.kind == "or":
            self.i += 1
            if self.peek() is None or self.peek().kind in ("rparen", "or"):  # type: ignore[union-attr]
                raise QueryError("OR needs a term on both sides", tok.pos, _TERM_HINT)
            children.append(self.and_expr())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def and_expr(self) -> Node:
        children: list[Node] = []
        while (tok := self.peek()) is not None and tok.kind not in ("or", "rparen"):
            if tok.kind == "and":
                self.i += 1
                nxt = self.peek()
                if not children or nxt is None or nxt.kind in ("or", "and", "rparen"):
                    raise QueryError("AND needs a term on both sides", tok.pos, _TERM_HINT)
                continue
            children.append(self.unary())
        if not children:
            tok = self.peek()
            if tok is not None and tok.kind == "or":
                raise QueryError("OR needs a term on both sides", tok.pos, _TERM_HINT)
            pos = tok.pos if tok else len(self.text)
            raise QueryError("expected a search term", pos, _TERM_HINT)
        node = and_all(children)
        assert node is not None
        return node

    def unary(self) -> Node:
        tok = self.peek()
        assert tok is not None
        if tok.kind in ("not", "lparen"):
            self.depth += 1
            if self.depth > MAX_NESTING:
                raise QueryError(
                    f"query nested more than {MAX_NESTING} deep", tok.pos, "remove some ( or -"
                )
            try:
                return self._unary(tok)
            finally:
                self.depth -= 1
        return self._unary(tok)

    def _unary(self, tok: _Token) -> Node:
        if tok.kind == "not":
            self.i += 1
            nxt = self.peek()
            if nxt is None or nxt.kind in ("or", "and", "rparen"):
                raise QueryError(f"nothing to exclude after {tok.value!r}", tok.pos, _TERM_HINT)
            return Not(self.unary())
        if tok.kind == "lparen":
            self.i += 1
            if (nxt := self.peek()) is not None and nxt.kind == "rparen":
                raise QueryError("empty parentheses", tok.pos, "put a term inside or remove them")
            node = self.or_expr()
            close = self.peek()
            if close is None or close.kind != "rparen":
                raise QueryError("unclosed '('", tok.pos, "add a ')'")
            self.i += 1
            return node
        self.i += 1
        return _leaf(tok)


def _leaf(tok: _Token) -> Node:
    if tok.kind not in ("word", "phrase"):
        raise QueryError(f"unexpected {tok.value!r}", tok.pos)
    value = tok.value.strip()
    if not value:
        raise QueryError("empty term", tok.pos, _TERM_HINT)
    if tok.field is None or tok.field in TEXT_FIELD_NAMES:
        if not re.search(r"\w", value):
            raise QueryError(f"nothing searchable in {value!r}", tok.pos, "use letters or digits")
        return Text(value, tok.field)
    if tok.field in DATE_FIELD_NAMES:
        return _date_term(DATE_FIELD_NAMES[tok.field], value, tok.pos)
    target = KEYWORD_FIELDS[tok.field]
    return Match(target, value)


def parse_query(text: str) -> Node | None:
    """Parse the query language; an empty query is ``None`` (match everything)."""
    return check_size(_Parser(text).parse())
