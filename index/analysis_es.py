"""The Elasticsearch analyzers, generated from the rule table (index/data/analysis.toml).

The same rules index/analysis.py runs in Python, written as ``settings.analysis``
of an index from stock analysis-common components only, so that any
Elasticsearch (the stock image has the module; the minimal test node gets it
from tests/es-analysis-plugin) analyses text as the SQLite store does:

- one ``mapping`` char filter per analyzer: what NFC does (characters it
  replaces, letters typed decomposed) and the normalisation (ё -> е, but for
  the words as written, which an exact term matches) before anything else;
  for the folded analyzer also the letters of every script in plain Latin
  (letters to letters, so word boundaries do not move). The maps are composed
  here (index/charmaps.py): one pass over the text instead of two or three;
- a ``pattern`` tokenizer cutting runs of letters and digits, as Python's
  ``[^\\W_]+`` does (the standard tokenizer's word boundaries differ: it keeps
  ``don't``, ``U.S`` and ``16,5`` whole, splits ideographs, emits emoji);
- ``lowercase``; for the stemmed analyzer ``keyword_marker`` (words holding a
  letter Russian lacks stay whole), ``stemmer_override`` and ``snowball``
  Russian then English (each leaves the other's alphabet alone); for the
  folded analyzer one ``pattern_replace`` per variant rule, in order;
- ``length`` last: a token longer than the table's ``max_length`` is left out
  (Lucene refuses a term over 32,766 bytes).

No script is needed (the ``condition`` filter's painless is not there).
Tokens come out as Python's: tests/test_analysis_parity.py compares them.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

from index.analysis_table import (
    Rule,
    compositions,
    fold_letters,
    normalising,
    replacements,
    table,
    upper_case_variants,
)
from index.charmaps import CharMap, compose, then_each

PREFIX = "newsindex"
Kind = Literal["written", "words", "stemmed", "folded"]
#: The analyzer of each kind of field: the text's words as written (what an exact term
#: matches), its words, their stems, their name keys.
ANALYZERS: dict[Kind, str] = {
    "written": f"{PREFIX}_written",
    "words": f"{PREFIX}_words",
    "stemmed": f"{PREFIX}_stemmed",
    "folded": f"{PREFIX}_folded",
}
#: Python's ``[^\W_]+`` (Unicode categories L and N) in java.util.regex.
WORD_PATTERN = r"[\p{L}\p{N}]+"


def analyzer(kind: Kind) -> str:
    """The analyzer name for a field (or subfield) of this kind, at index and search time."""
    return ANALYZERS[kind]


@cache
def normalising_chars(*, written: bool = False) -> CharMap:
    """What NFC and the normalisation write, as one map (``written``: as an exact term is)."""
    return compose(
        replacements(written=written),
        {**compositions(written=written), **normalising(written=written)},
    )


@cache
def folding_chars() -> CharMap:
    """The normalisation, then every letter in plain Latin (before lower-casing: upper-case
    letters too), as one map."""
    letters = fold_letters()
    return then_each(
        normalising_chars(), {**letters, **upper_case_variants(tuple(letters.items()))}
    )


def _mapping(pairs: CharMap) -> dict[str, Any]:
    return {"type": "mapping", "mappings": [f"{key} => {value}" for key, value in pairs.items()]}


def _replace(rule: Rule) -> dict[str, Any]:
    return {
        "type": "pattern_replace",
        "pattern": rule.pattern,
        "replacement": rule.replacement,
        "all": True,
    }


def analysis_settings() -> dict[str, Any]:
    """``settings.analysis`` of an index: char filters, tokenizer, filters, analyzers."""
    rules = table()
    fold_filters = {f"{PREFIX}_fold_{rule.name}": _replace(rule) for rule in rules.rules}
    silent = {f"{PREFIX}_fold_silent": _replace(rules.silent_rule)}
    stem_filters: dict[str, dict[str, Any]] = {
        f"{PREFIX}_keep_whole": {"type": "keyword_marker", "keywords_pattern": rules.keep_whole},
    }
    if rules.overrides:
        stem_filters[f"{PREFIX}_stem_overrides"] = {
            "type": "stemmer_override",
            "rules": [f"{word} => {stem}" for word, stem in rules.overrides.items()],
        }
    stem_filters.update(
        {
            f"{PREFIX}_snowball_{language.lower()}": {"type": "snowball", "language": language}
            for language in rules.snowball
        }
    )
    guard = {f"{PREFIX}_max_length": {"type": "length", "max": rules.max_length}}
    words = {
        "type": "custom",
        "char_filter": [f"{PREFIX}_normalise"],
        "tokenizer": f"{PREFIX}_words",
        "filter": ["lowercase", *guard],
    }
    return {
        "char_filter": {
            f"{PREFIX}_normalise": _mapping(normalising_chars()),
            f"{PREFIX}_normalise_written": _mapping(normalising_chars(written=True)),
            f"{PREFIX}_normalise_fold": _mapping(folding_chars()),
        },
        "tokenizer": {f"{PREFIX}_words": {"type": "pattern", "pattern": WORD_PATTERN, "group": 0}},
        "filter": {**stem_filters, **silent, **fold_filters, **guard},
        "analyzer": {
            ANALYZERS["written"]: {
                **words,
                "char_filter": [f"{PREFIX}_normalise_written"],
            },
            ANALYZERS["words"]: words,
            ANALYZERS["stemmed"]: {**words, "filter": ["lowercase", *stem_filters, *guard]},
            ANALYZERS["folded"]: {
                **words,
                "char_filter": [f"{PREFIX}_normalise_fold"],
                "filter": ["lowercase", *silent, *fold_filters, *guard],
            },
        },
    }
