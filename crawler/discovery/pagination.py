"""Pagination: URL templates, per-day archives walked backwards, and when to stop.

Templates are the profile's ``lists.page_template`` and
``lists.archive_template``; their placeholders:

- ``{n}``: the page number (2, 3, ...; page 1 is the list URL itself);
- ``{url}``: the list URL without its query string (``https://site/news/``);
- ``{section}``: the list URL's last path segment (``news``);
- ``{date}``: ``YYYY-MM-DD``; ``{yyyy}``, ``{mm}``, ``{dd}``: its parts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit, urlunsplit

PAGE_FIELDS = frozenset({"n", "url", "section"})
ARCHIVE_FIELDS = frozenset({"url", "section", "date", "yyyy", "mm", "dd"})


def _list_parts(list_url: str) -> dict[str, str]:
    parts = urlsplit(list_url)
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    segments = [s for s in parts.path.split("/") if s]
    return {
        "url": urlunsplit((parts.scheme, parts.netloc, path, "", "")),
        "section": segments[-1] if segments else "",
    }


def page_url(template: str, list_url: str, n: int) -> str:
    """Page ``n`` of a list: ``page_url("{url}page/{n}/", "https://s/news/", 2)``."""
    return template.format(n=n, **_list_parts(list_url))


def archive_url(template: str, day: date, list_url: str = "") -> str:
    """The archive page of one day: ``{url}{yyyy}/{mm}/{dd}`` or ``?date={date}``."""
    return template.format(
        date=day.isoformat(),
        yyyy=f"{day.year:04d}",
        mm=f"{day.month:02d}",
        dd=f"{day.day:02d}",
        **_list_parts(list_url),
    )


def archive_days(today: date, days: int, since: date | None = None) -> Iterator[date]:
    """Today, yesterday, ... for ``days`` days, never before ``since``."""
    for back in range(days):
        day = today - timedelta(days=back)
        if since is not None and day < since:
            return
        yield day


def all_older(dates: Iterable[datetime | None], since: datetime | None) -> bool:
    """Whether a page lists dated items and every one is older than ``since``.

    This is the ``--since`` stop: a page with no dates at all proves nothing,
    so paging goes on (bounded by ``max_pages``).
    """
    if since is None:
        return False
    known = [d for d in dates if d is not None]
    return bool(known) and all(d < since for d in known)
