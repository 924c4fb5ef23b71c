"""Dates as the region's pages print them, and which one a page is published on.

The first tables read one printed date (crawler/extract/dates.py); the last
one serves whole pages whose dates disagree to ``extract`` and checks the
rule of crawler/extract/pagedates.py. The fetch time is fixed, so relative
forms ("вчера", "3 hours ago") have one right answer.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from crawler.extract import extract
from crawler.extract.dates import iso, parse_date, read_date, url_date
from crawler.profile import parse_profile_text

FETCHED = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)  # 13:00 in Almaty and Tashkent
ALMATY = ZoneInfo("Asia/Almaty")

# (printed text, expected ISO 8601, read in Asia/Almaty unless the text has an offset)
PRINTED = [
    # Russian
    ("15:00, 23 Ноябрь 2025", "2025-11-23T15:00:00+05:00"),
    ("28 ноября 2026, 14:05", "2026-11-28T14:05:00+05:00"),
    ("07.01.2026, 16:34", "2026-01-07T16:34:00+05:00"),
    ("27 февраля 2026 года", "2026-02-27T00:00:00+05:00"),
    ("Пятница, 04 Июл 2025, 12:00", "2025-07-04T12:00:00+05:00"),
    ("12 мая 2025 г., 09:00", "2025-05-12T09:00:00+05:00"),
    ("1 сент. 2025", "2025-09-01T00:00:00+05:00"),
    ("06.03.2026, 21:55 1691", "2026-03-06T21:55:00+05:00"),
    ("19.12.2025 в 22:40", "2025-12-19T22:40:00+05:00"),
    ("сегодня, 14:05", "2026-03-10T14:05:00+05:00"),
    ("вчера", "2026-03-09T00:00:00+05:00"),
    ("Вчера в 22:40", "2026-03-09T22:40:00+05:00"),
    ("позавчера, 09:10", "2026-03-08T09:10:00+05:00"),
    ("5 минут назад", "2026-03-10T12:55:00+05:00"),
    ("2 часа назад", "2026-03-10T11:00:00+05:00"),
    ("3 дня назад", "2026-03-07T13:00:00+05:00"),
    ("28 ноября", "2025-11-28T00:00:00+05:00"),
    ("2 марта, 10:00", "2026-03-02T10:00:00+05:00"),
    # Kazakh
    ("23 қараша 2025, 15:00", "2025-11-23T15:00:00+05:00"),
    ("2025 жылғы 23 қараша", "2025-11-23T00:00:00+05:00"),
    ("15 мамыр 2025 ж. 10:30", "2025-05-15T10:30:00+05:00"),
    ("2026 жылғы 7 қаңтарда", "2026-01-07T00:00:00+05:00"),
    ("1 қыркүйек 2025", "2025-09-01T00:00:00+05:00"),
    ("12 желтоқсан 2025, 18:00", "2025-12-12T18:00:00+05:00"),
    ("Бүгін, 09:45", "2026-03-10T09:45:00+05:00"),
    ("Кеше, 18:20", "2026-03-09T18:20:00+05:00"),
    ("3 сағат бұрын", "2026-03-10T10:00:00+05:00"),
    # Uzbek, Latin and Cyrillic
    ("2025-yil 23-noyabr", "2025-11-23T00:00:00+05:00"),
    ("23-noyabr, 2025-yil 09:30", "2025-11-23T09:30:00+05:00"),
    ("15 avgust 2025, 11:00", "2025-08-15T11:00:00+05:00"),
    ("Bugun, 14:05", "2026-03-10T14:05:00+05:00"),
    ("Kecha, 20:15", "2026-03-09T20:15:00+05:00"),
    ("10 daqiqa oldin", "2026-03-10T12:50:00+05:00"),
    ("23 ноябр 2025 йил", "2025-11-23T00:00:00+05:00"),
    ("2025 йил 5 сентябрь, 16:00", "2025-09-05T16:00:00+05:00"),
    ("Кеча, 11:00", "2026-03-09T11:00:00+05:00"),
    # Kyrgyz and Tajik
    ("2025-жылдын 23-ноябрында", "2025-11-23T00:00:00+05:00"),
    ("Бүгүн, 10:20", "2026-03-10T10:20:00+05:00"),
    ("Кечээ, 17:45", "2026-03-09T17:45:00+05:00"),
    ("5 саат мурун", "2026-03-10T08:00:00+05:00"),
    ("12 баш оона 2025", "2025-08-12T00:00:00+05:00"),
    ("23 ноябри 2025, 08:15", "2025-11-23T08:15:00+05:00"),
    ("Имрӯз, 12:30", "2026-03-10T12:30:00+05:00"),
    # English
    ("3 July 2024, 21:52", "2024-07-03T21:52:00+05:00"),
    ("July 3, 2024 21:52", "2024-07-03T21:52:00+05:00"),
    ("Nov. 28, 2025 at 3:15 pm", "2025-11-28T15:15:00+05:00"),
    ("Sun, 03 Jul 2024 10:00:00 +0000", "2024-07-03T10:00:00+00:00"),
    ("3 hours ago", "2026-03-10T10:00:00+05:00"),
    ("yesterday, 08:00", "2026-03-09T08:00:00+05:00"),
    ("Published 12:40 GMT+6, 4 March 2026", "2026-03-04T12:40:00+06:00"),
    # ISO 8601, with and without an offset
    ("2024-07-03T21:52:00+05:00", "2024-07-03T21:52:00+05:00"),
    ("2024-07-03T16:52:00Z", "2024-07-03T16:52:00+00:00"),
    ("2024-07-03T21:52:00", "2024-07-03T21:52:00+05:00"),
    ("2024-07-03", "2024-07-03T00:00:00+05:00"),
    ("2024-07-03 21:52:00.123+0600", "2024-07-03T21:52:00+06:00"),
    ("2026/01/07", "2026-01-07T00:00:00+05:00"),
    # the first of two dates is the one a stamp means
    ("Обновлено: 24.11.2025 10:00, опубликовано 23.11.2025", "2025-11-24T10:00:00+05:00"),
]


@pytest.mark.parametrize(("text", "expected"), PRINTED, ids=[t for t, _ in PRINTED])
def test_printed_date(text: str, expected: str) -> None:
    assert iso(parse_date(text, ALMATY, FETCHED)) == expected


# The languages of the EU and beyond: month names whole, in their date forms, with
# ordinals, weekdays, two-digit years, ctime and CJK stamps (read in UTC).
ELSEWHERE = [
    ("7. Juni 2020", "2020-06-07T00:00:00+00:00"),
    ("Sonntag, 7. Juni 2020, 14:30 Uhr", "2020-06-07T14:30:00+00:00"),
    ("martes, 7 de junio de 2022", "2022-06-07T00:00:00+00:00"),
    ("1er juin 2020 à 15h20", "2020-06-01T15:20:00+00:00"),
    ("7 d'abril de 2020", "2020-04-07T00:00:00+00:00"),
    ("7 giugno 2020", "2020-06-07T00:00:00+00:00"),
    ("7 de junho de 2020", "2020-06-07T00:00:00+00:00"),
    ("zondag 7 juni 2020", "2020-06-07T00:00:00+00:00"),
    ("7 czerwca 2020 r.", "2020-06-07T00:00:00+00:00"),
    ("7. června 2020", "2020-06-07T00:00:00+00:00"),
    ("2020. június 7.", "2020-06-07T00:00:00+00:00"),
    ("2020 m. birželio 7 d.", "2020-06-07T00:00:00+00:00"),
    ("2020. gada 7. jūnijs", "2020-06-07T00:00:00+00:00"),
    ("7. kesäkuuta 2020", "2020-06-07T00:00:00+00:00"),
    ("7 Ιουνίου 2020", "2020-06-07T00:00:00+00:00"),
    ("7 юни 2020 г.", "2020-06-07T00:00:00+00:00"),
    ("7 червня 2020", "2020-06-07T00:00:00+00:00"),
    ("7 Haziran 2020", "2020-06-07T00:00:00+00:00"),
    ("7 iunie 2020", "2020-06-07T00:00:00+00:00"),
    ("June 7th, 2020", "2020-06-07T00:00:00+00:00"),
    ("7th of June 2020", "2020-06-07T00:00:00+00:00"),
    ("25.04.24", "2024-04-25T00:00:00+00:00"),
    ("12/03/98", "1998-03-12T00:00:00+00:00"),
    ("Sun Jun  7 14:03:22 2020", "2020-06-07T14:03:22+00:00"),
    ("2018年6月18日 10:01", "2018-06-18T10:01:00+00:00"),
    ("2020년 6월 7일", "2020-06-07T00:00:00+00:00"),
    ("January 18, 2017 11:00 PM PST", "2017-01-18T23:00:00-08:00"),
]


@pytest.mark.parametrize(("text", "expected"), ELSEWHERE, ids=[t for t, _ in ELSEWHERE])
def test_printed_date_in_other_languages(text: str, expected: str) -> None:
    assert iso(parse_date(text, UTC, FETCHED)) == expected


@pytest.mark.parametrize(
    "text", ["martes 7", "Montag 7", "Martin 12", "Marc 12", "3 mar", "dec 12"]
)
def test_month_names_are_whole_words_and_abbreviations_need_a_year(text: str) -> None:
    assert parse_date(text, UTC, FETCHED) is None


@pytest.mark.parametrize(("lang", "month"), [("pl", 11), ("cs", 11), ("hr", 10), (None, 11)])
def test_the_pages_language_decides_a_month_name_languages_read_differently(
    lang: str | None, month: int
) -> None:
    value = parse_date("1 listopada 2020", UTC, FETCHED, lang)
    assert value is not None and value.month == month


def test_a_date_without_a_year_is_marked_as_inferred() -> None:
    yearless, dated = read_date("28 ноября", ALMATY, FETCHED), read_date("28 ноября 2025", ALMATY)
    assert (yearless and yearless.inferred, dated and dated.inferred) == (True, False)


# The same printed time is a different instant in each outlet's time zone.
ZONES = [
    ("Asia/Almaty", "2025-11-23T15:00:00+05:00"),
    ("Asia/Bishkek", "2025-11-23T15:00:00+06:00"),
    ("Asia/Tashkent", "2025-11-23T15:00:00+05:00"),
    ("Asia/Dushanbe", "2025-11-23T15:00:00+05:00"),
    ("UTC", "2025-11-23T15:00:00+00:00"),
]


@pytest.mark.parametrize(("zone", "expected"), ZONES, ids=[z for z, _ in ZONES])
def test_a_date_without_offset_is_read_in_the_outlets_time_zone(zone: str, expected: str) -> None:
    assert iso(parse_date("15:00, 23 Ноябрь 2025", ZoneInfo(zone), FETCHED)) == expected


def test_an_explicit_offset_beats_the_outlets_time_zone() -> None:
    value = parse_date("2025-11-23T15:00:00+03:00", ZoneInfo("Asia/Bishkek"), FETCHED)
    assert iso(value) == "2025-11-23T15:00:00+03:00"


NOT_DATES = ["", "Политика", "1691", "31.02.2025", "Kazakhstan Today", "Ruslan Loginov", "99:99"]


@pytest.mark.parametrize("text", NOT_DATES, ids=[t or "empty" for t in NOT_DATES])
def test_not_a_date(text: str) -> None:
    assert parse_date(text, ALMATY, FETCHED) is None


@pytest.mark.parametrize("text", ["сегодня, 14:05", "вчера", "3 hours ago", "28 ноября"])
def test_relative_forms_need_the_fetch_time(text: str) -> None:
    assert parse_date(text, ALMATY) is None


@pytest.mark.parametrize(
    ("text", "has_time", "has_offset"),
    [
        ("2024-07-03T21:52:00+05:00", True, True),
        ("2024-07-03", False, False),
        ("3 July 2024, 21:52", True, False),
        ("27 февраля 2026 года", False, False),
    ],
)
def test_a_reading_says_how_precise_it_is(text: str, has_time: bool, has_offset: bool) -> None:
    reading = read_date(text, ALMATY, FETCHED)
    assert reading is not None and (reading.has_time, reading.has_offset) == (has_time, has_offset)


URLS = [
    ("https://kun.uz/news/2024/07/03/toshkentda-yangi-metro", "2024-07-03"),
    ("https://www.gazeta.uz/ru/2025/11/23/tashkent-metro/", "2025-11-23"),
    ("https://kz.kursiv.media/2024-07-03/zerno-eksport/", "2024-07-03"),
    ("https://asiaplustj.info/ru/news/tajikistan/society/20240703/dushanbe", "2024-07-03"),
    ("https://astanatimes.com/2025/11/kazakhstan-plan/", None),
    ("https://orda.kz/neftjanoe-pjatno-417627/", None),
    ("https://24.kg/obschestvo/344843_bishkek/", None),
]


@pytest.mark.parametrize(("url", "day"), URLS, ids=[u.split("//")[1][:40] for u, _ in URLS])
def test_url_date(url: str, day: str | None) -> None:
    found = url_date(url, ALMATY)
    assert (found.date().isoformat() if found else None) == day


# --- the page's choice ----------------------------------------------------------------------

PROFILE = parse_profile_text(
    """name = "dala-times"
source_name = "Dala Times"
domains = ["dala.example"]
languages = ["ru"]
timezone = "Asia/Almaty"

[lists]
urls = ["https://dala.example/news/"]
article_pattern = 'https://dala\\.example/news/.+'
"""
)
STORY = (
    "Акимат Алматы утвердил план ремонта дорог на лето. По словам представителей ведомства, "
    "работы планируется завершить до конца года. Местные жители давно просили власти обратить "
    "внимание на эту проблему, и теперь в городском бюджете нашлись деньги."
)


def page(
    *,
    declared: str | None = None,
    declared_modified: str | None = None,
    printed: str = "",
    site_header: str = "",
    sidebar: str = "",
) -> str:
    """An article page: metadata in the head, a printed date in the article's header."""
    head = ""
    if declared:
        head += f'<meta property="article:published_time" content="{declared}">'
    if declared_modified:
        head += f'<meta property="article:modified_time" content="{declared_modified}">'
    return f"""<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8">
<title>Ремонт дорог | Dala Times</title>{head}</head><body>
<header class="site-header"><span class="today-date">{site_header}</span></header>
<main><article><header><h1>Ремонт дорог</h1><div class="article-meta">{printed}</div></header>
<p>{STORY}</p><p>{STORY}</p></article>
<aside class="sidebar"><ul><li><a href="/news/other">Другая новость</a>
<span class="date">10.03.2026, 12:00</span></li></ul></aside>{sidebar}</main></body></html>"""


# (id, page, URL path, expected published, expected modified)
PAGES = [
    (
        "declared-with-offset-only",
        page(declared="2025-11-23T15:00:00+05:00"),
        "/news/remont",
        "2025-11-23T15:00:00+05:00",
        None,
    ),
    (
        "printed-only",
        page(printed="28 ноября 2025, 14:05"),
        "/news/remont",
        "2025-11-28T14:05:00+05:00",
        None,
    ),
    (
        "declared-and-printed-agree",
        page(declared="2025-11-23T10:00:00Z", printed="23.11.2025, 15:00"),
        "/news/remont",
        "2025-11-23T10:00:00+00:00",
        None,
    ),
    (
        "declared-day-only-printed-has-the-time",
        page(declared="2025-11-23", printed="15:00, 23 Ноябрь 2025"),
        "/news/remont",
        "2025-11-23T15:00:00+05:00",
        None,
    ),
    (
        "declared-is-the-modification-date",
        page(
            declared="2025-11-25T09:00:00+05:00",
            declared_modified="2025-11-25T09:00:00+05:00",
            printed="23.11.2025, 15:00",
        ),
        "/news/remont",
        "2025-11-23T15:00:00+05:00",
        "2025-11-25T09:00:00+05:00",
    ),
    (
        "declared-later-than-the-url-day",
        page(declared="2025-11-25T09:00:00+05:00", printed="23.11.2025, 15:00"),
        "/news/2025/11/23/remont",
        "2025-11-23T15:00:00+05:00",
        None,
    ),
    (
        "declared-later-than-printed-without-a-hint-trusts-metadata",
        page(declared="2025-11-25T09:00:00+05:00", printed="23.11.2025, 15:00"),
        "/news/remont",
        "2025-11-25T09:00:00+05:00",
        None,
    ),
    (
        "printed-update-later-than-declared",
        page(declared="2025-11-23T15:00:00+05:00", printed="Обновлено: 26.11.2025, 11:00"),
        "/news/remont",
        "2025-11-23T15:00:00+05:00",
        "2025-11-26T11:00:00+05:00",
    ),
    (
        "published-and-updated-printed-together",
        page(printed="Опубликовано: 23.11.2025 15:00 | Обновлено: 24.11.2025 10:00"),
        "/news/remont",
        "2025-11-23T15:00:00+05:00",
        "2025-11-24T10:00:00+05:00",
    ),
    (
        "site-header-shows-the-date-of-the-visit",
        page(site_header="10 марта 2026", printed="3 июля 2025, 21:52"),
        "/news/remont",
        "2025-07-03T21:52:00+05:00",
        None,
    ),
    (
        "sidebar-dates-belong-to-other-stories",
        page(sidebar='<div class="latest"><span class="date">09.03.2026</span></div>'),
        "/news/2025/07/03/remont",
        "2025-07-03T00:00:00+05:00",
        None,
    ),
    (
        "printed-later-than-the-url-day-is-not-publication",
        page(printed="12.07.2025, 10:00"),
        "/news/2025/07/03/remont",
        "2025-07-03T00:00:00+05:00",
        None,
    ),
    (
        "declared-in-the-future-is-a-typo",
        page(declared="2036-11-23T15:00:00+05:00", printed="23.11.2025, 15:00"),
        "/news/remont",
        "2025-11-23T15:00:00+05:00",
        None,
    ),
    (
        "printed-today-resolved-against-the-fetch",
        page(printed="сегодня, 09:40"),
        "/news/remont",
        "2026-03-10T09:40:00+05:00",
        None,
    ),
    (
        "modified-before-published-is-dropped",
        page(declared="2025-11-23T15:00:00+05:00", declared_modified="2025-11-20T10:00:00+05:00"),
        "/news/remont",
        "2025-11-23T15:00:00+05:00",
        None,
    ),
    (
        "kazakh-printed-date",
        page(printed="Жарияланды: 2025 жылғы 23 қараша, 15:00"),
        "/news/remont",
        "2025-11-23T15:00:00+05:00",
        None,
    ),
]


@pytest.mark.parametrize(
    ("html", "path", "published", "modified"),
    [case[1:] for case in PAGES],
    ids=[case[0] for case in PAGES],
)
def test_page_dates(html: str, path: str, published: str, modified: str | None) -> None:
    fields = extract(html, f"https://dala.example{path}", PROFILE, FETCHED)
    assert (fields["published"], fields["modified"]) == (published, modified)


def test_a_profile_selector_beats_the_metadata() -> None:
    profile = parse_profile_text(
        PROFILE_TOML_WITH_SELECTOR,
    )
    html = page(declared="2025-11-25T09:00:00+05:00", printed="23.11.2025, 15:00")
    fields = extract(html, "https://dala.example/news/remont", profile, FETCHED)
    assert fields["published"] == "2025-11-23T15:00:00+05:00"


PROFILE_TOML_WITH_SELECTOR = """name = "dala-times"
source_name = "Dala Times"
domains = ["dala.example"]
timezone = "Asia/Almaty"

[lists]
urls = ["https://dala.example/news/"]
article_pattern = 'https://dala\\.example/news/.+'

[selectors]
published = ".article-meta"
"""
