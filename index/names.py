"""One folding key per word, so that the spellings of a name meet across scripts.

Central Asian names reach the archive in Russian, Kazakh, Kyrgyz, Tajik and
Uzbek Cyrillic, in the Kazakh Latin alphabet of 2021, in Uzbek and Turkmen
Latin and in English transliterations old and new: Токаев, Тоқаев, Tokayev,
Toqayev and Tokaev are one man. :func:`name_key` writes each of them the same
way, in three steps:

1. every letter to plain Latin (Cyrillic by one table for all five languages,
   Latin letters with diacritics by their usual digraph: ş -> sh, ž -> zh);
2. the sounds transliterations disagree on to one letter each: q/k -> k,
   gh/ğ/g -> g, zh/j/dzh/ж -> j, kh/h/x/х/ҳ/һ -> x, y/i/ы/і/й -> i,
   sh/ш/щ -> sh, ch/ч -> ch;
3. the variant patterns: doubled consonants once (Kassym), a y-glide between
   vowels or before a first e dropped (Tokayev, Yerlan), ё written as e or
   yo (Мирзиёев, Mirziyoyev), j as y in Slavic Latin family names
   (Mirzijojev), a final -ow/-ew as -ov/-ev (Berdimuhamedow), and the case
   and gender endings of -ov/-ev/-in family names (Токаева, Tokayeva).

What it keeps apart is as important: vowels and every other consonant stay
as they are (Tokayev is not Tokarev, Astana not Astara, Kazakh not Kazan).
The key is not meant to be read; names that differ in form (Alma-Ata and
Almaty, Nur-Sultan and Astana) are the gazetteer's job, not the key's.
Pure functions of one lower-case word.
"""

from __future__ import annotations

import re
import unicodedata

#: Cyrillic letters of Russian, Kazakh, Kyrgyz, Tajik, Uzbek (and Ukrainian) -> Latin.
CYRILLIC: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
    # Kazakh, Kyrgyz
    "ә": "a", "ғ": "gh", "қ": "q", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h",
    "і": "i",
    # Uzbek, Tajik
    "ў": "o", "ҳ": "h", "ҷ": "j", "ӣ": "i", "ӯ": "u", "ҫ": "s",
    # Ukrainian, Belarusian
    "є": "ye", "ї": "yi", "ґ": "g",
}  # fmt: skip

#: Latin letters whose diacritic stands for a digraph (Turkic, Slavic and Kazakh 2021 spellings).
LATIN: dict[str, str] = {
    "ş": "sh", "ș": "sh", "š": "sh", "ç": "ch", "č": "ch", "ž": "zh", "ğ": "gh",
    "ñ": "n", "ı": "i", "ä": "a", "ə": "a", "ö": "o", "ü": "u", "ū": "u", "ß": "ss",
    "ý": "y", "ň": "n",
}  # fmt: skip

#: Sounds transliterations write differently -> one letter each (longest first).
SOUNDS: dict[str, str] = {
    "shch": "sh", "dzh": "j", "zh": "j", "dj": "j", "kh": "x", "gh": "g",
    "sh": "sh", "ch": "ch", "h": "x", "q": "k", "y": "i",
}  # fmt: skip

_APOSTROPHES = dict.fromkeys(map(ord, "ʻʼʹʽ‘’'`"), None)
_SOUND = re.compile("|".join(sorted(SOUNDS, key=len, reverse=True)))
#: Mirzijojev, Tokajev: in a family name written the Slavic Latin way (-jev), j after a
#: vowel and before e or o is a y. Elsewhere j is ж, as in Uzbek and Kazakh Latin (Andijon).
_SLAVIC_LATIN = re.compile(r"[aeiouy]jev(?:a|u|i|s)?$")
_J_AS_Y = re.compile(r"(?<=[aeiouy])j(?=[eo])")
#: Mirziyoyev: yo inside a word is ё, which Russian writes as е.
_YO = re.compile(r"(?<=\w)yo")
#: Berdimuhamedow, Tokajew: German and Turkmen -w for -v.
_FINAL_W = re.compile(r"(?<=[eo])w$")
_DOUBLE_CONSONANT = re.compile(r"([b-df-hj-np-tv-z])\1+|(i)i+")
#: Tokaiev, Mirzioiev: the y between two vowels; Iesenalina: before a first e.
_GLIDE = re.compile(r"(?<=[aeiou])i(?=[aeiou])|^i(?=e)")
#: Токаева, Токаеву, Токаевым, Tokayeva: the case and gender endings of family names.
_FAMILY_NAME_ENDING = re.compile(r"(?<=\w{3}(?:ov|ev|in))(?:a|u|i|e|om|im|oi|ix|imi)$")


def to_latin(word: str) -> str:
    """A lower-case word in plain Latin letters, whatever script it was written in."""
    out: list[str] = []
    for char in word.translate(_APOSTROPHES):
        if char in CYRILLIC:
            out.append(CYRILLIC[char])
        elif char in LATIN:
            out.append(LATIN[char])
        else:
            decomposed = unicodedata.normalize("NFKD", char)
            out.append("".join(c for c in decomposed if not unicodedata.combining(c)))
    return "".join(out)


def name_key(word: str) -> str:
    """The folding key of one lower-case word: ``Тоқаевым``, ``Toqayev`` -> ``tokaev``."""
    text = to_latin(word)
    if _SLAVIC_LATIN.search(text):
        text = _J_AS_Y.sub("y", text)
    text = _FINAL_W.sub("v", _YO.sub("e", text))
    text = _SOUND.sub(lambda m: SOUNDS[m[0]], text)
    text = _DOUBLE_CONSONANT.sub(lambda m: m[1] or m[2], text)
    text = _GLIDE.sub("", text)
    text = _FAMILY_NAME_ENDING.sub("", text)
    return text or word
