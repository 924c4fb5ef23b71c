"""Highlighted snippets, computed from the query's words the way the stores match them.

Both stores match stems and folded forms computed in Python (index/analysis.py),
which their own highlighters cannot see; so both call this function, and a
hit shows the same snippet on either store.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from index.analysis import WORD, fold, stem, word_spans, words
from index.document import Document
from index.gazetteer import expand_names
from index.query import And, Node, Or, Text

MARK = ("<mark>", "</mark>")
FRAGMENT_CHARS = 160
#: The field a snippet comes from: the first of these with a match.
SNIPPET_FIELDS = ("body", "lead", "title")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Terms:
    """What to mark in one field: single words (by stem or fold) and phrases (folded)."""

    stems: frozenset[str]
    folds: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]


def _positive_texts(node: Node | None) -> list[Text]:
    if isinstance(node, Text):
        return [node]
    if isinstance(node, And | Or):
        return [t for child in node.children for t in _positive_texts(child)]
    return []  # Not, filters: nothing to mark


def query_terms(node: Node | None, field: str) -> Terms:
    stems: set[str] = set()
    folds: set[str] = set()
    phrases: list[tuple[str, ...]] = []
    for text in _positive_texts(expand_names(node) if node is not None else None):
        if text.field not in (None, field):
            continue
        terms = words(text.text)
        if len(terms) == 1:
            stems.add(stem(terms[0]))
            folds.add(fold(terms[0]))
        elif terms:
            phrases.append(tuple(map(fold, terms)))
    return Terms(frozenset(stems), frozenset(folds), tuple(phrases))


def marked_spans(text: str, terms: Terms) -> list[tuple[int, int]]:
    """(start, end) of every matching word or phrase in the text, in order."""
    if not terms.phrases:
        return _marked_words(text, terms)
    spans = list(word_spans(text))
    folded = [fold(w) for _, _, w in spans]
    marks: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        start, end, word = spans[i]
        phrase = next((p for p in terms.phrases if tuple(folded[i : i + len(p)]) == p), None)
        if phrase is not None:
            marks.append((start, spans[i + len(phrase) - 1][1]))
            i += len(phrase)
            continue
        if folded[i] in terms.folds or stem(word) in terms.stems:
            marks.append((start, end))
        i += 1
    return marks


def _marked_words(text: str, terms: Terms) -> list[tuple[int, int]]:
    """Single words only: test each distinct word once, then find the matches by regex."""
    lowered = text.lower()
    if len(lowered) != len(text) or not unicodedata.is_normalized("NFC", text):
        return [(a, b) for a, b, w in word_spans(text) if _matches(w, terms)]
    hits = [w for w in set(WORD.findall(lowered)) if _matches(w, terms)]
    if not hits:
        return []
    pattern = re.compile(r"(?<![^\W_])(?:" + "|".join(map(re.escape, hits)) + r")(?![^\W_])")
    return [m.span() for m in pattern.finditer(lowered)]


def _matches(word: str, terms: Terms) -> bool:
    return fold(word) in terms.folds or stem(word) in terms.stems


def fragment(text: str, marks: list[tuple[int, int]], size: int = FRAGMENT_CHARS) -> str:
    """The window of about ``size`` characters holding the most marks, marked up."""
    best, best_count, j = 0, 0, 0
    for i, (start, _) in enumerate(marks):  # a sliding window: linear in the marks
        j = max(j, i)
        while j < len(marks) and marks[j][1] <= start + size:
            j += 1
        if j - i > best_count:
            best, best_count = i, j - i
    first = marks[best][0]
    lo = 0 if len(text) <= size else max(0, first - size // 4)
    while lo > 0 and not text[lo - 1].isspace():
        lo -= 1
    hi = min(len(text), lo + size)
    while hi < len(text) and not text[hi].isspace():
        hi += 1
    parts: list[str] = ["…" if lo > 0 else ""]
    pos = lo
    for start, end in marks:
        if start < lo or end > hi:
            continue
        parts += [text[pos:start], MARK[0], text[start:end], MARK[1]]
        pos = end
    parts += [text[pos:hi], "…" if hi < len(text) else ""]
    return _SPACE.sub(" ", "".join(parts))


def highlight(document: Document, query: Node | None) -> str | None:
    """A marked-up snippet from the first of body, lead and title that matches, else None."""
    if query is None:
        return None
    for field in SNIPPET_FIELDS:
        text = getattr(document, field)
        if not text:
            continue
        marks = marked_spans(text, query_terms(query, field))
        if marks:
            return fragment(text, marks)
    return None
