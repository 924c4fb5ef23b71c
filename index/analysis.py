"""Text analysis done once, in Python, for both stores and for query terms.

Elasticsearch's language analyzers are missing from its minimal
distribution and SQLite has none, so the stores index what these
functions produce (``title_stemmed``, ``title_folded``, ... beside each
text field) and queries look up the same functions' output: one definition,
the same matches everywhere.

- ``stemmed``: lower-case words reduced by Snowball, chosen by script:
  Cyrillic words by the Russian stemmer, Latin words by the English one.
  Words with letters Russian lacks (Kazakh ә ғ қ ң ө ұ ү һ і, Uzbek ў,
  Tajik ӣ ӯ ҳ ҷ ...) are kept whole: no Snowball stemmer exists for those
  languages, and the Russian one would cut their endings wrongly.
- ``folded``: each word's name-folding key (index/names.py): case,
  diacritics, ё/е, script and the transliteration variants of names
  folded away, so Токаев, Тоқаев, Tokayev and Toqayev are one word.

Changing what a function returns changes what is indexed: bump
``ANALYSIS_VERSION``, which makes both stores re-analyse their archive
(a new versioned Elasticsearch index, a rebuilt SQLite FTS table).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator

import Stemmer

from index.names import name_key

ANALYSIS_VERSION = 2

#: Words as both engines' default tokenizers see them: runs of letters and digits.
WORD = re.compile(r"[^\W_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-zß-ÿ]")
#: Lower-case Cyrillic letters outside Russian's а-я and ё (Kazakh і is U+0456, ә U+04D9 ...).
_NON_RUSSIAN_CYRILLIC = re.compile(r"[\u0450\u0452-\u04ff]")


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


_RUSSIAN = Stemmer.Stemmer("russian")
_ENGLISH = Stemmer.Stemmer("english")


def _stem_word(word: str) -> str:
    if _CYRILLIC.search(word):
        if _NON_RUSSIAN_CYRILLIC.search(word):
            return word
        return str(_RUSSIAN.stemWord(word.replace("ё", "е")))
    if _LATIN.search(word):
        return str(_ENGLISH.stemWord(word))
    return word


def fold_word(word: str) -> str:
    """One word's name-folding key: every script and transliteration of a name alike
    (``Тоқаев``, ``Toqayev``, ``Tokayev`` -> ``tokaev``; ``Türkiye`` -> ``turkie``)."""
    return name_key(word.lower())


_STEMS = _Memo(_stem_word)
_FOLDS = _Memo(fold_word)


def words(text: str | None) -> list[str]:
    """The lower-case words of a text, in order."""
    if not text:
        return []
    return WORD.findall(unicodedata.normalize("NFC", text).lower())


def word_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, lower-case word) of each word, for highlighting."""
    lowered = text.lower()
    if len(lowered) == len(text) and unicodedata.is_normalized("NFC", text):
        # The usual text: offsets in the lower-cased copy are the text's own.
        for m in WORD.finditer(lowered):
            yield m.start(), m.end(), m.group()
        return
    for m in WORD.finditer(text):
        yield m.start(), m.end(), unicodedata.normalize("NFC", m.group()).lower()


def stem(word: str) -> str:
    """The stemmed form of one lower-case word."""
    return _STEMS[word]


def fold(word: str) -> str:
    """The folded form of one lower-case word."""
    return _FOLDS[word]


def stemmed(text: str | None) -> str:
    """What a ``*_stemmed`` field holds: the text's stems, space-separated."""
    return " ".join(map(_STEMS.__getitem__, words(text)))


def folded(text: str | None) -> str:
    """What a ``*_folded`` field holds: the text's folded words, space-separated."""
    return " ".join(map(_FOLDS.__getitem__, words(text)))


def analysed(texts: dict[str, str | None]) -> dict[str, str]:
    """The analysed fields of a document's text fields: ``title_stemmed``, ``title_folded`` ..."""
    out: dict[str, str] = {}
    for name, text in texts.items():
        found = words(text)
        out[f"{name}_stemmed"] = " ".join(map(_STEMS.__getitem__, found))
        out[f"{name}_folded"] = " ".join(map(_FOLDS.__getitem__, found))
    return out
