"""One folding key per word, so that the spellings of a name meet across scripts.

Central Asian names reach the archive in Russian, Kazakh, Kyrgyz, Tajik and
Uzbek Cyrillic, in the Kazakh Latin alphabet of 2021, in Uzbek and Turkmen
Latin and in English transliterations old and new: Токаев, Тоқаев, Tokayev,
Toqayev and Tokaev are one man. :func:`name_key` writes each of them the same
way, by the ``[fold]`` rules of index/data/analysis.toml, in two steps:

1. every letter to plain Latin (Cyrillic by one table for all five languages,
   Latin letters with diacritics by their usual digraph: ş -> sh, ž -> zh,
   other diacritics dropped), the silent signs (ъ, ь, ʻ) dropped;
2. the variant rules, in order: j as y in Slavic Latin family names
   (Mirzijojev), yo as e (Mirziyoyev), a final -ow/-ew as -ov/-ev, the
   sounds transliterations disagree on to one letter each (zh/j/dzh -> j,
   kh/h/x -> x, q -> k, y -> i, ...), doubled consonants once (Kassym), the
   y-glide between vowels (Tokayev), and the case and gender endings of
   -ov/-ev/-in family names (Токаева, Tokayeva).

The key is not meant to be read; names that differ in form (Alma-Ata and
Almaty, Nur-Sultan and Astana) are the gazetteer's job, not the key's.
Elasticsearch runs the same rules (index/analysis_es.py). Pure functions of
one lower-case word.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from index.analysis_table import fold_letters, table

_TABLE = table()


def _letter_table() -> dict[int, str]:
    """str.translate's table: each lower-case letter to plain Latin, ё through its е."""
    letters = fold_letters()
    out = {ord(char): latin for char, latin in letters.items()}
    for char, normal in _TABLE.normalise.items():
        out[ord(char)] = letters.get(normal, normal)
    return out


def _replacer(pattern: str, replacement: str) -> Callable[[str], str]:
    if pattern.isalpha():  # a literal: str.replace does what re.sub would, faster
        return lambda text: text.replace(pattern, replacement)
    compiled = re.compile(pattern)

    def replace(text: str) -> str:
        return compiled.sub(replacement, text)

    return replace


_LETTERS = _letter_table()
_SILENT = _replacer(_TABLE.silent_rule.pattern, _TABLE.silent_rule.python_replacement())
_RULES = tuple(_replacer(rule.pattern, rule.python_replacement()) for rule in _TABLE.rules)


def to_latin(word: str) -> str:
    """A lower-case word in plain Latin letters, whatever script it was written in."""
    return _SILENT(word.translate(_LETTERS))


def name_key(word: str) -> str:
    """The folding key of one lower-case word: ``Тоқаевым``, ``Toqayev`` -> ``tokaev``."""
    text = to_latin(word)
    for rule in _RULES:
        text = rule(text)
    return text
