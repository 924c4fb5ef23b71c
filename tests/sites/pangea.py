"""Azattyq Test: an RFE/RL-Pangea-like outlet, played under a public-looking host name.

The site answers as ``rus.pangea.example`` through the local server used
as an HTTP proxy (``http_proxy``), so the crawler sees a public host, not
127.0.0.1. Zone pages ``/z/360`` list the latest stories (``a.more`` loads
the next batch); ``/z/360/YYYY/MM/DD`` is the zone's archive of one day;
articles are ``/a/<id>.html`` or ``/a/<slug>/<id>.html``; ``/sitemap.xml``
is an index of a Google News sitemap (``news:publication_date``) and a
video sitemap the profile does not follow. Stories are dated relative to
now, so the archive walk (today and the days before) finds them.

What it throws at a crawler:

- a story only the day archive lists, one only the news sitemap lists;
- the news sitemap gives one story under the mobile host ``m.`` (its twin);
- the video sitemap lists an article-shaped URL that must not be fetched;
- a story that redirects to 127.0.0.1 (a private address, outside the
  profile's domains): the redirect must be refused and reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html import escape

from tests.sites.pages import Story, list_html, story, story_html
from tests.sites.server import Page, Site

HOST = "rus.pangea.example"
BASE = f"http://{HOST}"
ZONE = "/z/360"
ARTICLE_PATTERN = r"^https?://(?:rus\.)?pangea\.example/a/(?:[a-z0-9-]+/)?\d+\.html$"
ARCHIVE = re.compile(r"^/z/360/(\d{4})/(\d{2})/(\d{2})$")
VIDEO_ONLY = "/a/39999999.html"
ESCAPE = "/a/33000666.html"  # redirects to 127.0.0.1
PER_PAGE = 4


@dataclass
class AzattyqTest:
    internal_url: str  # where the escaping redirect points (the local server, by IP)
    now: datetime = field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0))
    # story number -> days before now; the zone lists all but ARCHIVE_ONLY and SITEMAP_ONLY
    ages: dict[int, float] = field(
        default_factory=lambda: {1: 0, 2: 0, 3: 1, 4: 1, 5: 1.2, 6: 2, 7: 2, 8: 2.1, 9: 0.3}
    )
    archive_only: int = 8
    sitemap_only: int = 9
    site: Site = field(default_factory=Site)

    def __post_init__(self) -> None:
        self.site.handler = self._archive
        self.build()

    def path(self, n: int) -> str:
        return f"/a/{33506000 + n}.html" if n % 2 else f"/a/story-{n}/{33506000 + n}.html"

    def story(self, n: int) -> Story:
        age = self.ages[n]
        # Never earlier than the calendar day ``int(age)`` days back: just after midnight,
        # "2.1 days ago" would otherwise fall out of the archive walk's three days.
        day = self.now.replace(hour=0, minute=0, second=0) - timedelta(days=int(age))
        published = max(self.now - timedelta(days=age, hours=1), day)
        return story(n + 3, self.path(n), published, "ru")

    @property
    def article_paths(self) -> frozenset[str]:
        return frozenset(self.path(n) for n in self.ages)

    def zone_listed(self) -> list[int]:
        skip = {self.archive_only, self.sitemap_only}
        return sorted((n for n in self.ages if n not in skip), key=lambda n: self.ages[n])

    def publish(self, count: int) -> list[str]:
        new = [max(self.ages) + 1 + i for i in range(count)]
        for n in new:
            self.ages[n] = 0
        self.build()
        return [self.path(n) for n in new]

    def build(self) -> None:
        site = self.site
        site.pages.clear()
        site.add("/robots.txt", Page(b"User-agent: *\nDisallow: /s?k=\n", content_type=None))
        for n in self.ages:
            site.add(self.path(n), Page.html(story_html(self.story(n))))
        site.add(ESCAPE, Page(b"", status=302, headers={"Location": self.internal_url}))
        listed = self.zone_listed()
        chunks = [listed[i : i + PER_PAGE] for i in range(0, len(listed), PER_PAGE)]
        for index, numbers in enumerate(chunks):
            links = [(self.path(n), self.story(n).title, self.story(n).published) for n in numbers]
            if index == 0:
                links.append((ESCAPE, "Срочно", None))
            more = (
                f'<a class="more" href="{ZONE}?p={index + 1}">Загрузить ещё</a>'
                if index + 1 < len(chunks)
                else ""
            )
            path = ZONE if index == 0 else f"{ZONE}?p={index}"
            site.add(path, Page.html(list_html("Новости", links, extra=more)))
        site.add("/sitemap.xml", Page(self.sitemap_index(), content_type="application/xml"))
        site.add("/sitemap_news.xml", Page(self.news_sitemap(), content_type="application/xml"))
        video = (
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{BASE}{VIDEO_ONLY}</loc></url></urlset>"
        )
        site.add("/sitemap_video.xml", Page(video.encode(), content_type="application/xml"))

    def sitemap_index(self) -> bytes:
        entries = "".join(
            f"<sitemap><loc>{BASE}/{name}</loc><lastmod>{self.now.isoformat()}</lastmod></sitemap>"
            for name in ("sitemap_news.xml", "sitemap_video.xml")
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}'
            "</sitemapindex>"
        ).encode()

    def news_sitemap(self) -> bytes:
        urls = []
        for n in sorted(self.ages, key=lambda n: self.ages[n])[:8]:
            s = self.story(n)
            host = f"m.{HOST}" if n == 3 else HOST
            urls.append(
                f"<url><loc>http://{host}{s.path}</loc><news:news><news:publication>"
                "<news:name>Azattyq Test</news:name><news:language>ru</news:language>"
                f"</news:publication><news:publication_date>{s.published.isoformat()}"
                f"</news:publication_date><news:title>{escape(s.title)}</news:title>"
                "</news:news></url>"
            )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
            + "".join(urls)
            + "</urlset>"
        ).encode()

    def _archive(self, path: str, headers: dict[str, str]) -> Page | None:
        match = ARCHIVE.match(path)
        if not match:
            return None
        day = datetime(int(match[1]), int(match[2]), int(match[3]), tzinfo=UTC).date()
        numbers = [n for n in self.ages if self.story(n).published.date() == day]
        links = [(self.path(n), self.story(n).title, self.story(n).published) for n in numbers]
        return Page.html(list_html(f"Архив {day}", links))


def profile_toml() -> str:
    return f"""name = "azattyq-test"
source_name = "Azattyq Test"
domains = ["{HOST.split(".", 1)[1]}"]
languages = ["ru"]
timezone = "UTC"

[lists]
urls = ["{BASE}{ZONE}"]
article_pattern = '{ARTICLE_PATTERN}'
next_page = "a.more::attr(href)"
archive_template = "{{url}}{{yyyy}}/{{mm}}/{{dd}}"
archive_days = 3
max_pages = 5

[sitemaps]
urls = ["{BASE}/sitemap.xml"]
follow = ["sitemap_news"]
"""


def proxy_env(server_url: str) -> dict[str, str]:
    """The crawl's environment: every request goes through the local server as a proxy."""
    return {"http_proxy": server_url, "HTTP_PROXY": server_url, "no_proxy": "", "NO_PROXY": ""}
