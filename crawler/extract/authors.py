"""Author names: gathered from metadata and bylines, cleaned of what is not a person."""

from __future__ import annotations

import re
from collections.abc import Iterable

# Bylines printed in the text, in English, Russian and Kazakh.
BYLINE_RE = re.compile(
    r"^\s*(?:original author|author|authors|by|written by|text|автор|авторы|текст|"
    r"автор текста|материал подготовил[аи]?|авторы материала|автордың аты|мәтін)\s*[:—–-]?\s*"
    r"(?P<names>[^\n:]{3,120})$",
    re.IGNORECASE,
)

_NOT_PEOPLE = {
    "staff",
    "admin",
    "administrator",
    "editor",
    "editorial",
    "editors",
    "newsroom",
    "redaktsiya",
    "редакция",
    "редактор",
    "администратор",
    "админ",
    "корреспондент",
    "пресс-служба",
    "tilshi",
    "тілші",
    "редакциясы",
    "unknown",
    "guest",
    "reuters",
    "afp",
    "ap",
    "tass",
}
_SPLIT = re.compile(r"\s*(?:,|;|\band\b|\bи\b|\bжәне\b|&)\s*", re.IGNORECASE)
_EMAIL = re.compile(r"\S+@\S+")
_HAS_DIGIT = re.compile(r"\d")


def clean_author(name: str, outlet_names: Iterable[str] = ()) -> str | None:
    """A person's name, or None for outlet names, 'Staff', e-mails, dates and URLs."""
    value = " ".join(_EMAIL.sub(" ", name).split()).strip(" .,;:-–—|")
    value = re.sub(r"^(?:by|автор|author)\s+", "", value, flags=re.IGNORECASE)
    if not value or len(value) > 60 or _HAS_DIGIT.search(value) or "/" in value:
        return None
    if value.lower() in _NOT_PEOPLE:
        return None
    outlets = {o.lower() for o in outlet_names if o}
    if value.lower() in outlets or any(o in value.lower() for o in outlets if len(o) > 4):
        return None
    words = value.split()
    if not 1 <= len(words) <= 5 or not all(w[0].isalpha() for w in words):
        return None
    if len(words) == 1 and not value[0].isupper():
        return None
    return value


def clean_authors(names: Iterable[str], outlet_names: Iterable[str] = ()) -> list[str]:
    """Split joined bylines, drop non-people, keep the first spelling of each name."""
    outlets = list(outlet_names)
    out: list[str] = []
    seen: set[str] = set()
    for raw in names:
        for part in _SPLIT.split(raw or ""):
            name = clean_author(part, outlets)
            if name and name.casefold() not in seen:
                seen.add(name.casefold())
                out.append(name)
    return out


def byline_names(line: str) -> list[str] | None:
    """The names of a byline paragraph ("Original Author: X"), or None if it is not one."""
    m = BYLINE_RE.match(line)
    if not m:
        return None
    return [p for p in _SPLIT.split(m["names"]) if p.strip()]
