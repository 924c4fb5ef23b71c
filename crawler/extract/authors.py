"""Author names, gathered from metadata and bylines and cleaned of what is not a person.

A byline may hold several people ("X and Y", "X, Y"), a role ("наш
корреспондент"), an e-mail, a date, a city or the outlet itself; only the
people's names are kept. Signatures at the end of an article ("— Алина
Есеналина", "Ruslan Loginov, Astana") are read by :func:`signature_names`,
which the caller applies to the last paragraphs only: anywhere else a short
line of capitalised words is as likely a sub-heading.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from crawler.extract.dates import month_number
from crawler.extract.sources import KNOWN_SOURCES

# Byline labels in English, Russian, Kazakh, Kyrgyz, Uzbek and Tajik.
_LABEL = (
    r"original author|authors?|written by|text and photos?|text by|story by|reporting by|by|"
    r"text|автор текста|авторы материала|авторы|автор|текст и фото|фото и текст|текст|"
    r"материал подготовил[аи]?|подготовил[аи]?|"
    r"мәтінді дайындаған|автордың аты|мәтін|"
    r"mualliflar|муаллифлар|muallif|муаллиф|тайёрлади|tayyorladi"
)
BYLINE_RE = re.compile(
    rf"^\s*(?:{_LABEL})(?:\s*[:—–-]\s*|\s+(?=\w))(?P<names>[^\n]{{3,160}})$",
    re.IGNORECASE,
)
# What follows these labels is not by the author: photos, editing, sources.
_NOT_AUTHOR_PART = re.compile(
    r"[;|.]?\s*(?:editing by|edited by|photo|photos|фото|сурет|foto|видео|video|"
    r"источник|source|манба)\b.*$",
    re.IGNORECASE,
)
_SIGNATURE_RE = re.compile(r"^\s*[—–-]\s*(?P<names>[^\n]{3,80})$|^(?P<bare>[^\n]{3,80})$")
_SIGNATURE_TAIL = re.compile(
    r"\s*(?:\([^()]{2,40}\)|\s+(?:специально для|для|for|exclusively for|arnaýy)\s+.+)$",
    re.IGNORECASE,
)

# Words that mark a role, a desk or an account, never a person.
_ROLES = {
    "staff",
    "writer",
    "reporter",
    "correspondent",
    "editor",
    "editors",
    "editorial",
    "newsroom",
    "desk",
    "team",
    "admin",
    "administrator",
    "guest",
    "unknown",
    "anonymous",
    "press",
    "service",
    "редакция",
    "редакции",
    "редактор",
    "администратор",
    "админ",
    "корреспондент",
    "пресс-служба",
    "обозреватель",
    "редакциясы",
    "тілші",
    "tilshi",
    "muxbir",
    "muxbiri",
    "мухбир",
    "мухбири",
    "кабарчы",
    "таҳририят",
    "tahririyat",
    "agency",
    "агентство",
    "news",
    "новости",
}
_AGENCIES = {"reuters", "afp", "ap", "tass", "ria", "sputnik", "xinhua", "anadolu", "ria novosti"}
_WEEKDAYS = re.compile(
    r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*$|^(?:понедельник|вторник|среда|четверг|"
    r"пятница|суббота|воскресенье)$",
    re.IGNORECASE,
)
# Lower-case particles inside names (Kazakh, Kyrgyz and Uzbek patronymics, Dutch, Arabic).
_PARTICLES = {
    "de",
    "da",
    "van",
    "von",
    "der",
    "al",
    "bin",
    "ibn",
    "оглы",
    "кызы",
    "улы",
    "қызы",
    "ұлы",
    "uly",
    "kyzy",
    "qizi",
    "o'g'li",
    "oʻgʻli",
}
_SPLIT = re.compile(
    r"\s*(?:,|;|\||/|\band\b|\bи\b|\bжәне\b|\bжана\b|\bva\b|\bва\b|&)\s*", re.IGNORECASE
)
_EMAIL = re.compile(r"\S+@\S+")
_URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+")
_WORD_START = re.compile(r"^[^\W\d_]")


def _norm(name: str) -> str:
    return re.sub(r"\W+", "", name.casefold())


def _outlet_forms(outlet_names: Iterable[str]) -> set[str]:
    """An outlet as bylines print it: "Orda.kz", "Orda", "orda-kz", "ORDA KZ"."""
    forms: set[str] = set()
    for name in outlet_names:
        if not name:
            continue
        forms.add(_norm(name))
        forms.add(
            _norm(re.sub(r"(?:[.-](?:kz|kg|uz|tj|tm|com|org|net|media|news|info))+$", "", name))
        )
    forms |= {_norm(a) for aliases in KNOWN_SOURCES.values() for a in aliases}
    forms |= _AGENCIES
    return {f for f in forms if f}


def _tidy(name: str) -> str:
    value = _URL.sub(" ", _EMAIL.sub(" ", name))
    value = re.sub(r"\(\s*\)|\[\s*\]", " ", value)
    value = re.split(r"\d", value, maxsplit=1)[0]  # "Alina Yesenalina 23.11.2025"
    value = " ".join(value.split()).strip(" .,;:-–—|()[]«»\"'")
    words = value.split()
    while words and (month_number(words[-1]) or _WEEKDAYS.match(words[-1].strip(","))):
        words.pop()
    while words and words[0].islower() and words[0] not in _PARTICLES:
        words.pop(0)  # "наш корреспондент Иван Петров"
    value = " ".join(words)
    return value.title() if value.isupper() and len(value) > 3 else value


def clean_author(name: str, outlet_names: Iterable[str] = ()) -> str | None:
    """A person's name, or None for outlets, roles ('Staff'), e-mails, dates and URLs."""
    value = _tidy(re.sub(r"^\s*(?:by|автор|author)\s+", "", name, flags=re.IGNORECASE))
    words = value.split()
    if not words or len(value) > 60 or not 1 <= len(words) <= 5:
        return None
    if any(w.casefold().strip(".,") in _ROLES for w in words):
        return None
    if _norm(value) in _outlet_forms(outlet_names):
        return None
    if not all(_WORD_START.match(w) for w in words):
        return None
    if not all(w[0].isupper() or w.casefold() in _PARTICLES for w in words):
        return None
    return value


def clean_authors(names: Iterable[str], outlet_names: Iterable[str] = ()) -> list[str]:
    """Split joined bylines, drop non-people, keep the first spelling of each name.

    A one-word part beside full names in the same byline is a city or a desk
    ("Ruslan Loginov, Astana") and is dropped.
    """
    outlets = list(outlet_names)
    out: list[str] = []
    seen: set[str] = set()
    for raw in names:
        text = _NOT_AUTHOR_PART.sub("", _URL.sub(" ", _EMAIL.sub(" ", raw or "")))
        parts = [clean_author(p, outlets) for p in _SPLIT.split(text)]
        found = [p for p in parts if p]
        if any(" " in p for p in found):
            found = [p for p in found if " " in p]
        for name in found:
            if name.casefold() not in seen:
                seen.add(name.casefold())
                out.append(name)
    return out


def byline_names(line: str) -> list[str] | None:
    """The names of a byline paragraph ("Original Author: X"), or None if it is not one.

    A line that starts like a byline but names nobody ("By the end of the
    year, ...") is not one.
    """
    m = BYLINE_RE.match(line)
    if not m:
        return None
    names = clean_authors([m["names"]])
    return names or None


def signature_names(line: str, outlet_names: Iterable[str] = ()) -> list[str] | None:
    """The names of an end-of-article signature ("— Алина Есеналина", "Ruslan Loginov,
    Astana"), or None. Only for the last lines of an article."""
    if (found := byline_names(line)) is not None:
        return found
    m = _SIGNATURE_RE.match(line.strip())
    if not m:
        return None
    text = m["names"] or m["bare"]
    if re.search(r"[!?…:]$", text.strip()):
        return None  # a sentence or a heading, not a signature
    text = _SIGNATURE_TAIL.sub("", text.strip().rstrip("."))
    names = clean_authors([text], outlet_names)
    if not names or not all(2 <= len(n.split()) <= 4 for n in names):
        return None
    return names
