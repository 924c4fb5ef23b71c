"""The analysis rule table (index/data/analysis.toml), read and checked once.

Both executors take their rules from here: index/analysis.py and index/names.py
run them in Python, index/analysis_es.py writes them as Elasticsearch analysis
settings. The character mappings derived from Unicode (composition, diacritics)
are computed here too, so that both get the very same mapping.
"""

from __future__ import annotations

import re
import sys
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

#: A word is a run of letters and digits: Unicode general categories L and N, which is
#: exactly what Python's ``[^\W_]`` matches.
WORD = re.compile(r"[^\W_]+")

#: The syntax Python's ``re`` and ``java.util.regex`` read alike: literal characters,
#: ``\uXXXX``, ``\1``-``\9``, ``.``, anchors, alternation, groups, lookarounds, greedy or
#: lazy quantifiers and character classes of literals, ranges and ``\uXXXX``.
_ESCAPE = r"\\u[0-9A-Fa-f]{4}"
_CLASS = rf"\[\^?(?:{_ESCAPE}|[^\\\[\]&])+\]"
_QUANTIFIABLE = rf"{_ESCAPE}|\\[1-9]|{_CLASS}|\)|\.|[^\\\[\](){{}}*+?|^$.]"
_PLACE = r"\((?:\?(?::|=|!|<=|<!))?|[|^$]"  # group openings, alternation, anchors
_QUANTIFIER = r"(?:[*+?]|\{\d+(?:,\d*)?\})\??"
_COMMON_PATTERN = re.compile(rf"(?:(?:{_QUANTIFIABLE})(?:{_QUANTIFIER})?|{_PLACE})+")
_COMMON_REPLACEMENT = re.compile(r"(?:\$[1-9]|[^\\$])*")
#: Lucene refuses a term over this many bytes of UTF-8 (three at most per UTF-16 unit).
_LONGEST_TERM = 32766


class TableError(ValueError):
    """The rule table is malformed: named key, what is expected."""


@dataclass(frozen=True)
class Rule:
    """One ordered regular-expression replacement, applied to every match in a word."""

    name: str
    pattern: str
    replacement: str  # ``$1`` for a group

    def python_replacement(self) -> str:
        return re.sub(r"\$([1-9])", r"\\g<\1>", self.replacement)


@dataclass(frozen=True)
class Table:
    max_length: int
    normalise: dict[str, str]
    spelling: frozenset[str]
    compose_blocks: tuple[tuple[int, int], ...]
    keep_whole: str
    snowball: tuple[str, ...]
    overrides: dict[str, str]
    letters: dict[str, str]
    strip_blocks: tuple[tuple[int, int], ...]
    silent: str
    rules: tuple[Rule, ...]

    @property
    def silent_rule(self) -> Rule:
        """The silent signs, dropped unless the word has nothing else."""
        signs = "[" + self.silent + "]"
        others = "[^" + self.silent + "]"
        # A run of signs after another letter, or before one: begun by a sign (see the
        # table's note on the patterns' form).
        after, before = f"(?<={others}{signs}){signs}*", f"{signs}*(?={others})"
        return Rule("silent", f"{signs}(?:{after}|{before})", "")


def check_pattern(pattern: str, where: str) -> str:
    """The pattern, if both regex engines read it alike; else :class:`TableError`."""
    if not _COMMON_PATTERN.fullmatch(pattern):
        raise TableError(f"{where}: {pattern!r} leaves the syntax Python and Java share")
    try:
        re.compile(pattern)
    except re.error as exc:
        raise TableError(f"{where}: {pattern!r} is not a regular expression: {exc}") from None
    return pattern


def check_replacement(replacement: str, where: str) -> str:
    if not _COMMON_REPLACEMENT.fullmatch(replacement):
        raise TableError(f"{where}: {replacement!r} must be literal text with $1 for a group")
    return replacement


def _strings(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise TableError(f"{where}: expected a table of strings")
    return dict(value)


def _characters(value: Any, where: str) -> dict[str, str]:
    mapping = _strings(value, where)
    for key, target in mapping.items():
        if len(key) != 1 or not WORD.fullmatch(key) or not WORD.fullmatch(target):
            raise TableError(f"{where}: {key!r} = {target!r}: letters to letters, one by one")
    return mapping


def _blocks(value: Any, where: str) -> tuple[tuple[int, int], ...]:
    if not isinstance(value, list) or not all(
        isinstance(b, list) and len(b) == 2 and all(isinstance(n, int) for n in b) for b in value
    ):
        raise TableError(f"{where}: expected a list of [first, last] code points")
    return tuple((first, last) for first, last in value)


def parse(text: str, source: str) -> Table:
    """The table in ``text`` (TOML), checked; errors name ``source`` and the key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TableError(f"{source}: {exc}") from None
    try:
        normalise, stem, fold = data["normalise"], data["stem"], data["fold"]
        rules = tuple(
            Rule(
                name=str(rule["name"]),
                pattern=check_pattern(rule["pattern"], f"{source}: fold.rules.{rule['name']}"),
                replacement=check_replacement(
                    rule["replacement"], f"{source}: fold.rules.{rule['name']}"
                ),
            )
            for rule in fold["rules"]
        )
        silent = str(fold["silent"])
        if not silent or not WORD.fullmatch(silent):
            raise TableError(f"{source}: fold.silent: expected letters")
        max_length = data["words"]["max_length"]
        if not isinstance(max_length, int) or not 0 < max_length <= _LONGEST_TERM // 3:
            raise TableError(
                f"{source}: words.max_length: a number of characters up to {_LONGEST_TERM // 3}"
            )
        table = Table(
            max_length=max_length,
            normalise=_strings(normalise["characters"], f"{source}: normalise.characters"),
            spelling=frozenset(normalise.get("spelling", [])),
            compose_blocks=_blocks(normalise["compose_blocks"], f"{source}: normalise"),
            keep_whole=check_pattern(stem["keep_whole"], f"{source}: stem.keep_whole"),
            snowball=tuple(str(name) for name in stem["snowball"]),
            overrides=_strings(stem.get("overrides", {}), f"{source}: stem.overrides"),
            letters=_characters(fold["letters"], f"{source}: fold.letters"),
            strip_blocks=_blocks(fold["strip_blocks"], f"{source}: fold.strip_blocks"),
            silent=silent,
            rules=rules,
        )
    except KeyError as exc:
        raise TableError(f"{source}: missing key {exc}") from None
    if any(len(k) != 1 or len(v) != 1 for k, v in table.normalise.items()):
        raise TableError(f"{source}: normalise.characters: one character to one character")
    if not table.spelling <= table.normalise.keys():
        raise TableError(f"{source}: normalise.spelling: characters of normalise.characters")
    return table


def normalising(*, written: bool = False) -> dict[str, str]:
    """The normalisation: every character of the table's, or those an exact term keeps
    too (``written``: case, not spelling)."""
    rules = table()
    return {k: v for k, v in rules.normalise.items() if not (written and k in rules.spelling)}


@cache
def table() -> Table:
    """The project's table (index/data/analysis.toml)."""
    text = resources.files("index").joinpath("data", "analysis.toml").read_text("utf-8")
    return parse(text, "index/data/analysis.toml")


def _code_points(blocks: tuple[tuple[int, int], ...]) -> list[str]:
    return [chr(cp) for first, last in blocks for cp in range(first, last + 1)]


def _without_marks(char: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))


@cache
def fold_letters() -> dict[str, str]:
    """Lower-case letter -> plain Latin: the table's letters, then the letters of the strip
    blocks without their diacritics. Lower-case letters to lower-case letters only: the
    mapping must never move a word boundary, nor need lower-casing after it
    (Elasticsearch maps before it cuts words and lower-cases them)."""
    rules = table()
    mapping = dict(rules.letters)
    for char in _code_points(rules.strip_blocks):
        if char in mapping or char in rules.silent or char in rules.normalise:
            continue
        if char != char.lower() or not WORD.fullmatch(char):
            continue
        plain = _without_marks(char)
        if plain != char and plain == plain.lower() and WORD.fullmatch(plain):
            mapping[char] = plain
    return mapping


@cache
def upper_case_variants(mapping: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Every character whose lower case is a key of the mapping -> that key's value: the
    mapping as it must run before lower-casing."""
    keys = dict(mapping)
    out: dict[str, str] = {}
    for cp in range(sys.maxunicode + 1):
        char = chr(cp)
        lower = char.lower()
        if lower != char and lower in keys and char not in keys:
            out[char] = keys[lower]
    return out


@cache
def replacements(*, written: bool = False) -> dict[str, str]:
    """Character -> what NFC writes instead (Greek oxia -> tonos, CJK compatibility
    ideographs, Devanagari qa -> ka + nukta ...), then normalised (``written``: as an exact
    term is): the part of NFC that needs no context, for every script."""
    normalise = normalising(written=written)
    out: dict[str, str] = {}
    for cp in range(sys.maxunicode + 1):
        char = chr(cp)
        if 0xD800 <= cp <= 0xDFFF:
            continue
        composed = unicodedata.normalize("NFC", char)
        if composed != char:
            out[char] = "".join(normalise.get(c, c) for c in composed)
    return out


@cache
def compositions(*, written: bool = False) -> dict[str, str]:
    """Decomposed spelling -> composed letter (then normalised; ``written``: as an exact term
    is), for the compose blocks: what NFC does to them, as a plain mapping."""
    rules = table()
    normalise = normalising(written=written)
    out: dict[str, str] = {}
    for char in _code_points(rules.compose_blocks):
        decomposed = unicodedata.normalize("NFD", char)
        if decomposed == char:
            continue
        target = normalise.get(char, char)
        base, marks = decomposed[0], decomposed[1:]
        # Every partly composed spelling too (u + ¨ + ´, ü + ´ -> ǘ).
        for i in range(len(marks)):
            head = unicodedata.normalize("NFC", base + marks[:i])
            spelling = head + marks[i:]
            if unicodedata.normalize("NFC", spelling) == char and spelling != char:
                out[spelling] = target
    return out
