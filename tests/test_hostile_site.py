"""A hostile site: nothing but the web is read, the good articles are stored, the bad
ones are reported, and the crawl ends in bounded time.

One site on 127.0.0.1 offers, beside six good articles listed on a page, in a
sitemap and in a feed: ``file://`` links, sitemap children, feed items, a
``rel=next`` and a redirect that name a local canary file; ``ftp://`` links;
ports out of range; a broken IPv6 host; a link built to make the profile's
backtracking pattern ``(a|aa)+$`` run for hours (ReDoS); a page nested 100,000
``div`` deep. The canary's content must never reach the archive.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from index.factory import open_store
from tests.sites.crawling import run_crawl
from tests.sites.pages import list_html, story, story_html
from tests.sites.server import LocalSite, Page, Site

#: The time bound the crawl must end within: generous, for a slow shared machine; the
#: crawl takes a few seconds, while a ReDoS or the deep page would take minutes to hours.
CRAWL_BOUND_SECONDS = 120
CANARY = "CANARY-3d1f7c: a local file the crawler must never read"
GOOD = [f"/news/story-{'a' * n}" for n in range(1, 7)]
DEEP = "/news/story-" + "a" * 20
REDIRECTED = "/news/story-" + "a" * 21


def xml(body: str) -> Page:
    return Page(f'<?xml version="1.0"?>{body}'.encode(), content_type="application/xml")


def hostile_site(base: str, canary: Path) -> Site:
    site = Site()
    when = datetime(2026, 3, 1, tzinfo=UTC)
    for n, path in enumerate(GOOD):
        site.add(path, Page.html(story_html(story(n, path, when - timedelta(hours=n)))))
    site.add(DEEP, Page.html("<html><body>" + "<div>" * 100_000 + "deep" + "</div>" * 100_000))
    site.add(REDIRECTED, Page(b"", status=302, headers={"Location": canary.as_uri()}))
    local = f"file://127.0.0.1{canary}"
    bad_links = [
        (local, "local file", None),
        (canary.as_uri(), "local file, no host", None),
        (f"ftp://127.0.0.1{GOOD[0]}", "ftp", None),
        (f"http://127.0.0.1:99999{GOOD[1]}", "port out of range", None),
        (f"http://[::1{GOOD[2]}", "broken IPv6 host", None),
        ("/news/story-" + "a" * 40 + "!", "ReDoS", None),
    ]
    items = [(p, f"Story {p}", None) for p in (GOOD[0], GOOD[1], DEEP, REDIRECTED)]
    nxt = f'<a class="next" href="{local}">next</a><link rel="next" href="{local}">'
    site.add(
        "/news/", Page.html(list_html("News", bad_links[:3] + items + bad_links[3:], extra=nxt))
    )
    site.add(
        "/sitemap.xml",
        xml(
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{local}</loc></sitemap>"
            f"<sitemap><loc>{base}/sitemap-news.xml</loc></sitemap></sitemapindex>"
        ),
    )
    urls = [local, f"ftp://127.0.0.1{GOOD[5]}", base + GOOD[2], base + GOOD[3]]
    site.add(
        "/sitemap-news.xml",
        xml(
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(f"<url><loc>{u}</loc></url>" for u in urls)
            + "</urlset>"
        ),
    )
    entries = [local, f"ftp://127.0.0.1{GOOD[4]}", base + GOOD[4], base + GOOD[5]]
    site.add(
        "/feed.xml",
        xml(
            '<rss version="2.0"><channel><title>Feed</title>'
            + "".join(f"<item><title>x</title><link>{u}</link></item>" for u in entries)
            + "</channel></rss>"
        ),
    )
    return site


def test_a_hostile_site_reads_nothing_but_the_web_and_reports_every_bad_link(
    store_url: str, tmp_path: Path
) -> None:
    canary = tmp_path / "secret" / "news" / ("story-" + "a" * 7)
    canary.parent.mkdir(parents=True)
    canary.write_text(f"<html><body><h1>{CANARY}</h1><p>{CANARY}</p></body></html>")
    with LocalSite(Site()) as served:
        base = served.url
        served.site = hostile_site(base, canary)
        profile = tmp_path / "hostile.toml"
        profile.write_text(
            f"""name = "hostile"
source_name = "Hostile"
domains = ["127.0.0.1"]

[lists]
urls = ["{base}/news/"]
article_pattern = '/news/story-(a|aa)+$'
next_page = "a.next::attr(href)"

[feeds]
urls = ["{base}/feed.xml"]

[sitemaps]
urls = ["{base}/sitemap.xml"]
""",
            encoding="utf-8",
        )
        run = run_crawl(
            served,
            profile,
            store_url,
            tmp_path / "home",
            "--set",
            "AUTOTHROTTLE_ENABLED=false",
            "--set",
            "NEWSINDEX_EXTRACT_PROCESSES=0",
        )
    store = open_store(store_url)
    stored = {doc.url.removeprefix(base): doc for doc in store.scan()}
    store.close()

    assert run.seconds < CRAWL_BOUND_SECONDS
    assert run.exit_code == 0, run.stderr[-3000:]
    assert set(stored) == set(GOOD)
    assert not any(CANARY in (d.title + d.body) for d in stored.values())
    assert not any(p.startswith(("file:", "ftp:")) for p in run.requested)
    assert run.summary["dropped"] == {"too_deep": 1}
    refused = run.summary["refused"]
    # List page: 2 file links, ftp, the next-page anchor (a link too) and the next page
    # itself; sitemap index: 1; urlset: 2; feed: 2; the redirect: 1.
    assert refused["not_http"] == 11, refused
    assert refused["malformed_url"] == 2, refused
    assert refused["pattern_timeout"] == 1, refused
