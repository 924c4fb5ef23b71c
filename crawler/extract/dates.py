"""Dates as news pages print them, read into aware datetimes.

Month names of the EU's and Central Asia's languages (crawler/extract/months.py),
whole words in any case, inflection or abbreviation; day-first ("7. Juni
2020", "7 de junio de 2020", "1er juin"), year-first ("2025 жылғы 23 қараша",
"2025-yil 23-noyabr", "2020. június 7.") and month-first ("July 3, 2024",
ctime's "Sun Jun 7 14:03:22 2020") orders, after a weekday or not; numeric
stamps with four- or two-digit years; CJK dates; ISO 8601. A date printed
without an offset is read in the outlet's time zone; relative forms
("сегодня, 14:05", "вчера", "3 hours ago", "28 ноября" without a year) are
resolved against the time the page was fetched, and marked as inferred. Pure
functions: a string in, a datetime or None out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo

from crawler.extract.months import month_number, two_word_starts

__all__ = ["Reading", "iso", "month_number", "parse_date", "prints_day", "read_date", "url_date"]

_TWO_WORD = "|".join(re.escape(w) for w in two_word_starts())
_MONTH = rf"(?P<month>(?:(?:{_TWO_WORD})\s+)?[^\W\d_]{{3,}})\.?"
_ORDINAL = r"(?:st|nd|rd|th|er|º|ª)?\.?"  # 1st, 1er, 1º, "7." (German, Czech, Finnish ...)
_OF = r"(?:(?:de|del|of)\s+|d['’]\s*)?"  # 7 de junio, 7th of June, 7 d'abril
_YEAR_WORD = (
    r"(?:\.?\s*-?\s*(?:yil\w*|йил\w*|жыл\w*|ж\.|г\.|года|год|сол|gada|m\.|metų|yılı)|\.|,)?"
)
_TIME = re.compile(
    r"(?<![\d:.])(?P<H>[01]?\d|2[0-3])(?:[:.]|h(?=\d\d))(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d))?(?![\d:])"
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
    # 07.01.2026, 7/1/2026, 07-01-2026
    re.compile(r"(?<![\d.])(?P<d>\d{1,2})(?P<sep>[./-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4})(?!\d)"),
    # 2026.01.07, 2026/01/07, 2026. 1. 7.
    re.compile(r"(?<!\d)(?P<y>\d{4})[./]\s?(?P<m>\d{1,2})[./]\s?(?P<d>\d{1,2})(?!\d)"),
    # 2020年6月7日, 2020년 6월 7일
    re.compile(r"(?<!\d)(?P<y>\d{4})\s*[年년]\s*(?P<m>\d{1,2})\s*[月월]\s*(?P<d>\d{1,2})(?!\d)"),
    # 2025 жылғы 23 қараша, 2025-yil 23-noyabr, 2025-жылдын 23-ноябрында, 2020. gada 7. jūnijs
    re.compile(
        rf"(?<!\d)(?P<y>\d{{4}}){_YEAR_WORD}\s+(?P<d>\d{{1,2}})\.?\s*-?\s*{_MONTH}",
        re.IGNORECASE,
    ),
    # 2020. június 7., 2020 m. birželio 7 d.
    re.compile(
        rf"(?<!\d)(?P<y>\d{{4}}){_YEAR_WORD}\s*{_MONTH}\s+(?P<d>\d{{1,2}})(?!\d)",
        re.IGNORECASE,
    ),
    # 23 Ноябрь 2025, 28 ноября 2026 года, 23-noyabr, 2025-yil, 7. Juni 2020, 7 de junio de 2020
    re.compile(
        rf"(?<![\d.])(?P<d>\d{{1,2}}){_ORDINAL}\s*-?\s*{_OF}{_MONTH},?\s+{_OF}(?P<y>\d{{4}})(?!\d)",
        re.IGNORECASE,
    ),
    # July 3, 2024; Nov. 28, 2026; Sun Jun  7 14:03:22 2020 (ctime)
    re.compile(
        rf"(?<!\w){_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)"
        r"(?:\s+(?P<H>[01]?\d|2[0-3]):(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d))?)?,?\s+(?P<y>\d{4})(?!\d)",
        re.IGNORECASE,
    ),
    # 25.04.24, 25/04/24
    re.compile(
        r"(?<![\d.:/])(?P<d>\d{1,2})(?P<sep>[./-])(?P<m>\d{1,2})(?P=sep)(?P<yy>\d\d)(?!\d|[./-]\d)"
    ),
    # 28 ноября (the year is the fetch year, or the one before)
    re.compile(rf"(?<![\d.])(?P<d>\d{{1,2}}){_ORDINAL}\s*-?\s*{_OF}{_MONTH}", re.IGNORECASE),
    re.compile(rf"(?<!\w){_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)", re.IGNORECASE),
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
# Zone abbreviations printed after a time ("11:00 PM PST"), hours east of UTC.
_ZONE_HOURS: dict[str, float] = {
    "UTC": 0, "GMT": 0, "WET": 0, "BST": 1, "CET": 1, "WEST": 1, "CEST": 2, "EET": 2,
    "EEST": 3, "MSK": 3, "IST": 5.5, "ALMT": 5, "JST": 9, "KST": 9, "AEST": 10, "AEDT": 11,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
}  # fmt: skip
_ZONE_NAME = re.compile(r"(?<![\w+-])(" + "|".join(_ZONE_HOURS) + r")(?![\w+-])")
_EARLIEST_YEAR = 1991
_DATED = 9  # _PATTERNS before this one print a year
_TRAILING_OFFSET = re.compile(r"\s*(?P<tz>Z|[+-]\d\d:?\d\d)(?![\d:])")


@dataclass(frozen=True)
class Reading:
    """A date read from text, and how much of it the text said."""

    value: datetime
    has_time: bool
    has_offset: bool
    start: int = 0  # where in the text it was found
    inferred: bool = False  # the year or the day was worked out from the fetch time


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


def _month(groups: dict[str, str | None], lang: str | None) -> int | None:
    if groups.get("m"):
        return int(groups["m"] or 0)
    word = groups.get("month") or ""
    dated = bool(groups.get("y"))  # an abbreviation ("mar", "set") is a month next to a year
    month = month_number(word, lang, abbreviated=dated)
    if month is None and " " in word:  # "чын" is a month's first word, or a word before one
        month = month_number(word.split()[-1], lang, abbreviated=dated)
    return month


def _two_digit_year(yy: int, now: datetime | None) -> int:
    """25.04.24 is 2024; 12.03.98 is 1998 (a year more than a year ahead is the last century)."""
    latest = (now or datetime.now(UTC)).year + 1
    return 2000 + yy if 2000 + yy <= latest else 1900 + yy


def _named_zone(text: str) -> tzinfo | None:
    if named := _OFFSET_NAMED.search(text):
        sign = "-" if named["sign"] == "-" else "+"
        return _offset(f"{sign}{int(named['h']):02d}{named['m'] or '00'}")
    if abbreviation := _ZONE_NAME.search(text):
        return timezone(timedelta(hours=_ZONE_HOURS[abbreviation[1]]))
    return None


def _reading(
    match: re.Match[str], text: str, tz: tzinfo, now: datetime | None, lang: str | None = None
) -> Reading | None:
    groups = match.groupdict()
    month = _month(groups, lang)
    if month is None or not 1 <= month <= 12:
        return None
    day = int(match["d"])
    if groups.get("sep") == "/" and month > 12 >= day:  # 7/23/2024: month first
        day, month = month, day
    if groups.get("y"):
        year: int | None = int(match["y"])
    elif groups.get("yy"):
        year = _two_digit_year(int(match["yy"]), now)
    else:
        year = _year_for(month, day, now, tz)
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
    if zone is None:
        zone = _named_zone(text)
    try:
        value = datetime(year, month, day, hour, minute, second, tzinfo=zone or tz)
    except ValueError:
        return None
    yearless = not (groups.get("y") or groups.get("yy"))
    return Reading(value, has_time, zone is not None, match.start(), yearless)


def _relative(text: str, tz: tzinfo, now: datetime) -> Reading | None:
    local = now.astimezone(tz)
    if m := _AGO.search(text):
        unit = m["unit"].lower()
        for stems, step in _UNITS:
            if re.match(stems, unit):
                value = local - int(m["n"]) * step
                return Reading(value, step < timedelta(days=1), False, 0, inferred=True)
    for m in _DAY_WORD.finditer(text):
        if m.start() > 0 and m[1][0].isupper() and m[1].isascii():
            continue  # "Kazakhstan Today": a name, not a day
        day = local - timedelta(days=_DAYS_BACK[m[1].lower()])
        clock = _TIME.search(text)
        hour, minute = (_hour(clock), int(clock["M"])) if clock else (0, 0)
        value = datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)
        return Reading(value, clock is not None, False, m.start(), inferred=True)
    return None


def read_date(
    text: str | None, tz: tzinfo, now: datetime | None = None, lang: str | None = None
) -> Reading | None:
    """The first date a short text prints (a dateline, a meta value, a <time>), or None.

    Relative forms need ``now`` (the fetch time); without it they are not dates.
    ``lang`` (the page's language) decides month names that languages read differently.
    """
    if not text:
        return None
    value = " ".join(text.replace("\u00a0", " ").split())
    found: list[Reading] = []
    for pattern in _PATTERNS[:_DATED]:
        for match in pattern.finditer(value):
            if (reading := _reading(match, value, tz, now, lang)) is not None:
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
            if (reading := _reading(match, value, tz, now, lang)) is not None:
                return reading
    return None


def prints_day(text: str, day: date, lang: str | None = None) -> bool:
    """Whether *text* prints the full date *day* (with its year) anywhere."""
    year = str(day.year)
    for at in (m.start() for m in re.finditer(year, text)):
        window = " ".join(text[max(0, at - 40) : at + 44].split())
        for pattern in _PATTERNS[:_DATED]:
            for match in pattern.finditer(window):
                reading = _reading(match, window, UTC, None, lang)
                if reading is not None and reading.value.date() == day:
                    return True
    return False


def parse_date(
    text: str | None, tz: tzinfo, now: datetime | None = None, lang: str | None = None
) -> datetime | None:
    """Read one date as a page prints it; None when it is not a date."""
    reading = read_date(text, tz, now, lang)
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
