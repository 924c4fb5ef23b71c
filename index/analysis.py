"""Text analysis in Python, by the rule table index/data/analysis.toml.

The SQLite store indexes what these functions produce (``title_stemmed``,
``title_folded``, ... beside each text field), queries and highlights look up
the same functions' output, and Elasticsearch's analyzers are generated from
the same table (index/analysis_es.py): one definition, the same tokens
everywhere (tests/test_analysis_parity.py compares them word for word).

- ``words``: runs of letters and digits, composed (NFC), ё written е, lower-cased.
- ``stemmed``: each word reduced by Snowball, Russian then English (the Russian
  stemmer leaves Latin words alone, the English one Cyrillic words). Words
  with letters Russian lacks (Kazakh ә ғ қ ң ө ұ ү һ і, Uzbek ў, Tajik ӣ ӯ ҳ ҷ
  ...) are kept whole: no Snowball stemmer exists for those languages, and
  the Russian one would cut their endings wrongly.
- ``folded``: each word's name-folding key (index/names.py): case,
  diacritics, ё/е, script and the transliteration variants of names
  folded away, so Токаев, Тоқаев, Tokayev and Toqayev are one word.

Each of the three leaves out a token (word, stem or key) longer than the
table's ``max_length``, as Elasticsearch's ``length`` filter does last.

Changing what a function returns changes what is indexed: bump
``ANALYSIS_VERSION``, which makes both stores re-analyse their archive
(a new versioned Elasticsearch index, a rebuilt SQLite FTS table).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator

import Stemmer

from index.analysis_table import WORD as WORD
from index.analysis_table import normalising, table
from index.names import name_key

ANALYSIS_VERSION = 4

_TABLE = table()
#: Before lower-casing (ё -> е, and İ, Σ lower-cased one character at a time).
_NORMALISE = str.maketrans(_TABLE.normalise)
_NORMALISE_WRITTEN = str.maketrans(normalising(written=True))
_NEEDS_NORMALISING = re.compile("[" + "".join(_TABLE.normalise) + "]")
_KEEP_WHOLE = re.compile(_TABLE.keep_whole)
_STEMMERS = tuple(Stemmer.Stemmer(language.lower()) for language in _TABLE.snowball)
_LONGEST = _TABLE.max_length
#: A token this long fits whatever its characters (at most two UTF-16 units each).
_SURELY_FITS = _LONGEST // 2


class _Memo(dict[str, str]):
    """A cache for a pure word function: vocabularies are small, texts are long."""

    def __init__(self, function: Callable[[str], str]):
        super().__init__()
        self.function = function

    def __missing__(self, word: str) -> str:
        value = self.function(word)
        if len(self) < 500_000:
            self[word] = value
        return value


def _normalised(text: str) -> str:
    # A few characters, rare: one scan for them is cheaper than str.translate.
    return text.translate(_NORMALISE) if _NEEDS_NORMALISING.search(text) else text


def _stem_word(word: str) -> str:
    word = _normalised(word)
    if _KEEP_WHOLE.fullmatch(word):
        return word
    override = _TABLE.overrides.get(word)
    if override is not None:
        return override
    for stemmer in _STEMMERS:
        word = stemmer.stemWord(word)
    return str(word)


def fold_word(word: str) -> str:
    """One word's name-folding key: every script and transliteration of a name alike
    (``Тоқаев``, ``Toqayev``, ``Tokayev`` -> ``tokaev``; ``Türkiye`` -> ``turkie``)."""
    return name_key(word.lower())


_STEMS = _Memo(_stem_word)
_FOLDS = _Memo(fold_word)


def _normal(text: str) -> str:
    """The text as every analysis reads it: composed, normalised, lower-cased."""
    return _normalised(unicodedata.normalize("NFC", text)).lower()


def _fits(token: str) -> bool:
    """Whether a token is at most ``max_length`` UTF-16 units long, as Java measures it."""
    return len(token) <= _SURELY_FITS or len(token.encode("utf-16-le")) <= 2 * _LONGEST


def _within_length(tokens: list[str]) -> list[str]:
    if not tokens or max(map(len, tokens)) <= _SURELY_FITS:
        return tokens  # the usual text: nothing near the limit
    return [t for t in tokens if _fits(t)]


#: The words of the last few texts: the SQLite store asks for the stems, then the folded
#: forms, of each text field of a row, so each text is cut once instead of twice.
_RECENT: dict[str, list[str]] = {}


def _all_words(text: str) -> list[str]:
    """Every word of a text, however long (shared: never modify the list)."""
    found = _RECENT.get(text)
    if found is None:
        if len(_RECENT) >= 8:
            _RECENT.clear()
        found = _RECENT[text] = WORD.findall(_normal(text))
    return found


def words(text: str | None) -> list[str]:
    """The lower-case words of a text, in order."""
    if not text:
        return []
    return list(_within_length(_all_words(text)))


def as_written(text: str) -> str:
    """The text as an exact term (``--exact``) reads it: composed and lower-cased, but ё kept
    apart from е."""
    return unicodedata.normalize("NFC", text).translate(_NORMALISE_WRITTEN).lower()


def written_words(text: str) -> list[str]:
    """The lower-case words of a text as written: what an exact term matches."""
    return _within_length(WORD.findall(as_written(text)))


def word_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, lower-case word) of each word, for highlighting."""
    lowered = _normalised(text).lower()
    if len(lowered) == len(text) and unicodedata.is_normalized("NFC", text):
        # The usual text: offsets in the lower-cased copy are the text's own.
        for m in WORD.finditer(lowered):
            yield m.start(), m.end(), m.group()
        return
    for m in WORD.finditer(text):
        yield m.start(), m.end(), _normal(m.group())


def stem(word: str) -> str:
    """The stemmed form of one lower-case word."""
    return _STEMS[word]


def fold(word: str) -> str:
    """The folded form of one lower-case word."""
    return _FOLDS[word]


def stemmed(text: str | None) -> str:
    """What a ``*_stemmed`` column holds: the text's stems, space-separated."""
    if not text:
        return ""
    return " ".join(_within_length(list(map(_STEMS.__getitem__, _all_words(text)))))


def folded(text: str | None) -> str:
    """What a ``*_folded`` column holds: the text's folded words, space-separated."""
    if not text:
        return ""
    return " ".join(_within_length(list(map(_FOLDS.__getitem__, _all_words(text)))))
