"""Discovery as pure functions: feeds, sitemaps, pagination templates, archives, list pages."""

from __future__ import annotations

import gzip
import resource
from datetime import UTC, date, datetime, timedelta

from parsel import Selector

from crawler.discovery.feeds import Entry, parse_feed
from crawler.discovery.links import article_links, listed_dates, next_page_href
from crawler.discovery.pagination import all_older, archive_days, archive_url, page_url
from crawler.discovery.sitemaps import parse_sitemap, wanted_sitemaps
from crawler.patterns import UrlPattern
from index.urls import canonical_url

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel>
<item><title>A</title><link>https://orda.kz/a-1/</link>
<pubDate>Tue, 10 Mar 2026 09:30:00 +0500</pubDate></item>
<item><title>B</title><guid>https://orda.kz/b-2/</guid></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<entry><link rel="alternate" href="https://timesca.com/x/"/><published>2026-03-10T04:00:00Z</published></entry>
</feed>"""


def test_rss_items_give_links_and_dates_in_feed_order() -> None:
    assert parse_feed(RSS) == [
        Entry("https://orda.kz/a-1/", datetime(2026, 3, 10, 4, 30, tzinfo=UTC)),
        Entry("https://orda.kz/b-2/", None),
    ]


def test_atom_entries_give_alternate_links_and_dates() -> None:
    assert parse_feed(ATOM) == [
        Entry("https://timesca.com/x/", datetime(2026, 3, 10, 4, tzinfo=UTC))
    ]


def test_html_page_is_not_a_feed() -> None:
    assert parse_feed(b"<html><body><p>feed readers only</p></body></html>") is None


def test_feed_with_external_entity_does_not_read_the_file(tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("topsecret", encoding="utf-8")
    feed = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
        "<rss><channel><item><link>https://a.kz/&x;</link></item></channel></rss>"
    ).encode()
    entries = parse_feed(feed) or []
    assert all("topsecret" not in e.url for e in entries)


def test_billion_laughs_feed_parses_without_expanding() -> None:
    laughs = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    feed = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY l0 "lol">{laughs}]>'
        "<rss><channel><item><title>&l9;</title><link>https://a.kz/1/</link></item>"
        "</channel></rss>"
    ).encode()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert parse_feed(feed) == [Entry("https://a.kz/1/", None)]
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kb < 50 * 1024  # 10**9 "lol"s would be gigabytes


NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://cn.inform.kz/a-1</loc><lastmod>2026-03-11</lastmod>
<news:news><news:publication_date>2026-03-10T08:00:00+05:00</news:publication_date></news:news></url>
<url><loc>https://cn.inform.kz/a-2</loc><lastmod>2026-03-09T10:00:00Z</lastmod></url>
</urlset>"""


def test_google_news_sitemap_dates_come_from_publication_date_then_lastmod() -> None:
    sitemap = parse_sitemap(NEWS_SITEMAP)
    assert sitemap is not None and sitemap.kind == "urlset"
    assert sitemap.entries == [
        Entry("https://cn.inform.kz/a-1", datetime(2026, 3, 10, 3, tzinfo=UTC)),
        Entry("https://cn.inform.kz/a-2", datetime(2026, 3, 9, 10, tzinfo=UTC)),
    ]


def test_gzipped_sitemap_index_lists_child_sitemaps() -> None:
    index = gzip.compress(
        b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>https://t.kz/sitemap-news-1.xml</loc></sitemap>"
        b"<sitemap><loc>https://t.kz/sitemap-video.xml</loc></sitemap></sitemapindex>"
    )
    sitemap = parse_sitemap(index)
    assert sitemap is not None and sitemap.kind == "index"
    assert [e.url for e in wanted_sitemaps(sitemap.entries, [UrlPattern("sitemap-news")])] == [
        "https://t.kz/sitemap-news-1.xml"
    ]


def test_page_templates_fill_the_list_url_section_and_number() -> None:
    assert [
        page_url("{url}page/{n}/", "https://tengrinews.kz/news/", 2),
        page_url("{url}?PAGEN_1={n}", "https://kaztag.kz/ru/news/", 3),
        page_url("{url}{n}/?archive=1", "https://vlast.kz/novosti/?archive=1", 4),
        page_url("https://vlast.kz/{section}/{n}/?archive=1", "https://vlast.kz/novosti/", 5),
    ] == [
        "https://tengrinews.kz/news/page/2/",
        "https://kaztag.kz/ru/news/?PAGEN_1=3",
        "https://vlast.kz/novosti/4/?archive=1",
        "https://vlast.kz/novosti/5/?archive=1",
    ]


def test_archive_urls_fill_the_day() -> None:
    day = date(2026, 3, 7)
    assert archive_url("{url}{yyyy}/{mm}/{dd}", day, "https://rus.azattyq.org/z/360") == (
        "https://rus.azattyq.org/z/360/2026/03/07"
    )
    assert archive_url("https://kaktus.media/?lable=8&date={date}&order=time", day) == (
        "https://kaktus.media/?lable=8&date=2026-03-07&order=time"
    )


def test_archive_days_walk_backwards_and_stop_at_since() -> None:
    today = date(2026, 3, 7)
    assert list(archive_days(today, 5, since=date(2026, 3, 5))) == [
        date(2026, 3, 7),
        date(2026, 3, 6),
        date(2026, 3, 5),
    ]


def test_since_stops_only_on_a_page_whose_dated_items_are_all_older() -> None:
    since = datetime(2026, 3, 1, tzinfo=UTC)
    old, new = since - timedelta(days=1), since + timedelta(days=1)
    assert (
        all_older([old, None], since),
        all_older([old, new], since),
        all_older([None], since),
    ) == (
        True,
        False,
        False,
    )


def test_article_links_are_canonical_distinct_and_in_page_order() -> None:
    hrefs = ["/n/b-2/?utm_source=x", "/n/a-1/#comments", "/n/b-2/", "/about/", "javascript:void(0)"]
    links = article_links(
        hrefs, "https://s.kz/n/", canonical_url, lambda u: "/n/" in u and u.endswith("/")
    )
    assert links == ["https://s.kz/n/b-2/", "https://s.kz/n/a-1/"]


def test_list_page_dates_and_next_link() -> None:
    page = Selector(
        text='<head><link rel="next" href="?page=2"></head><body>'
        '<time datetime="2026-03-10T09:00:00+05:00">10 марта</time>'
        '<a class="next" href="/p/3">»</a>'
    )
    assert listed_dates(page) == [datetime(2026, 3, 10, 4, tzinfo=UTC)]
    assert next_page_href(page, None) == "?page=2"
    assert next_page_href(page, "a.next::attr(href)") == "/p/3"
