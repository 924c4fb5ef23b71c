"""Which of the dates a page shows is its publication date, and which its last update.

A page often shows several: metadata (JSON-LD, meta tags), a ``<time>`` and a
printed date in the article's header, an "updated" stamp, a date in the URL,
and dates that belong to other stories (sidebars, "latest news" lists) or to
the day of the visit (a site header). The rule, in order:

1. A date the profile's selector picks is the publication date.
2. Otherwise the declared publication date (JSON-LD ``datePublished``,
   ``article:published_time`` ...): machine-written, with a time and usually
   an offset, it is trusted over printed text, unless it is clearly a
   modification date: the page shows an earlier day (in the article's
   header or in the URL, which is fixed at first publication) and the
   declared date equals the declared or printed update time, or the URL's
   day is earlier. Then the earlier, original date is the publication date.
   When the declared date has no time and the article's header prints one
   on the same day, the printed one is taken (it is more precise).
3. Otherwise the article's own printed date (not one labelled as an update),
   unless the URL carries an earlier day (a printed date later than the URL's
   is an update or the site header's date of the visit).
4. Otherwise the URL's day.

Dates in the future (beyond a day after the fetch) or before 1991 are ignored.
The modification date is the declared one, else the printed update; it is
dropped when it is earlier than the publication date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from lxml import html as lxml_html

from crawler.extract import jsonld
from crawler.extract.dates import Reading, read_date, url_date
from crawler.extract.metadata import PageMetadata

PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "dc.date.issued",
    "dc.date",
    "date",
    "parsely-pub-date",
    "sailthru.date",
)
MODIFIED_META = (
    "article:modified_time",
    "og:article:modified_time",
    "datemodified",
    "og:updated_time",
    "dc.date.modified",
    "last-modified",
)

_UPDATED = re.compile(
    r"обновлено|обновлён|изменено|отредактировано|updated|last modified|edited|"
    r"жаңартылды|жаңартылған|жаңыланды|yangilandi|янгиланди|навсозӣ",
    re.IGNORECASE,
)
_PUBLISHED = re.compile(
    r"опубликовано|дата публикации|published|posted|жарияланды|жарияланған|"
    r"nashr qilindi|e['ʼ’]lon qilindi|эълон қилинди|жарыяланды|нашр шуд",
    re.IGNORECASE,
)
_DATE_CLASS = re.compile(r"date|time|posted|publish|dateline|stamp|meta", re.IGNORECASE)
_ELSEWHERE_CLASS = re.compile(
    r"related|sidebar|widget|latest|popular|comment|recommend|teaser|footer|\bnav|menu",
    re.IGNORECASE,
)
_ELSEWHERE_TAGS = {"aside", "nav", "footer", "li", "a"}
_MAX_TEXT = 160


@dataclass(frozen=True)
class Printed:
    """A date the page shows to readers, and whether it is labelled as an update."""

    reading: Reading
    updated: bool = False


def _elsewhere(el: lxml_html.HtmlElement) -> bool:
    """Whether an element belongs to something other than the article (sidebars, lists)."""
    for node in (el, *el.iterancestors()):
        if node.tag in _ELSEWHERE_TAGS:
            return True
        if node.tag == "header" and not any(
            a.tag in ("article", "main") for a in node.iterancestors()
        ):
            return True  # the site's header (the date of the visit), not the article's
        if _ELSEWHERE_CLASS.search(f"{node.get('class', '')} {node.get('id', '')}"):
            return True
    return False


def _segments(text: str) -> Iterable[tuple[str, bool]]:
    """Split "Опубликовано: ... Обновлено: ..." into (text, is_update) pieces."""
    labels = sorted(
        [(m.start(), m.end(), False) for m in _PUBLISHED.finditer(text)]
        + [(m.start(), m.end(), True) for m in _UPDATED.finditer(text)]
    )
    if not labels:
        yield text, False
        return
    if labels[0][0] > 0:
        yield text[: labels[0][0]], False
    for i, (_, end, updated) in enumerate(labels):
        stop = labels[i + 1][0] if i + 1 < len(labels) else len(text)
        yield text[end:stop], updated


def printed_dates(tree: lxml_html.HtmlElement, tz: tzinfo, now: datetime) -> list[Printed]:
    """Dates in the article's header and <time> elements, the article's own first."""
    inside: list[Printed] = []
    outside: list[Printed] = []
    for el in tree.xpath("//time | //*[@class or @id][not(self::script or self::style)]"):
        if el.tag != "time" and not _DATE_CLASS.search(f"{el.get('class', '')} {el.get('id', '')}"):
            continue
        text = " ".join(el.text_content().split())
        if len(text) > _MAX_TEXT or _elsewhere(el):
            continue
        found: list[Printed] = []
        if el.tag == "time" and (reading := read_date(el.get("datetime"), tz, now)):
            found.append(Printed(reading, bool(_UPDATED.search(text))))
        for segment, updated in _segments(text):
            if reading := read_date(segment, tz, now):
                found.append(Printed(reading, updated))
        in_article = any(a.tag in ("article", "main") for a in el.iterancestors())
        (inside if in_article else outside).extend(found)
    return inside + outside


def _plausible(reading: Reading | None, now: datetime) -> bool:
    return reading is not None and reading.value <= now + timedelta(days=1)


def _first(values: Iterable[str | None], tz: tzinfo, now: datetime) -> Reading | None:
    for value in values:
        reading = read_date(value, tz, now)
        if reading is not None and _plausible(reading, now):
            return reading
    return None


def _day(reading: Reading, tz: tzinfo) -> tuple[int, int, int]:
    local = reading.value.astimezone(tz)
    return local.year, local.month, local.day


def _same_minute(a: Reading | None, b: Reading | None) -> bool:
    return a is not None and b is not None and abs(a.value - b.value) < timedelta(minutes=1)


def choose_published(
    declared: Reading | None,
    declared_modified: Reading | None,
    printed: list[Printed],
    from_url: Reading | None,
    tz: tzinfo,
) -> Reading | None:
    """The publication date by the module's rule (2-4), from dates already read."""
    shown = next((p.reading for p in printed if not p.updated), None)
    shown_update = next((p.reading for p in printed if p.updated), None)
    if shown is not None and from_url is not None and _day(shown, tz) > _day(from_url, tz):
        shown = None  # printed later than the URL's day: an update, or the date of the visit
    original = shown or from_url
    if declared is None:
        return original
    if original is not None and _day(original, tz) < _day(declared, tz):
        is_update = (
            _same_minute(declared, declared_modified)
            or _same_minute(declared, shown_update)
            or (from_url is not None and _day(from_url, tz) < _day(declared, tz))
        )
        if is_update:
            return original
    if (
        shown is not None
        and not declared.has_time
        and shown.has_time
        and _day(shown, tz) == _day(declared, tz)
    ):
        return shown
    return declared


def page_dates(
    tree: lxml_html.HtmlElement,
    meta: PageMetadata,
    selected: list[str],
    tz: tzinfo,
    now: datetime,
    url: str,
) -> tuple[datetime | None, datetime | None]:
    """The page's (published, modified) dates, by the rule in this module's docstring."""
    declared_modified = _first(
        [jsonld.text(meta.json_ld.get("dateModified")), *map(meta.first, MODIFIED_META)], tz, now
    )
    printed = [p for p in printed_dates(tree, tz, now) if _plausible(p.reading, now)]
    published = _first(selected, tz, now)
    if published is None:
        declared = _first(
            [jsonld.text(meta.json_ld.get("datePublished")), *map(meta.first, PUBLISHED_META)],
            tz,
            now,
        )
        from_url = url_date(url, tz)
        url_reading = Reading(from_url, False, False) if from_url else None
        published = choose_published(declared, declared_modified, printed, url_reading, tz)
    modified = declared_modified or next((p.reading for p in printed if p.updated), None)
    if published is not None and modified is not None and modified.value < published.value:
        modified = None
    return (
        published.value if published else None,
        modified.value if modified else None,
    )
