"""Five-field cron expressions: parsing and the next matching minute (pure functions).

``minute hour day-of-month month day-of-week`` with ``*``, lists, ranges,
steps, month and weekday names, and the ``@hourly``-style shorthands. As in
Vixie cron, when both day fields are restricted a day matching either one
matches. Times are wall-clock times in a time zone; a minute that does not
exist on a daylight-saving change is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

SHORTHANDS = {
    "@hourly": "0 * * * *",
    "@daily": "0 0 * * *",
    "@midnight": "0 0 * * *",
    "@weekly": "0 0 * * 0",
    "@monthly": "0 0 1 * *",
    "@yearly": "0 0 1 1 *",
    "@annually": "0 0 1 1 *",
}
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
#: (name, lowest, highest, names for the values from ``lowest`` on)
FIELDS: tuple[tuple[str, int, int, tuple[str, ...]], ...] = (
    ("minute", 0, 59, ()),
    ("hour", 0, 23, ()),
    ("day of month", 1, 31, ()),
    ("month", 1, 12, MONTHS),
    ("day of week", 0, 7, WEEKDAYS),
)
SEARCH_YEARS = 5  # "30 2 31 2 *" never matches: give up instead of looping for ever


class CronError(ValueError):
    """An expression that is not valid cron; the message says which field and why."""


@dataclass(frozen=True)
class Cron:
    expression: str
    minutes: frozenset[int]
    hours: frozenset[int]
    days: frozenset[int]
    months: frozenset[int]
    weekdays: frozenset[int]  # 0 = Sunday
    any_day: bool  # day of month is "*"
    any_weekday: bool  # day of week is "*"

    def day_matches(self, day: datetime) -> bool:
        weekday = (day.weekday() + 1) % 7  # Python: Monday 0; cron: Sunday 0
        in_month = day.day in self.days
        in_week = weekday in self.weekdays
        if self.any_day or self.any_weekday:
            return in_month and in_week
        return in_month or in_week


def _value(text: str, low: int, names: tuple[str, ...], field: str) -> int:
    lowered = text.lower()
    if lowered in names:
        return names.index(lowered) + low
    if not text.isdigit():
        raise CronError(f"{field}: {text!r} is not a number")
    return int(text)


def _field(text: str, field: str, low: int, high: int, names: tuple[str, ...]) -> set[int]:
    values: set[int] = set()
    for part in text.split(","):
        spec, _, step_text = part.partition("/")
        step = 1
        if step_text:
            if not step_text.isdigit() or int(step_text) == 0:
                raise CronError(f"{field}: step {step_text!r} must be a positive number")
            step = int(step_text)
        if spec == "*":
            start, end = low, high
        elif "-" in spec:
            first, _, last = spec.partition("-")
            start, end = _value(first, low, names, field), _value(last, low, names, field)
        else:
            start = _value(spec, low, names, field)
            end = high if step_text else start
        if not low <= start <= end <= high:
            raise CronError(f"{field}: {part!r} is outside {low}-{high}")
        values.update(range(start, end + 1, step))
    return values


def parse_cron(expression: str) -> Cron:
    text = SHORTHANDS.get(expression.strip().lower(), expression)
    parts = text.split()
    if len(parts) != len(FIELDS):
        raise CronError(
            f"{expression!r}: expected 5 fields (minute hour day-of-month month day-of-week)"
        )
    sets = [
        _field(p, name, low, high, names)
        for p, (name, low, high, names) in zip(parts, FIELDS, strict=True)
    ]
    weekdays = frozenset(d % 7 for d in sets[4])  # 7 is Sunday too
    return Cron(
        expression=expression,
        minutes=frozenset(sets[0]),
        hours=frozenset(sets[1]),
        days=frozenset(sets[2]),
        months=frozenset(sets[3]),
        weekdays=weekdays,
        any_day=parts[2] == "*",
        any_weekday=parts[4] == "*",
    )


def _exists(wall: datetime, tz: ZoneInfo) -> bool:
    """False for wall-clock times skipped by a daylight-saving change."""
    aware = wall.replace(tzinfo=tz)
    return aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == wall


def next_time(cron: Cron, after: datetime, tz: ZoneInfo | None = None) -> datetime:
    """The first matching minute strictly after ``after`` (aware), as an aware UTC datetime."""
    zone = tz or ZoneInfo("UTC")
    start = after.astimezone(zone).replace(tzinfo=None, second=0, microsecond=0)
    start += timedelta(minutes=1)
    day = start.replace(hour=0, minute=0)
    for _ in range(366 * SEARCH_YEARS):
        if day.month in cron.months and cron.day_matches(day):
            for hour in sorted(cron.hours):
                for minute in sorted(cron.minutes):
                    wall = day.replace(hour=hour, minute=minute)
                    if wall >= start and _exists(wall, zone):
                        return wall.replace(tzinfo=zone).astimezone(UTC)
        day += timedelta(days=1)
    raise CronError(f"{cron.expression!r} matches no time in the next {SEARCH_YEARS} years")
