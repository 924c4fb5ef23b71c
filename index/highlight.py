"""Highlighted snippets: the window of a field around the words a search matched.

Every store cuts its snippets with :func:`fragment`, so that a hit shows the
same snippet on either. What to mark comes from Elasticsearch's own
highlighter on that store (index/elasticsearch/highlight.py); for SQLite it
is computed here from the query's words, the way the SQLite store matches
them (stems and folded forms computed in Python, index/analysis.py), which
FTS5's own highlighter cannot see.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from index.analysis import WORD, as_written, fold, stem, word_spans, words, written_words
from index.document import Document
from index.gazetteer import expand_names
from index.query import And, Node, Or, Text

MARK = ("<mark>", "</mark>")
Span = tuple[int, int]
FRAGMENT_CHARS = 160
#: The field a snippet comes from: the first of these with a match.
SNIPPET_FIELDS = ("body", "lead", "title")
_SPACE = re.compile(r"\s+")
#: What lies between two words of a phrase: anything but letters and digits.
_SEPARATOR = r"[\W_]+"
_END = r"(?![^\W_])"


@dataclass(frozen=True)
class Terms:
    """What to mark in one field: single words (by stem or fold) and phrases (folded), and
    the words and phrases of exact terms (``--exact``) as written."""

    stems: frozenset[str]
    folds: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]
    written: frozenset[str] = frozenset()
    written_phrases: tuple[tuple[str, ...], ...] = ()


def positive_texts(node: Node | None) -> list[Text]:
    """The word tests a snippet marks: those a match needs or may use (not exclusions)."""
    if isinstance(node, Text):
        return [node]
    if isinstance(node, And | Or):
        return [t for child in node.children for t in positive_texts(child)]
    return []  # Not, filters: nothing to mark


def query_terms(node: Node | None, field: str) -> Terms:
    stems: set[str] = set()
    folds: set[str] = set()
    phrases: list[tuple[str, ...]] = []
    written: set[str] = set()
    written_phrases: list[tuple[str, ...]] = []
    for text in positive_texts(expand_names(node) if node is not None else None):
        if text.field not in (None, field):
            continue
        if text.exact:
            as_written = written_words(text.text)
            if len(as_written) == 1:
                written.add(as_written[0])
            elif as_written:
                written_phrases.append(tuple(as_written))
            continue
        terms = words(text.text)
        if len(terms) == 1:
            stems.add(stem(terms[0]))
            folds.add(fold(terms[0]))
        elif terms:
            phrases.append(tuple(map(fold, terms)))
    return Terms(
        frozenset(stems),
        frozenset(folds),
        tuple(phrases),
        frozenset(written),
        tuple(written_phrases),
    )


class Marker:
    """Finds one field's terms in texts, remembering its verdict on each token it meets.

    The hits of one search share most of their vocabulary, so a token (a run of
    non-space characters, as ``str.split`` cuts them) is analysed once per search;
    then ``str.find`` places the few matching words.
    """

    def __init__(self, terms: Terms):
        self.terms = terms
        self._parts = {part for phrase in terms.phrases for part in phrase}
        self._written_parts = {part for phrase in terms.written_phrases for part in phrase}
        #: token -> (its words that match alone, its words that are part of a phrase)
        self._words: dict[str, tuple[list[str], list[str]]] = {}
        self._relevant: set[str] = set()  # the tokens with either

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every matching word or phrase in the text, in order, phrases
        first: what ``marked_word_by_word`` defines, faster."""
        lowered = text.lower()
        if len(lowered) != len(text) or not unicodedata.is_normalized("NFC", text):
            return marked_word_by_word(text, self.terms)
        tokens = set(lowered.split())
        for token in tokens - self._words.keys():
            self._learn(token)
        alone: set[str] = set()
        in_phrases: dict[str, set[str]] = {}
        present: set[str] = set()  # the words of phrases as written
        for token in tokens & self._relevant:
            single, parts = self._words[token]
            alone.update(single)
            for word in parts:
                in_phrases.setdefault(fold(word), set()).add(word)
                present.add(word)
        phrases = [
            (in_phrases[phrase[0]], _phrase(_any_of(in_phrases[p]) for p in phrase))
            for phrase in self.terms.phrases
            if all(part in in_phrases for part in phrase)
        ] + [
            ({phrase[0]}, _phrase(map(re.escape, phrase)))
            for phrase in self.terms.written_phrases
            if all(part in present for part in phrase)
        ]
        starts = alone.union(*(first for first, _ in phrases))
        marks: list[tuple[int, int]] = []
        cursor = 0
        for start, word in sorted(_occurrences(lowered, starts)):
            if start < cursor:
                continue
            found = next((m for _, p in phrases if (m := p.match(lowered, start))), None)
            if found is not None:
                marks.append(found.span())
            elif word in alone:
                marks.append((start, start + len(word)))
            else:
                continue
            cursor = marks[-1][1]
        return marks

    def _learn(self, token: str) -> None:
        words_of = [token] if token.isalnum() else WORD.findall(token)
        single = [w for w in words_of if _matches(w, w, self.terms)]
        parts = [w for w in words_of if fold(w) in self._parts or w in self._written_parts]
        self._words[token] = (single, parts)
        if single or parts:
            self._relevant.add(token)


def _occurrences(text: str, words: set[str]) -> Iterator[tuple[int, str]]:
    """(start, word) of each whole-word occurrence of the words in a lower-cased text."""
    for word in words:
        start = text.find(word)
        while start >= 0:
            end = start + len(word)
            if (start == 0 or not text[start - 1].isalnum()) and (
                end == len(text) or not text[end].isalnum()
            ):
                yield start, word
            start = text.find(word, end)  # no whole word starts inside this one


def _any_of(words: Iterable[str]) -> str:
    return "(?:" + "|".join(map(re.escape, sorted(words))) + ")"


def _phrase(parts: Iterable[str]) -> re.Pattern[str]:
    return re.compile(_SEPARATOR.join(parts) + _END)


def marked_word_by_word(text: str, terms: Terms) -> list[tuple[int, int]]:
    """The reference definition, for texts whose lower-cased form has other offsets."""
    spans = list(word_spans(text))
    folded = [fold(w) for _, _, w in spans]
    written = [as_written(text[a:b]) for a, b, _ in spans]
    marks: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        start, end, word = spans[i]
        phrase = next((p for p in terms.phrases if tuple(folded[i : i + len(p)]) == p), None)
        if phrase is None:
            phrase = next(
                (p for p in terms.written_phrases if tuple(written[i : i + len(p)]) == p), None
            )
        if phrase is not None:
            marks.append((start, spans[i + len(phrase) - 1][1]))
            i += len(phrase)
            continue
        if _matches(word, written[i], terms):
            marks.append((start, end))
        i += 1
    return marks


def _matches(word: str, as_written: str, terms: Terms) -> bool:
    return as_written in terms.written or fold(word) in terms.folds or stem(word) in terms.stems


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


def first_snippet(document: Document, marks: Callable[[str, str], list[Span]]) -> str | None:
    """The snippet of the first of ``SNIPPET_FIELDS`` with marks (``marks(field, text)``)."""
    for field in SNIPPET_FIELDS:
        text = getattr(document, field)
        if text and (found := marks(field, text)):
            return fragment(text, found)
    return None


def highlighter(query: Node | None) -> Callable[[Document], str | None]:
    """The SQLite store's snippet function of one query: its terms worked out once for all
    the hits."""
    if query is None:
        return lambda document: None
    markers = {field: Marker(query_terms(query, field)) for field in SNIPPET_FIELDS}
    return lambda document: first_snippet(document, lambda f, text: markers[f].spans(text))
