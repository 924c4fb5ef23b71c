"""Dates as news pages print them, in Russian, Kazakh, Uzbek and English, to ISO 8601.

Pure functions. A date without an offset is read in the outlet's time zone;
relative words ("сегодня", "вчера", "today") are resolved against the time
the page was fetched.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, tzinfo

from dateutil import parser as dateutil_parser

# Stems of month names: Russian (all cases), Kazakh, Uzbek (Latin and Cyrillic), Kyrgyz, English.
_MONTH_STEMS: list[tuple[int, tuple[str, ...]]] = [
    (1, ("январ", "янв", "қаңтар", "yanvar", "январь", "үчтүн", "january", "jan")),
    (2, ("феврал", "фев", "ақпан", "fevral", "бирдин", "february", "feb")),
    (3, ("март", "мар", "наурыз", "mart", "жалган", "march", "mar")),
    (4, ("апрел", "апр", "сәуір", "aprel", "чын куран", "april", "apr")),
    (5, ("ма", "мамыр", "may", "бугу", "май")),
    (6, ("июн", "маусым", "iyun", "кулжа", "june", "jun")),
    (7, ("июл", "шілде", "iyul", "теке", "july", "jul")),
    (8, ("август", "авг", "тамыз", "avgust", "баш оона", "august", "aug")),
    (9, ("сентябр", "сен", "қыркүйек", "sentabr", "sentyabr", "аяк оона", "september", "sep")),
    (10, ("октябр", "окт", "қазан", "oktabr", "oktyabr", "тогуздун", "october", "oct")),
    (11, ("ноябр", "ноя", "қараша", "noyabr", "жетинин", "november", "nov")),
    (12, ("декабр", "дек", "желтоқсан", "dekabr", "бештин", "december", "dec")),
]

_TODAY = ("сегодня", "бүгін", "bugun", "бугун", "today")
_YESTERDAY = ("вчера", "кеше", "kecha", "кеча", "yesterday")

_NUMERIC = re.compile(
    r"(?P<d>\d{1,2})[./](?P<m>\d{1,2})[./](?P<y>\d{4})(?:[,\s|в-]+(?P<H>\d{1,2}):(?P<M>\d{2}))?"
)
_WORDY = re.compile(
    r"(?P<d>\d{1,2})\s+(?P<month>[^\W\d_]+(?:\s+оона|\s+куран)?)\.?,?\s+(?P<y>\d{4})"
    r"(?:\s*(?:г\.|года|год|жылы|ж\.|yil|йил)?)?(?:[,\s|в-]+(?P<H>\d{1,2}):(?P<M>\d{2}))?",
    re.IGNORECASE,
)
_MONTH_FIRST = re.compile(
    r"(?P<month>[A-Za-z]+)\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{4})(?:[,\s|at]+(?P<H>\d{1,2}):(?P<M>\d{2}))?",
    re.IGNORECASE,
)
_TIME_ONLY = re.compile(r"(?P<H>\d{1,2}):(?P<M>\d{2})")
_ISO_LIKE = re.compile(r"^\s*\d{4}-\d{2}-\d{2}")


def month_number(word: str) -> int | None:
    """The month a (possibly inflected or abbreviated) month name stands for."""
    w = word.lower().strip(".")
    if w in ("май", "мая", "мамыр", "may", "бугу"):
        return 5
    best: tuple[int, int] | None = None
    for number, stems in _MONTH_STEMS:
        for stem in stems:
            if number == 5 and stem == "ма":
                continue
            if w.startswith(stem) and (best is None or len(stem) > best[1]):
                best = (number, len(stem))
    return best[0] if best else None


def _localize(value: datetime, tz: tzinfo) -> datetime:
    return value.replace(tzinfo=tz) if value.tzinfo is None else value


def _build(y: int, m: int, d: int, hh: str | None, mm: str | None, tz: tzinfo) -> datetime | None:
    try:
        return datetime(y, m, d, int(hh or 0), int(mm or 0), tzinfo=tz)
    except ValueError:
        return None


def parse_date(text: str | None, tz: tzinfo, now: datetime | None = None) -> datetime | None:
    """Read one date as a page prints it; None when it is not a date."""
    if not text:
        return None
    value = " ".join(text.split())
    if not value:
        return None
    if _ISO_LIKE.match(value):
        try:
            return _localize(datetime.fromisoformat(value.replace("Z", "+00:00")), tz)
        except ValueError:
            try:
                return _localize(dateutil_parser.isoparse(value), tz)
            except (ValueError, OverflowError):
                pass
    lower = value.lower()
    if now is not None:
        for words, days in ((_TODAY, 0), (_YESTERDAY, 1)):
            if any(w in lower for w in words):
                t = _TIME_ONLY.search(lower)
                day = now.astimezone(tz) - timedelta(days=days)
                return _build(day.year, day.month, day.day, t and t["H"], t and t["M"], tz)
    if m := _NUMERIC.search(value):
        return _build(int(m["y"]), int(m["m"]), int(m["d"]), m["H"], m["M"], tz)
    for pattern in (_WORDY, _MONTH_FIRST):
        if m := pattern.search(value):
            month = month_number(m["month"])
            if month:
                hh, mm = m["H"], m["M"]
                if hh is None and (t := _TIME_ONLY.search(value[: m.start()])):
                    hh, mm = t["H"], t["M"]
                return _build(int(m["y"]), month, int(m["d"]), hh, mm, tz)
    try:
        parsed = dateutil_parser.parse(value, fuzzy=False)
    except (ValueError, OverflowError):
        return None
    return _localize(parsed, tz)


def iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None
