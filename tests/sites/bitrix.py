"""Dala Press: a Bitrix-like Russian outlet (as KazTAG): ``?PAGEN_1=N``, windows-1251, no charset.

``/ru/news/`` lists the stories, ``?PAGEN_1=2`` and on continue it; a page
number past the end answers the last page again, as Bitrix does. Articles
are ``/ru/news/<slug>`` (slug only, no id). No page declares its encoding:
no charset in Content-Type, no ``<meta charset>``, no BOM; every page is
windows-1251 but one story, which is KOI8-R. What else it throws:

- a story linked with a PHPSESSID session parameter;
- a story that answers 429 with ``Retry-After: 1`` once;
- a story slower than the crawl's timeout, one truncated mid-body, one
  larger than the crawl's maximum response size (tests run with
  ``DOWNLOAD_TIMEOUT=1``, ``DOWNLOAD_MAXSIZE=500000``, ``RETRY_TIMES=1``);
- two stories that redirect to each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

from tests.sites.pages import Story, list_html, story, story_html
from tests.sites.server import Page, Site

BASE_TIME = datetime(2026, 3, 18, 9, 0, tzinfo=UTC)
PER_PAGE = 4
LIST = "/ru/news/"
ARTICLE_PATTERN = r"/ru/news/[a-z0-9-]+$"
KOI8 = 5  # the KOI8-R story
SESSION = 2  # linked with ?PHPSESSID=...
RATE_LIMITED = 3  # 429 once, with Retry-After: 1
SLOW = "/ru/news/slow-story"
TRUNCATED = "/ru/news/truncated-story"
HUGE = "/ru/news/huge-story"
LOOP = ("/ru/news/loop-a", "/ru/news/loop-b")
BROKEN = (SLOW, TRUNCATED, HUGE, *LOOP)
SETTINGS = ("DOWNLOAD_TIMEOUT=1", "DOWNLOAD_MAXSIZE=500000", "RETRY_TIMES=1")
CP1251 = "text/html"  # no charset


def _path(n: int) -> str:
    return f"/ru/news/story-{n}-novosti"


@dataclass
class DalaPress:
    listed: list[int] = field(default_factory=lambda: list(range(1, 13)))
    site: Site = field(default_factory=Site)

    def __post_init__(self) -> None:
        self.site.handler = self._list
        self.build()
        limited = Page(b"slow down", status=429, headers={"Retry-After": "1"})
        self.site.add_sequence(_path(RATE_LIMITED), [limited, self._article(RATE_LIMITED)])

    def story(self, n: int) -> Story:
        return story(n, _path(n), BASE_TIME - timedelta(hours=n * 3), "ru")

    @property
    def article_paths(self) -> frozenset[str]:
        return frozenset(_path(n) for n in self.listed)

    def publish(self, count: int) -> list[str]:
        new = [max(self.listed) + 1 + i for i in range(count)]
        self.listed[:0] = reversed(new)
        self.build()
        return [_path(n) for n in new]

    def _article(self, n: int) -> Page:
        encoding = "koi8_r" if n == KOI8 else "cp1251"
        return Page(story_html(self.story(n), charset=None).encode(encoding), content_type=CP1251)

    def build(self) -> None:
        site = self.site
        site.pages.clear()
        site.add("/robots.txt", Page(b"User-agent: *\nDisallow: /bitrix/\n", content_type=None))
        for n in self.listed:
            site.add(_path(n), self._article(n))
        filler = story(40, SLOW, BASE_TIME, "ru")
        site.add(SLOW, Page(story_html(filler, charset=None).encode("cp1251"), delay=3.0))
        full = story_html(story(41, TRUNCATED, BASE_TIME, "ru"), charset=None).encode("cp1251")
        site.add(TRUNCATED, Page(full, content_type=CP1251, truncate_to=len(full) // 2))
        huge = story_html(story(42, HUGE, BASE_TIME, "ru"), charset=None) + "<!--" + "x" * 600_000
        site.add(HUGE, Page((huge + "-->").encode("cp1251"), content_type=CP1251))
        site.add(LOOP[0], Page(b"", status=302, headers={"Location": LOOP[1]}))
        site.add(LOOP[1], Page(b"", status=302, headers={"Location": LOOP[0]}))

    def page(self, index: int) -> Page:
        chunks = [self.listed[i : i + PER_PAGE] for i in range(0, len(self.listed), PER_PAGE)]
        index = min(index, len(chunks))  # Bitrix answers the last page for any later number
        links = []
        for n in chunks[index - 1]:
            s = self.story(n)
            href = s.path + ("?PHPSESSID=9a8b7c6d5e" if n == SESSION else "")
            links.append((href, s.title, s.published))
        if index == 1:
            links += [(path, "Новость дня", None) for path in BROKEN]
        pager = (
            f'<div class="modern-page-navigation"><a href="{LIST}?PAGEN_1={index + 1}">'
            "След.</a></div>"
        )
        html = list_html("Новости", links, charset=None, extra=pager)
        return Page(html.encode("cp1251"), content_type=CP1251)

    def _list(self, path: str, headers: dict[str, str]) -> Page | None:
        parts = urlsplit(path)
        if parts.path != LIST:
            return None
        number = parse_qs(parts.query).get("PAGEN_1", ["1"])[0]
        return self.page(int(number)) if number.isdigit() else None


def profile_toml(base_url: str) -> str:
    host = base_url.split("//", 1)[1].split(":", 1)[0]
    return f"""name = "dala-press"
source_name = "Dala Press"
domains = ["{host}"]
languages = ["ru"]
timezone = "Asia/Almaty"

[lists]
urls = ["{base_url}{LIST}"]
article_pattern = '{ARTICLE_PATTERN}'
page_template = "{{url}}?PAGEN_1={{n}}"
max_pages = 10
"""
