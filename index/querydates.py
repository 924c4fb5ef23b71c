"""Dates as people write them in queries and flags (``2024``, ``2024-03``,
``2024-03-05``, ISO 8601) as UTC instants; pure functions."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from dateutil.relativedelta import relativedelta

from index.errors import QueryError

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def parse_date_bound(value: str, *, end: bool = False) -> datetime:
    """The UTC instant a date bound stands for.

    ``2024``, ``2024-03`` and ``2024-03-05`` name whole periods: as a start
    they mean its first instant, as an end (``end=True``) the first instant
    after it, so ``--to 2024-03`` includes all of March.
    """
    text = value.strip()
    m = _DATE_RE.match(text)
    try:
        return _date_bound(text, m, end)
    except ValueError:
        raise QueryError(
            f"invalid date {value!r}", hint="use YYYY, YYYY-MM, YYYY-MM-DD or ISO 8601"
        ) from None
    except OverflowError:
        raise QueryError(f"date out of range: {value!r}") from None


def _date_bound(text: str, m: re.Match[str] | None, end: bool) -> datetime:
    """ValueError for what is not a date, OverflowError past the calendar's end."""
    if m:
        year, month, day = int(m[1]), int(m[2] or 1), int(m[3] or 1)
        start = datetime(year, month, day, tzinfo=UTC)
        if not end:
            return start
        if m[3]:
            return start + timedelta(days=1)
        if m[2]:
            return start + relativedelta(months=1)
        return start + relativedelta(years=1)
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)
