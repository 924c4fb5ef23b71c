"""What an article is about and where it comes from, read from its text (pure)."""

from __future__ import annotations

import re
from collections import Counter

from crawler.extract.sources import KNOWN_SOURCES, cited_sources
from index import gazetteer

__all__ = [
    "KNOWN_SOURCES",
    "cited_sources",
    "countries",
    "entities",
    "is_translation",
    "word_count",
]

# Disclaimers of translated pieces, in the region's languages.
TRANSLATION_RE = re.compile(
    r"this (?:is a|article is an?|piece is an?|text is an?) translat|"
    r"translated from (?:the )?(?:original )?(?:russian|kazakh|uzbek|kyrgyz|tajik)|"
    r"please refer to the original (?:piece|article|text)|"
    r"(?:read|see) the original (?:article |piece |text )?in (?:russian|kazakh|uzbek|kyrgyz)|"
    r"перевод (?:с|со) (?:казахского|английского|узбекского|кыргызского|киргизского|"
    r"таджикского|русского)|переведено (?:с|со) \w+ого|материал переведён|"
    r"(?:орыс|ағылшын|қазақ) тілінен аударыл|"
    r"(?:rus|ingliz|qozoq) tilidan tarjima|(?:рус|инглиз) тилидан таржима|"
    r"(?:орус|англис|казак) тилинен которул",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+(?:(?:[-.'ʻ’]|(?<=\d),(?=\d))\w+)*")


# Every disclaimer above holds one of these; checking them first spares the regex
# a walk over the whole page text (most pages are not translations).
_TRANSLATION_CUES = (
    "translat", "original", "перевод", "переведен", "переведён", "аударыл", "tarjima",
    "таржима", "которул",
)  # fmt: skip


def is_translation(text: str) -> bool:
    """Whether the page says it is a translation ("This is a translated piece", ...)."""
    lower = text.lower()
    for cue in _TRANSLATION_CUES:
        at = lower.find(cue)
        while at >= 0:
            if TRANSLATION_RE.search(lower, max(0, at - 60), at + 80):
                return True
            at = lower.find(cue, at + 1)
    return False


def word_count(text: str) -> int:
    """Words as readers count them: "Қасым-Жомарт", "oʻzbek", "Orda.kz" and "0,9" are one."""
    return len(_WORD.findall(text))


def countries(text: str, minimum: int = 1) -> list[str]:
    """ISO codes of countries the text is about, most mentioned first: the countries of the
    people and places it names (in any script or spelling) and of its demonyms."""
    counts = Counter(gazetteer.country_mentions(text))
    return [code for code, n in sorted(counts.items(), key=lambda c: (-c[1], c[0])) if n >= minimum]


def entities(text: str) -> list[str]:
    """The people, organisations and places the text names, by their gazetteer names, most
    mentioned first (then in order of first mention)."""
    counts = Counter(entity.name for entity in gazetteer.mentions(text))
    return [name for name, _ in counts.most_common()]
