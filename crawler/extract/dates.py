"""Dates as the region's news pages print them, read into aware datetimes.

Russian, Kazakh, Kyrgyz, Uzbek (Latin and Cyrillic), Tajik and English month
names in any case or abbreviation; day-first, year-first ("2025 жылғы 23
қараша", "2025-yil 23-noyabr") and month-first ("July 3, 2024") orders;
numeric stamps; ISO 8601. A date printed without an offset is read in the
outlet's time zone; relative forms ("сегодня, 14:05", "вчера", "3 hours ago",
"28 ноября" without a year) are resolved against the time the page was
fetched. Pure functions: a string in, a datetime or None out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo

# Month names by the longest stem every inflected form starts with.
_MONTH_STEMS: dict[int, tuple[str, ...]] = {
    1: ("январ", "қаңтар", "yanvar", "january", "үчтүн"),
    2: ("феврал", "ақпан", "fevral", "february", "бирдин"),
    3: ("март", "наурыз", "mart", "march", "жалган"),
    4: ("апрел", "сәуір", "aprel", "april", "чын куран"),
    5: ("мамыр", "бугу"),
    6: ("июн", "маусым", "iyun", "june", "кулжа"),
    7: ("июл", "шілде", "iyul", "july", "теке"),
    8: ("август", "тамыз", "avgust", "august", "баш оона"),
    9: ("сентябр", "қыркүйек", "sentabr", "sentyabr", "september", "аяк оона"),
    10: ("октябр", "қазан", "oktabr", "oktyabr", "october", "тогуздун"),
    11: ("ноябр", "қараша", "noyabr", "november", "жетинин"),
    12: ("декабр", "желтоқсан", "dekabr", "december", "бештин"),
}
# Short forms and May, which must match whole (not as the start of another word).
_MONTH_WORDS: dict[str, int] = {
    **dict.fromkeys(("янв", "jan"), 1),
    **dict.fromkeys(("фев", "feb"), 2),
    **dict.fromkeys(("мар", "mar"), 3),
    **dict.fromkeys(("апр", "apr"), 4),
    **dict.fromkeys(("май", "мая", "мае", "маю", "маем", "may", "mayda", "майда"), 5),
    **dict.fromkeys(("jun",), 6),
    **dict.fromkeys(("jul",), 7),
    **dict.fromkeys(("авг", "aug"), 8),
    **dict.fromkeys(("сен", "сент", "sep", "sept"), 9),
    **dict.fromkeys(("окт", "oct"), 10),
    **dict.fromkeys(("ноя", "нояб", "nov"), 11),
    **dict.fromkeys(("дек", "dec"), 12),
}

_MONTH = r"(?P<month>(?:баш |аяк |чын )?[^\W\d_]{3,})\.?"
_TIME = re.compile(
    r"(?<![\d:.])(?P<H>[01]?\d|2[0-3])[:.](?P<M>[0-5]\d)(?::(?P<S>[0-5]\d))?(?![\d:])"
    r"(?:\s*(?P<ampm>[ap]\.?m\.?)(?!\w))?",
    re.IGNORECASE,
)
_ISO = re.compile(
    r"(?<!\d)(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)"
    r"(?:[T ](?P<H>\d\d):(?P<M>\d\d)(?::(?P<S>\d\d)(?:[.,]\d+)?)?"
    r"\s*(?P<tz>Z|[+-]\d\d(?::?\d\d)?)?)?(?![\d-])"
)
_PATTERNS: tuple[re.Pattern[str], ...] = (
    _ISO,
    # 07.01.2026, 7/1/2026
    re.compile(r"(?<![\d.])(?P<d>\d{1,2})(?P<sep>[./])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})(?!\d)"),
    # 2026.01.07, 2026/01/07
    re.compile(r"(?<!\d)(?P<y>\d{4})[./](?P<m>\d{1,2})[./](?P<d>\d{1,2})(?![\d.])"),
    # 2025 жылғы 23 қараша, 2025-yil 23-noyabr, 2025-жылдын 23-ноябрында
    re.compile(
        r"(?<!\d)(?P<y>\d{4})(?:\s*-?\s*(?:yil\w*|йил\w*|жыл\w*|ж\.|г\.|года|сол)|,)?\s+"
        r"(?P<d>\d{1,2})\s*-?\s*" + _MONTH,
        re.IGNORECASE,
    ),
    # 23 Ноябрь 2025, 28 ноября 2026 года, 23-noyabr, 2025-yil, 04 Июл 2025
    re.compile(
        r"(?<![\d.])(?P<d>\d{1,2})\s*-?\s*" + _MONTH + r",?\s+(?P<y>\d{4})(?!\d)",
        re.IGNORECASE,
    ),
    # July 3, 2024; Nov. 28, 2026
    re.compile(r"\b(?P<month>[A-Za-z]{3,9})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})"),
    # 28 ноября (the year is the fetch year, or the one before)
    re.compile(r"(?<![\d.])(?P<d>\d{1,2})\s*-?\s*" + _MONTH, re.IGNORECASE),
    re.compile(r"\b(?P<month>[A-Za-z]{3,9})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?\b"),
)

_DAYS_BACK: dict[str, int] = {
    **dict.fromkeys(("сегодня", "бүгін", "бүгүн", "bugun", "бугун", "имрӯз", "today"), 0),
    **dict.fromkeys(("вчера", "кеше", "кечээ", "kecha", "кеча", "дирӯз", "yesterday"), 1),
    **dict.fromkeys(("позавчера",), 2),
}
_DAY_WORD = re.compile(r"(?<!\w)(" + "|".join(_DAYS_BACK) + r")(?!\w)", re.IGNORECASE)
_UNITS: tuple[tuple[str, timedelta], ...] = (
    (r"сек|second|soniya|секунд|секунд", timedelta(seconds=1)),
    (r"мин|minut|minute|мүнөт|daqiqa|дақиқа", timedelta(minutes=1)),
    (r"час|сағат|саат|hour|soat|соат", timedelta(hours=1)),
    (r"дн|день|дня|күн|day|kun|кун|рӯз", timedelta(days=1)),
    (r"недел|апта|hafta|week", timedelta(weeks=1)),
)
_AGO = re.compile(
    r"(?P<n>\d{1,3})\s*(?P<unit>[^\W\d_]+)\.?\s+"
    r"(?:назад|бұрын|мурун|oldin|олдин|ago|пеш)(?!\w)",
    re.IGNORECASE,
)
_OFFSET_NAMED = re.compile(r"\b(?:GMT|UTC)\s*(?P<sign>[+-])\s*(?P<h>\d{1,2})(?::?(?P<m>\d\d))?")
_EARLIEST_YEAR = 1991
_DATED = 6  # _PATTERNS before this one print a year
_TRAILING_OFFSET = re.compile(r"\s*(?P<tz>Z|[+-]\d\d:?\d\d)(?![\d:])")


@dataclass(frozen=True)
class Reading:
    """A date read from text, and how much of it the text said."""

    value: datetime
    has_time: bool
    has_offset: bool
    start: int = 0  # where in the text it was found


def month_number(word: str) -> int | None:
    """The month an inflected or abbreviated month name stands for, in any of our languages."""
    w = word.lower().strip(".")
    if w in _MONTH_WORDS:
        return _MONTH_WORDS[w]
    for number, stems in _MONTH_STEMS.items():
        if any(w.startswith(stem) for stem in stems):
            return number
    return None


def _offset(text: str) -> tzinfo | None:
    if text in ("Z", "z"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + (int(digits[2:4]) if len(digits) > 2 else 0)
    return timezone(sign * timedelta(minutes=minutes))


def _year_for(month: int, day: int, now: datetime | None, tz: tzinfo) -> int | None:
    """A date printed without a year is the latest such day not after the fetch."""
    if now is None:
        return None
    local = now.astimezone(tz)
    year = local.year
    if (month, day) > (local.month, local.day):
        year -= 1
    return year


def _hour(match: re.Match[str]) -> int:
    hour = int(match["H"])
    ampm = (match["ampm"] or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    if ampm == "am" and hour == 12:
        hour = 0
    return hour


def _time_near(text: str, start: int, end: int) -> re.Match[str] | None:
    """A clock time printed right before or after a date ("15:00, 23 Ноябрь 2025")."""

    def apart(gap: str) -> bool:  # other figures in between: not this date's time
        return bool(re.search(r"\d", _OFFSET_NAMED.sub("", gap)))

    after = _TIME.search(text, end, min(len(text), end + 16))
    if after and not apart(text[end : after.start()]):
        return after
    for before in _TIME.finditer(text, max(0, start - 24), start):
        if not apart(text[before.end() : start]):
            return before
    return None


def _reading(match: re.Match[str], text: str, tz: tzinfo, now: datetime | None) -> Reading | None:
    groups = match.groupdict()
    month = int(groups["m"]) if groups.get("m") else month_number(groups.get("month") or "")
    if month is None:
        return None
    day = int(match["d"])
    if groups.get("sep") == "/" and month > 12 >= day:  # 7/23/2024: month first
        day, month = month, day
    year = int(groups["y"]) if groups.get("y") else _year_for(month, day, now, tz)
    if year is None or not _EARLIEST_YEAR <= year <= 2100:
        return None
    zone: tzinfo | None = _offset(groups["tz"]) if groups.get("tz") else None
    if groups.get("H") is not None:
        hour, minute, second = int(match["H"]), int(match["M"]), int(match["S"] or 0)
        has_time = True
    elif clock := _time_near(text, match.start(), match.end()):
        hour, minute, second = _hour(clock), int(clock["M"]), int(clock["S"] or 0)
        has_time = True
        if trailing := _TRAILING_OFFSET.match(text, clock.end()):
            zone = _offset(trailing["tz"])
    else:
        hour = minute = second = 0
        has_time = False
    if zone is None and (named := _OFFSET_NAMED.search(text)):
        sign = "-" if named["sign"] == "-" else "+"
        zone = _offset(f"{sign}{int(named['h']):02d}{named['m'] or '00'}")
    try:
        value = datetime(year, month, day, hour, minute, second, tzinfo=zone or tz)
    except ValueError:
        return None
    return Reading(value, has_time, zone is not None, match.start())


def _relative(text: str, tz: tzinfo, now: datetime) -> Reading | None:
    local = now.astimezone(tz)
    if m := _AGO.search(text):
        unit = m["unit"].lower()
        for stems, step in _UNITS:
            if re.match(stems, unit):
                return Reading(local - int(m["n"]) * step, step < timedelta(days=1), False, 0)
    for m in _DAY_WORD.finditer(text):
        if m.start() > 0 and m[1][0].isupper() and m[1].isascii():
            continue  # "Kazakhstan Today": a name, not a day
        day = local - timedelta(days=_DAYS_BACK[m[1].lower()])
        clock = _TIME.search(text)
        hour, minute = (_hour(clock), int(clock["M"])) if clock else (0, 0)
        value = datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)
        return Reading(value, clock is not None, False, m.start())
    return None


def read_date(text: str | None, tz: tzinfo, now: datetime | None = None) -> Reading | None:
    """The first date a short text prints (a dateline, a meta value, a <time>), or None.

    Relative forms need ``now`` (the fetch time); without it they are not dates.
    """
    if not text:
        return None
    value = " ".join(text.replace("\u00a0", " ").split())
    found: list[Reading] = []
    for pattern in _PATTERNS[:_DATED]:
        for match in pattern.finditer(value):
            if (reading := _reading(match, value, tz, now)) is not None:
                found.append(reading)
                break
    if found:  # the first date printed, when several are
        return min(found, key=lambda r: r.start)
    if now is None:
        return None
    if (relative := _relative(value, tz, now)) is not None:
        return relative
    for pattern in _PATTERNS[_DATED:]:
        for match in pattern.finditer(value):
            if (reading := _reading(match, value, tz, now)) is not None:
                return reading
    return None


def parse_date(text: str | None, tz: tzinfo, now: datetime | None = None) -> datetime | None:
    """Read one date as a page prints it; None when it is not a date."""
    reading = read_date(text, tz, now)
    return reading.value if reading else None


_URL_DATE = re.compile(
    r"/(?P<y>(?:19|20)\d\d)[/-]?(?P<m>0[1-9]|1[0-2])[/-]?(?P<d>0[1-9]|[12]\d|3[01])(?=[/_-]|\.html|$)"
)


def url_date(url: str, tz: tzinfo) -> datetime | None:
    """The day an article URL carries (/2024/07/03/, /2024-07-03/, /20240703/), at midnight."""
    for m in _URL_DATE.finditer(url):
        try:
            return datetime(int(m["y"]), int(m["m"]), int(m["d"]), tzinfo=tz)
        except ValueError:
            continue
    return None


def iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None
