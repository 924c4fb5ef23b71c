"""Outlets and organisations an article quotes as its sources ("..., Orda.kz reports").

A name counts only where the sentence cites it: next to a citing phrase
("according to Adil Soz", "told CPJ", "сообщает КазТАГ", "по данным Бюро
национальной статистики", "Kazinform хабарлайды"), not wherever it is
mentioned. Names our users follow come out under one spelling whatever the
language of the text; other organisations are kept as written when they look
like one (an acronym, a domain, a word such as Ministry or Бюро), so that a
person quoted ("according to Gulnoza Said") is not taken for a source.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# Outlets and organisations our users track, under one name; spellings as texts write them.
KNOWN_SOURCES: dict[str, tuple[str, ...]] = {
    "Orda.kz": ("Orda.kz", "Орда.кз", "Orda", "Орда"),
    "KazTAG": ("KazTAG", "КазТАГ"),
    "Radio Azattyq": ("Radio Azattyq", "Azattyq", "Азаттык", "Азаттық", "Азаттыка"),
    "CPJ": ("CPJ", "Committee to Protect Journalists", "Комитет защиты журналистов"),
    "Adil Soz": ("Adil Soz", "Әділ сөз", "Адил Соз", "Адил сөз"),
    "Kazinform": ("Kazinform", "Казинформ", "Қазинформ"),
    "Vlast.kz": ("Vlast.kz", "Власть"),
    "Tengrinews": ("Tengrinews", "Тенгриньюс"),
    "24.kg": ("24.kg",),
    "Kaktus.media": ("Kaktus.media", "Kaktus"),
    "AKIpress": ("AKIpress", "АКИpress"),
    "Kun.uz": ("Kun.uz",),
    "Gazeta.uz": ("Gazeta.uz",),
    "Asia-Plus": ("Asia-Plus", "Азия-Плюс", "Азия Плюс"),
    "Interfax": ("Interfax", "Интерфакс"),
    "TASS": ("TASS", "ТАСС"),
    "RIA Novosti": ("RIA Novosti", "РИА Новости"),
    "Reuters": ("Reuters", "Рейтер"),
    "RFE/RL": ("RFE/RL", "Radio Free Europe", "Радио Свобода"),
    "Human Rights Watch": ("Human Rights Watch", "HRW"),
    "Reporters Without Borders": ("Reporters Without Borders", "RSF", "Репортеры без границ"),
}

# What a cited name looks like: a known spelling (any case ending), a «quoted» name,
# or capitalised words and acronyms; Russian organisation names run on in lower case
# ("Бюро национальной статистики").
_CAP = r"(?:[A-ZА-ЯЁӘҒҚҢӨҰҮҺІЎҲ][\w.&'’/-]*|\d+\.[a-z]{2,})"
_RU_TAIL = r"(?:[ \t]+[а-яёәғқңөұүһі]+(?:ой|ого|ых|их|ей|ии|ики|ства|ения|ции|ти|ра|ля))"
_NAME = (
    rf"(?:«[^»\n]{{2,60}}»|\"[^\"\n]{{2,60}}\"|{_CAP}(?:[ \t]+(?:of|for|the|and|on|de)[ \t]+"
    rf"{_CAP}|[ \t]+{_CAP}|{_RU_TAIL}){{0,4}})"
)
# Phrases that cite the name after them, and phrases that follow the name they cite.
_BEFORE = (
    r"according to(?: the)?|told(?: the)?|reports|reported|citing(?: the)?|cited by|"
    r"quoted by|reported by|as reported by|in an interview with|said in a statement to|"
    r"сообщает|сообщают|сообщил[аио]?|сообщили в|по данным|по информации|по сведениям|"
    r"как пишет|пишет|передает|передаёт|со ссылкой на|заявили в|рассказал[аи]? изданию|"
    r"в интервью"
)
_AFTER = (
    r"reports?|reported|said|says|wrote|writes|has learned|learned|"
    r"сообщает|сообщил[аио]?|сообщили|пишет|передает|передаёт|выяснил[аио]?|"
    r"хабарлайды|хабарлады|мәліметінше|дерегінше|тілшісінің|"
    r"кабарлайт|кабарлады|маалыматы боюнча|"
    r"xabar beradi|xabariga koʻra|maʼlumotiga koʻra|хабар беради|маълумотига кўра"
)
_CUE_BEFORE = re.compile(rf"(?<![\w-])(?i:{_BEFORE})[ \t]+")
_CUE_AFTER = re.compile(rf"(?:{_AFTER})(?!\w)")
_NAME_AT = re.compile(_NAME)
_NAME_BEFORE = re.compile(rf"(?P<name>{_NAME})$")
_REACH = 100  # characters a cited name may span

_ORGANISATION_WORDS = re.compile(
    r"\b(?:ministry|committee|bureau|agency|service|office|fund|foundation|bank|court|"
    r"institute|university|council|union|watch|organi[sz]ation|association|department|"
    r"news|times|post|radio|tv|press|media|reporters|cent(?:er|re)|commission|police|"
    r"prosecutor|government|parliament|akimat)\b|"
    r"(?:министерств|минздрав|минфин|мвд|кнб|бюро|комитет|агентств|служб|фонд|банк|суд|"
    r"институт|университет|совет|союз|департамент|управлени|акимат|прокуратур|полици|"
    r"правительств|ведомств|министрлі|агенттігі|комитеті|vazirlig|agentlig|министрлиг)",
    re.IGNORECASE,
)
_ACRONYM = re.compile(r"^[A-ZА-ЯЁ]{2,}(?:[-/][A-ZА-ЯЁ]+)?$")
_CASE_ENDING = r"(?:а|у|ом|е|ы|и|ой|ом|ға|ге|қа|ке|ның|нің|тың|тің|дың|дің)?"


def _alias_patterns() -> list[tuple[re.Pattern[str], str]]:
    patterns = []
    for canonical, aliases in KNOWN_SOURCES.items():
        for alias in sorted(aliases, key=len, reverse=True):
            ending = _CASE_ENDING if re.search("[а-яё]$", alias, re.IGNORECASE) else ""
            pattern = re.compile(rf"^[«\"]?{re.escape(alias)}{ending}[»\"]?$", re.IGNORECASE)
            patterns.append((pattern, canonical))
    return patterns


_ALIASES = _alias_patterns()


def _known(name: str) -> str | None:
    """The one name of a tracked source, if the cited words are one of its spellings."""
    for pattern, canonical in _ALIASES:
        if pattern.match(name):
            return canonical
    return None


def _organisation(name: str) -> str | None:
    """A cited name kept as written when it looks like an organisation, not a person."""
    value = re.sub(r"^the\s+", "", name.strip('«»" '), flags=re.IGNORECASE)
    words = value.split()
    if not words or len(value) > 80:
        return None
    looks_like = (
        name.startswith(("«", '"'))
        or _ACRONYM.match(words[0]) is not None
        or re.search(r"\w\.(?:kz|kg|uz|tj|tm|com|org|net|media|news|ru)\b", value) is not None
        or _ORGANISATION_WORDS.search(value) is not None
    )
    return value if looks_like else None


def _candidates(name: str) -> list[str]:
    """The cited words, and their shorter starts ("CPJ CPJ" -> "CPJ", "Orda.kz The" -> ...)."""
    words = name.split()
    return [" ".join(words[:n]) for n in range(len(words), 0, -1)]


def _cited_names(text: str) -> list[tuple[int, str]]:
    """(position, words) of every name next to a citing phrase."""
    found: list[tuple[int, str]] = []
    for cue in _CUE_BEFORE.finditer(text):
        if m := _NAME_AT.match(text, cue.end()):
            found.append((m.start(), m.group()))
    for end in _after_cues(text):
        start = max(0, end - _REACH)
        if m := _NAME_BEFORE.search(text[start:end]):
            found.append((start + m.start(), m["name"]))
    return found


def _after_cues(text: str) -> Iterator[int]:
    """Where each citing phrase that follows a name begins, with the spaces and comma
    before it ("Orda.kz, reports": the name ends before the comma). The phrase is found
    first and the separator walked back over: a pattern led by optional spaces would be
    tried at every position of the text."""
    for cue in _CUE_AFTER.finditer(text):
        at = cue.start()
        while at > 0 and text[at - 1] in " \t":
            at -= 1
        if at > 0 and text[at - 1] == ",":
            at -= 1
            while at > 0 and text[at - 1] in " \t":
                at -= 1
        yield at


def cited_sources(text: str, own_names: tuple[str, ...] = ()) -> list[str]:
    """Outlets and organisations the article quotes as sources, in order of first citation."""
    own = {n.casefold() for n in own_names if n}
    first: dict[str, int] = {}
    for position, words in _cited_names(text):
        raw = words.rstrip(".,;:")
        name = next((k for c in _candidates(raw) if (k := _known(c))), None) or _organisation(raw)
        if name and name.casefold() not in own:
            first[name] = min(first.get(name, position), position)
    return sorted(first, key=lambda n: first[n])
