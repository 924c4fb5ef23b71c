"""Publication dates on pages laid out the ways real sites lay them out.

Each page is written here to show one pattern: where the date sits in the
layout, how the metadata carries it, or what the page prints that is not
the article's date. No profile: dates without an offset are read in UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawler.extract import extract

FETCHED = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
URL = "https://news.example/politics/bridge-reopens"
TEXT = (
    "<p>The bridge over the river reopened to traffic on Monday after two years of repairs, "
    "the city's transport department said in a statement.</p>"
    "<p>Engineers replaced the deck and strengthened the piers, and the weight limit for "
    "lorries was raised to forty tonnes, officials told reporters at the opening.</p>"
    "<p>Residents of the eastern districts had complained for months about the detour, "
    "which added half an hour to their journeys into the centre every morning.</p>"
)
SIDEBAR = (
    '<aside class="sidebar"><h3>Latest</h3><ul><li><a href="/a/1">Other story</a> '
    '<span class="date">9 March 2026</span></li></ul></aside>'
)


def page(head: str = "", article: str = "", wrapper: str = "main", html_lang: str = "en") -> str:
    return (
        f'<!DOCTYPE html><html lang="{html_lang}"><head><meta charset="utf-8">'
        f"<title>Bridge reopens | City News</title>{head}</head><body>"
        '<header class="site-header"><a href="/">City News</a> <span class="today">'
        "Tuesday, 10 March 2026</span></header>"
        f"<{wrapper}>{article}</{wrapper}>{SIDEBAR}"
        "<footer><p>© 2026 City News</p></footer></body></html>"
    )


def published(html: str, url: str = URL) -> str | None:
    value: str | None = extract(html, url, None, FETCHED)["published"]
    return value


ARTICLE_LAYOUTS = [
    (
        "wordpress-time-inside-the-permalink",
        '<article class="post"><header><h1>Bridge reopens</h1><span class="posted-on">'
        '<a href="/2019/bridge" rel="bookmark"><time class="entry-date published" '
        'datetime="2019-06-07T09:15:00+00:00">June 7, 2019</time></a></span></header>'
        f'<div class="entry-content">{TEXT}</div></article>',
        "2019-06-07T09:15:00+00:00",
    ),
    (
        "meta-list-items",
        '<article><h1>Bridge reopens</h1><ul class="post-meta"><li class="author">Ann Lee</li>'
        f'<li><time datetime="2019-06-07">7 June 2019</time></li></ul>{TEXT}</article>',
        "2019-06-07T00:00:00+00:00",
    ),
    (
        "layout-wrapper-named-sidebar-holds-the-headline",
        '<div class="content-with-sidebar"><div class="story"><h1>Bridge reopens</h1>'
        f'<span class="date">7 June 2019, 09:15</span>{TEXT}</div></div>',
        "2019-06-07T09:15:00+00:00",
    ),
    (
        "german-date-class-datum",
        '<div class="artikel"><h1>Brücke wieder offen</h1><div class="datum">7. Juni 2019</div>'
        f"{TEXT}</div>",
        "2019-06-07T00:00:00+00:00",
    ),
    (
        "spanish-class-info",
        '<div class="nota"><h1>Reabre el puente</h1><p class="info">Publicado el viernes, 7 de '
        f"junio de 2019</p>{TEXT}</div>",
        "2019-06-07T00:00:00+00:00",
    ),
    (
        "created-class",
        f'<div><h1>Bridge reopens</h1><span class="created">07.06.2019</span>{TEXT}</div>',
        "2019-06-07T00:00:00+00:00",
    ),
    (
        "blogger-abbr-with-an-iso-title",
        '<div class="post hentry"><h1>Bridge reopens</h1><abbr class="published" '
        'itemprop="datePublished" title="2019-06-07T09:15:00+02:00">Friday</abbr>'
        f"{TEXT}</div>",
        "2019-06-07T09:15:00+02:00",
    ),
]


@pytest.mark.parametrize(
    ("article", "expected"),
    [case[1:] for case in ARTICLE_LAYOUTS],
    ids=[case[0] for case in ARTICLE_LAYOUTS],
)
def test_the_date_printed_in_the_articles_block_is_found(article: str, expected: str) -> None:
    assert published(page(article=article)) == expected


def test_a_photo_captions_date_is_not_the_articles() -> None:
    article = (
        "<article><h1>Bridge reopens</h1><figure><img src='/b.jpg'><figcaption>"
        '<span class="text-time-small">The bridge on March 24, 2014.</span></figcaption></figure>'
        f'<time datetime="2019-06-07T09:15:00+00:00">7 June 2019</time>{TEXT}</article>'
    )
    assert published(page(article=article)) == "2019-06-07T09:15:00+00:00"


def test_dates_of_the_similar_posts_inside_the_article_are_other_stories() -> None:
    article = (
        f"<div class='article'><h1>Bridge reopens</h1>{TEXT}<section><ul class='similar_posts'>"
        "<li><a href='/b'>Tunnel closes</a><time datetime='2018-01-05'>5 January 2018</time></li>"
        "</ul></section></div>"
    )
    html = page(article=article, head='<meta name="date" content="2019-06-07">')
    assert published(html) == "2019-06-07T00:00:00+00:00"


def test_a_date_only_in_the_running_text_is_found() -> None:
    article = (
        "<div class='story'><h1>Bridge reopens</h1>"
        f"<p>Published on 7 June 2019 by the transport desk.</p>{TEXT}</div>"
    )
    assert published(page(article=article)) == "2019-06-07T00:00:00+00:00"


@pytest.mark.parametrize(
    "head",
    [
        '<meta name="DC.date" content="2019-06-07">',
        '<meta name="publication_date" content="2019-06-07">',
        '<meta property="article:published_time" content="2019-06-07T09:15:00">',
        (
            '<script type="application/ld+json"><![CDATA[{"@type": "NewsArticle", '
            '"datePublished": "2019-06-07"}]]></script>'
        ),
        (
            '<script type="application/ld+json">{"@type": "VideoObject", '
            '"datePublished": "2019-06-07"};</script>'
        ),
    ],
    ids=["dc-date", "publication-date", "published-time", "cdata-json-ld", "video-json-ld"],
)
def test_declared_dates(head: str) -> None:
    value = published(page(head=head, article=f"<div><h1>Bridge reopens</h1>{TEXT}</div>"))
    assert value is not None and value.startswith("2019-06-07")


def test_the_modification_date_comes_from_og_updated_time() -> None:
    head = (
        '<meta property="article:published_time" content="2019-06-07T09:15:00+00:00">'
        '<meta property="og:updated_time" content="2019-06-09T10:00:00+00:00">'
    )
    fields = extract(page(head=head, article=f"<div><h1>Bridge</h1>{TEXT}</div>"), URL, None)
    assert fields["modified"] == "2019-06-09T10:00:00+00:00"


def test_a_utc_timestamp_keeps_its_own_day_near_midnight() -> None:
    head = '<meta property="article:published_time" content="2018-06-12T23:00:00.000Z">'
    html = page(head=head, article=f"<div><h1>Bridge reopens</h1>{TEXT}</div>")
    assert published(html) == "2018-06-12T23:00:00+00:00"


def test_a_date_without_a_year_gives_way_to_a_full_date_on_the_page() -> None:
    article = (
        '<div class="story"><h1>Bridge reopens</h1><span class="date">June 7</span>'
        f"{TEXT}<p>Filed 7 June 2019 in Transport.</p></div>"
    )
    assert published(page(article=article)) == "2019-06-07T00:00:00+00:00"


def test_a_copyright_year_alone_is_not_a_publication_date() -> None:
    assert published(page(article=f"<div><h1>Bridge reopens</h1>{TEXT}</div>")) is None


def test_a_weekday_is_not_read_as_a_month() -> None:
    article = (
        '<div class="nota"><h1>Reabre el puente</h1><span class="fecha">martes 7, 10:00</span>'
        f'<span class="date">martes, 4 de junio de 2019</span>{TEXT}</div>'
    )
    assert published(page(article=article, html_lang="es")) == "2019-06-04T00:00:00+00:00"
