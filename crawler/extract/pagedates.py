"""Which of the dates a page shows is its publication date, and which its last update.

A page often shows several: metadata (JSON-LD, meta tags), a ``<time>`` and a
printed date in the article's header, an "updated" stamp, a date in the URL,
and dates that belong to other stories (teasers, "latest news" lists) or to
the day of the visit (a site header). The base layer is htmldate (see
crawler/extract/libraries.py); the project's own evidence goes on top where
it is stronger. In order:

1. A date the profile's selector picks is the publication date.
2. The declared publication date (JSON-LD ``datePublished``,
   ``article:published_time`` ...): machine-written, with a time and usually
   an offset, unless it is clearly a modification date: the article's header
   shows an earlier day (or the URL does, which is fixed at first
   publication) and the declared date equals the declared or printed update
   time, or the URL's day is earlier. Then the earlier, original date is the
   publication date. When the declared date has no time and the article's
   header prints one on the same day, the printed one is taken.
3. The date printed in the article's block, nearest its headline (not one
   labelled as an update), unless the URL carries an earlier day.
4. htmldate's date (extensive search, original date), when the page gives
   none of the above, or only a date whose year or day had to be inferred
   from the fetch time ("28 ноября", "вчера") and htmldate finds another day.
5. The URL's day, or an inferred date.

Dates in the future (beyond a day after the fetch) or before 1991 are ignored.
The modification date is the declared one, else the printed update; it is
dropped when it is earlier than the publication date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, tzinfo

from lxml import html as lxml_html

import crawler.extract.jsonld as jsonld
import crawler.extract.libraries as libraries
from crawler.extract.dates import Reading, prints_day, read_date, url_date
from crawler.extract.layout import OTHER_TAGS, Layout
from crawler.extract.metadata import PageMetadata

PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "datecreated",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "publication_date",
    "article.published",
    "article_date_original",
    "dc.date.issued",
    "dc.date.created",
    "dcterms.created",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "citation_publication_date",
    "citation_date",
    "date",
    "parsely-pub-date",
    "sailthru.date",
    "cxenseparse:recs:publishtime",
)
MODIFIED_META = (
    "article:modified_time",
    "og:article:modified_time",
    "datemodified",
    "og:updated_time",
    "dc.date.modified",
    "dcterms.modified",
    "last-modified",
)

_UPDATED = re.compile(
    r"обновлено|обновлён|изменено|отредактировано|updated|last modified|edited|"
    r"aktualisiert|mis à jour|actualizado|aggiornato|atualizado|bijgewerkt|zaktualizowano|"
    r"жаңартылды|жаңартылған|жаңыланды|yangilandi|янгиланди|навсозӣ",
    re.IGNORECASE,
)
_PUBLISHED = re.compile(
    r"опубликовано|дата публикации|published|posted|veröffentlicht|publié|publicado|"
    r"pubblicato|gepubliceerd|opublikowano|"
    r"жарияланды|жарияланған|nashr qilindi|e['ʼ’]lon qilindi|эълон қилинди|жарыяланды|нашр шуд",
    re.IGNORECASE,
)
# Elements that show dates: <time>, <abbr title>, classes, ids or itemprops such as these.
_DATE_MARK = re.compile(
    r"date|time|posted|publish|dateline|stamp|meta|datum|created|info|fecha|byline|дата|sana|kun",
    re.IGNORECASE,
)
_MAX_TEXT = 160
# A caption's date is the photo's; a nested article's, another story's.
_NOT_THE_ARTICLES = OTHER_TAGS | {"figure", "figcaption"}


@dataclass(frozen=True)
class Printed:
    """A date the page shows to readers, whether it is labelled as an update, and whether
    it is in the article's header (before the text's first paragraph)."""

    reading: Reading
    updated: bool = False
    header: bool = True


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


def _shows_a_date(el: lxml_html.HtmlElement, attributes: str) -> bool:
    if el.tag == "time" or (el.tag == "abbr" and "title" in el.attrib):
        return True
    return bool(_DATE_MARK.search(attributes))


def printed_dates(
    page: Layout, tz: tzinfo, now: datetime, lang: str | None = None
) -> list[Printed]:
    """Dates printed in the article's block (``<time>``, date-like elements), nearest the
    headline first; none from teasers, asides, captions or comments inside it."""
    out: list[Printed] = []
    for el, header in page.near_headline(_shows_a_date, _NOT_THE_ARTICLES):
        if el.tag in ("script", "style"):
            continue
        text = " ".join(el.text_content().split())
        if len(text) > _MAX_TEXT:
            continue
        machine = el.get("datetime") if el.tag == "time" else None
        if el.tag == "abbr" or el.get("itemprop") in ("datePublished", "dateCreated"):
            machine = el.get("title") or el.get("content") or el.get("datetime")
        if machine and (reading := read_date(machine, tz, now, lang)):
            out.append(Printed(reading, bool(_UPDATED.search(text)), header))
        for segment, updated in _segments(text):
            if reading := read_date(segment, tz, now, lang):
                out.append(Printed(reading, updated, header))
    return out


def _plausible(reading: Reading | None, now: datetime) -> bool:
    return reading is not None and reading.value <= now + timedelta(days=1)


def _first(values: Iterable[str | None], tz: tzinfo, now: datetime) -> Reading | None:
    for value in values:
        reading = read_date(value, tz, now)
        if reading is not None and _plausible(reading, now):
            return reading
    return None


def _day(reading: Reading, tz: tzinfo) -> date:
    return reading.value.astimezone(tz).date()


def _same_minute(a: Reading | None, b: Reading | None) -> bool:
    return a is not None and b is not None and abs(a.value - b.value) < timedelta(minutes=1)


def choose_published(
    declared: Reading | None,
    declared_modified: Reading | None,
    printed: list[Printed],
    from_url: Reading | None,
    tz: tzinfo,
) -> Reading | None:
    """The publication date by the module's rules 2, 3 and 5, from dates already read."""
    first = next((p for p in printed if not p.updated), None)
    shown = first.reading if first else None
    if shown is not None and not shown.has_time:  # "June 7, 2019" around <time datetime=...>
        shown = next(
            (
                p.reading
                for p in printed
                if not p.updated and p.reading.has_time and _day(p.reading, tz) == _day(shown, tz)
            ),
            shown,
        )
    shown_update = next((p.reading for p in printed if p.updated), None)
    if shown is not None and from_url is not None and _day(shown, tz) > _day(from_url, tz):
        shown = None  # printed later than the URL's day: an update, or the date of the visit
    if declared is None:
        return shown or from_url
    # Only the article's header (or the URL) can show that the declared date is an update.
    original = (shown if first and first.header else None) or from_url
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


def _with_library(
    mine: Reading | None,
    page: Layout,
    url: str,
    tz: tzinfo,
    now: datetime,
    html: str,
) -> Reading | None:
    """Rule 4: htmldate's day (searched in the article's document), unless the page's
    own reading agrees.

    htmldate falls back on a year or a month alone (a copyright line gives
    January 1st): a first of the month the page never prints in full is such
    a guess, and is not a publication date.
    """
    day = libraries.published_day(page.article, url, now)
    if day is None or (day.day == 1 and not prints_day(html, day)):
        return mine
    if mine is not None and _day(mine, tz) == day:
        return replace(mine, inferred=False)
    return Reading(datetime(day.year, day.month, day.day, tzinfo=tz), False, False)


def page_dates(
    page: Layout,
    meta: PageMetadata,
    selected: list[str],
    tz: tzinfo,
    now: datetime,
    url: str,
    lang: str | None = None,
    html: str = "",
) -> tuple[datetime | None, datetime | None]:
    """The page's (published, modified) dates, by the rules in this module's docstring.

    *html* is the page's source, where a date htmldate gives is looked for in full.
    """
    declared_modified = _first(
        [jsonld.text(meta.json_ld.get("dateModified")), *map(meta.first, MODIFIED_META)], tz, now
    )
    printed = printed_dates(page, tz, now, lang)
    printed = [p for p in printed if _plausible(p.reading, now)]
    published = _first(selected, tz, now)
    if published is None:
        declared = _first(
            [jsonld.text(meta.json_ld.get("datePublished")), *map(meta.first, PUBLISHED_META)],
            tz,
            now,
        )
        from_url = url_date(url, tz)
        url_reading = Reading(from_url, False, False) if from_url else None
        mine = choose_published(declared, declared_modified, printed, url_reading, tz)
        weak = mine is None or mine is url_reading or mine.inferred
        published = _with_library(mine, page, url, tz, now, html) if weak else mine
    modified = declared_modified or next((p.reading for p in printed if p.updated), None)
    if published is not None and modified is not None and modified.value < published.value:
        modified = None
    return (
        published.value if published else None,
        modified.value if modified else None,
    )
