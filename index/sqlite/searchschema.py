"""The search index beside an SQLite archive: its fields, and a stored row as its document.

Matching, facets, date histograms and sorting are answered by a Tantivy
index in a directory beside the archive file; the SQLite file keeps the
documents and stays the source of truth (the index can always be rebuilt
from it). Every field here is derived from :class:`index.document.Document`
and from what index/analysis.py computes, so both change in one place:
``SCHEMA_KEY`` changes with them, and the store then rebuilds the index.

Texts are indexed as the words, stems and folded keys index/analysis.py
finds, joined by spaces and split again by a whitespace tokenizer: the index
holds exactly the Python executor's tokens. Phrases match word pairs: each
folded key joined to the next one (``nur_sultan``) is a token of its own,
with its position. A phrase is then a few pair terms a pair apart, which an
index reads far faster than the positions of every common word it holds.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sqlite3
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime
from itertools import pairwise
from typing import Any

import tantivy

from index.analysis import ANALYSIS_VERSION, fold, stem, words, written_words
from index.document import DATE_FIELDS, FACET_FIELDS, LIST_FIELDS, LOOKUP_FIELDS, TEXT_FIELDS

#: The analyzer that splits the words index/analysis.py already found (they hold no space).
TOKENIZER = "newsindex_words"
#: The SQLite rowid of the document: the key for updates and for reading hits back.
KEY = "rowid"
#: ``published`` as a sort key with the id as tie-break, one per direction, undated last.
SORT_ASC = "published_asc"
SORT_DESC = "published_desc"
#: ``published`` (UTC) as days since 1970-01-01 and as months since year 0: histogram buckets.
DAY = "published_day"
MONTH = "published_month"
#: Suffixes of the analysed forms of each text field (the exact words have none), and of
#: the folded keys' pairs, which phrases match.
STEMMED = "_stemmed"
FOLDED = "_folded"
PAIRS = "_pairs"
FORMS: tuple[str, ...] = ("", STEMMED, FOLDED, PAIRS)
#: Joins a pair's two folded keys: never in a key (keys are runs of letters and digits).
PAIR_JOINER = "_"
NORM = "_norm"
#: Bump when the way documents are indexed changes without the fields changing.
INDEX_FORMAT = 3  # 3: folded keys' pairs for phrases

_EPOCH = date(1970, 1, 1)
_TIE_BITS = 29
_SECONDS_LIMIT = 1 << (62 - _TIE_BITS)  # about +-270 years around 1970 keep their order


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field(KEY, indexed=True, fast=True)
    for name in TEXT_FIELDS:
        # Stems and folded keys are matched one word at a time; phrases match the words as
        # written (exact phrases) or the folded keys' pairs.
        builder.add_text_field(name, tokenizer_name=TOKENIZER, index_option="position")
        builder.add_text_field(name + STEMMED, tokenizer_name=TOKENIZER, index_option="freq")
        builder.add_text_field(name + FOLDED, tokenizer_name=TOKENIZER, index_option="freq")
        builder.add_text_field(name + PAIRS, tokenizer_name=TOKENIZER, index_option="position")
    for name in LOOKUP_FIELDS:
        if name in FACET_FIELDS:  # counted by value: a column of the values as written
            builder.add_text_field(name, tokenizer_name="raw", fast=True, index_option="basic")
        builder.add_text_field(name + NORM, tokenizer_name="raw", index_option="basic")
    for name in DATE_FIELDS:
        builder.add_date_field(name, indexed=True, fast=True)
    for name in (SORT_ASC, SORT_DESC, DAY, MONTH):
        builder.add_integer_field(name, fast=True)
    return builder.build()


def _schema_description() -> str:
    spec = {
        "format": INDEX_FORMAT,
        "analysis": ANALYSIS_VERSION,
        "text": TEXT_FIELDS,
        "lookup": LOOKUP_FIELDS,
        "facets": FACET_FIELDS,
        "dates": DATE_FIELDS,
    }
    return json.dumps(spec, sort_keys=True)


#: Names the index's make-up: when it differs from the one an index was built with, the
#: store rebuilds the index from the archive (``index migrate``).
SCHEMA_KEY = hashlib.sha256(_schema_description().encode()).hexdigest()[:16]


def analyzer() -> tantivy.TextAnalyzer:
    return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()


# --- the words of a text, as index/analysis.py finds them, a token at a time ---------


def word_pairs(folded: str) -> str:
    """Each folded key joined to the next (``a b c`` -> ``a_b b_c``): the pair at
    position i starts at word i, so a phrase is its pairs at their words' offsets."""
    return " ".join(map(PAIR_JOINER.join, pairwise(folded.split())))


Forms = tuple[str, str, str, str]


class _TokenForms(dict[str, Forms]):
    """Token -> its (words as written, stems, folded keys, pair part), computed once per
    distinct token: an exact term matches the words as written (ё kept apart from е),
    the others the normalised words' stems and folded keys. Each form is kept with a
    space after it (or empty), so a text's forms are its tokens' forms concatenated.

    The pair part of a token of keys ``a b`` is ``a a_b b_``: its first key ends the pair
    the token before began, its own pairs follow, its last key begins the next pair.
    A text's pair parts concatenated are then its pairs, but for the first key in front
    and the last key (and joiner) behind."""

    def __missing__(self, token: str) -> Forms:
        found = words(token)
        folds = list(map(fold, found))
        exact, stems, folded = (
            " ".join(column) + " " if column else ""
            for column in (written_words(token), list(map(stem, found)), folds)
        )
        pairs = word_pairs(folded)
        part = f"{folds[0]} {pairs + ' ' if pairs else ''}{folds[-1]}{PAIR_JOINER}" if folds else ""
        forms = (exact, stems, folded, part)
        if len(self) < 500_000:
            self[token] = forms
        return forms


_TOKEN_FORMS = _TokenForms()


def text_forms(text: str | None) -> Forms:
    """The words as written, stems, folded keys and folded keys' pairs of a text, each
    space-separated: what ``written_words``, ``stemmed``, ``folded`` and
    :func:`word_pairs` give, computed once per distinct whitespace-separated token.

    Words never span whitespace, and in a composed (NFC) text every step of ``words``
    (normalising, lower-casing) reads one character at a time, so the words of the
    tokens are the words of the text; other texts take the plain path.
    """
    if not text:
        return "", "", "", ""
    if not unicodedata.is_normalized("NFC", text):
        found = words(text)
        written = " ".join(written_words(text))
        folded = " ".join(map(fold, found))
        return written, " ".join(map(stem, found)), folded, word_pairs(folded)
    tokens = text.split()
    if not tokens:
        return "", "", "", ""
    # Each non-empty form ends with one space: joined, all but the last one separate words.
    # The pair parts joined lose their first key (up to the first space) and their last
    # (after the last space); a single key leaves no pair. (One tuple per form: zip.)
    forms = zip(*map(_TOKEN_FORMS.__getitem__, tokens), strict=True)
    exact, stems, folds, parts = map("".join, forms)
    return exact[:-1], stems[:-1], folds[:-1], parts[parts.find(" ") + 1 : max(parts.rfind(" "), 0)]


# --- a stored row as an index document ------------------------------------------------


@functools.lru_cache(maxsize=4096)
def instant(utc_text: str | None) -> datetime | None:
    """A ``<date>_utc`` column's value (``2024-03-05T06:00:00Z``) as an aware datetime."""
    return datetime.fromisoformat(utc_text) if utc_text else None


def id_rank(doc_id: str) -> int:
    """The first bits of the id in its byte order: ties of the date sort go by id."""
    return int.from_bytes(doc_id.encode("utf-8")[:4].ljust(4, b"\0"), "big") >> (32 - _TIE_BITS)


def sort_keys(published: datetime | None, doc_id: str) -> tuple[int, int]:
    """(ascending, descending) keys: by date, then by id, undated documents last either way."""
    tie = id_rank(doc_id)
    top = (1 << _TIE_BITS) - 1
    if published is None:
        return (_SECONDS_LIMIT << _TIE_BITS) | tie, -(_SECONDS_LIMIT << _TIE_BITS) - 1 - tie
    seconds = max(-_SECONDS_LIMIT + 1, min(_SECONDS_LIMIT - 1, int(published.timestamp())))
    return (seconds << _TIE_BITS) | tie, (seconds << _TIE_BITS) | (top - tie)


def day_number(when: datetime) -> int:
    return (when.date() - _EPOCH).days


def month_number(when: datetime) -> int:
    return when.year * 12 + when.month - 1


def _values(raw: Any, listed: bool) -> list[str]:
    """The distinct non-empty values of a keyword column (lists are stored as JSON; a
    document's own list, when the row is built from it, is taken as it is)."""
    if not listed:
        values = [raw]
    elif isinstance(raw, str | bytes):
        values = json.loads(raw) if raw else []
    else:
        values = list(raw or ())
    return list(dict.fromkeys(v for v in values if isinstance(v, str) and v))


#: Per text field, the index field of each of its forms; per keyword field, whether it
#: holds a list, whether it is counted by value, and its case-folded field; per date
#: field, its UTC column.
_TEXT = tuple((name, tuple(name + suffix for suffix in FORMS)) for name in TEXT_FIELDS)
_LOOKUP = tuple(
    (name, name in LIST_FIELDS, name in FACET_FIELDS, name + NORM) for name in LOOKUP_FIELDS
)
_DATES = tuple((name, f"{name}_utc") for name in DATE_FIELDS)


def search_document(row: sqlite3.Row | Mapping[str, Any]) -> tantivy.Document:
    """The index document of one ``documents`` row (with its ``rowid`` and ``*_utc`` columns)."""
    doc = tantivy.Document()
    doc.add_integer(KEY, row["rowid"])
    for name, fields in _TEXT:
        for field, form in zip(fields, text_forms(row[name]), strict=True):
            if form:
                doc.add_text(field, form)
    for name, listed, facet, norm in _LOOKUP:
        for value in _values(row[name], listed):
            if facet:
                doc.add_text(name, value)
            doc.add_text(norm, value.casefold())
    for name, column in _DATES:
        when = instant(row[column])
        if when is not None:
            doc.add_date(name, when)
    published = instant(row["published_utc"])
    ascending, descending = sort_keys(published, row["id"])
    doc.add_integer(SORT_ASC, ascending)
    doc.add_integer(SORT_DESC, descending)
    if published is not None:
        doc.add_integer(DAY, day_number(published))
        doc.add_integer(MONTH, month_number(published))
    return doc
