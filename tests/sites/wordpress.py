"""Steppe Post: a WordPress-like English outlet (as The Astana Times or Times of Central Asia).

``/`` and ``/page/N/`` list the stories, newest first, with an "Older
posts" link; articles live at ``/YYYY/MM/slug/``; ``/feed/`` is RSS 2.0.
What it throws at a crawler:

- the same story linked with utm_* parameters and as its ``/amp/`` twin;
- a sponsored story under ``/sponsored/``, which robots.txt disallows;
- a story that answers 500 once before it answers;
- after the last list page, "Older posts" leads into a month calendar
  (``/YYYY/MM/``) that goes back for ever, each month linking old stories;
- the feed declares an external entity reading a local file (XXE) and a
  billion-laughs entity chain; the file's text would form an article URL
  (``/2026/03/<secret>/``) if the entity were ever resolved;
- a story that only the feed lists.

Article pages carry ETag and Last-Modified, so ``--refresh`` can ask
"changed since?".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path

from tests.sites.pages import Story, list_html, story, story_html
from tests.sites.server import Page, Site

BASE_TIME = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
PER_PAGE = 5
ARTICLE_PATTERN = r"/\d{4}/\d{2}/[a-z0-9-]+/$"
SPONSORED = "/sponsored/2026/03/paid-partner-content/"
ROBOTS_TXT = "User-agent: *\nDisallow: /sponsored/\nDisallow: /wp-admin/\n"
CALENDAR = re.compile(r"^/(\d{4})/(\d{2})/$")
SECRET = "xxe-secret-7f3a"  # the local file's text, as an article slug
FLAKY = 7  # the story that answers 500 once


def _path(n: int) -> str:
    return f"/2026/03/story-{n}/"


@dataclass
class SteppePost:
    secret_file: Path
    listed: list[int] = field(default_factory=lambda: list(range(1, 15)))  # newest first
    feed_only: int = 15
    versions: dict[int, int] = field(default_factory=dict)  # story -> text version
    site: Site = field(default_factory=Site)

    def __post_init__(self) -> None:
        self.secret_file.write_text(f"{SECRET}/", encoding="utf-8")
        self.site.handler = self._calendar
        self.build()
        error = Page(b"<h1>Error establishing a database connection</h1>", status=500)
        self.site.add_sequence(_path(FLAKY), [error, self._article_page(FLAKY)])

    def story(self, n: int) -> Story:
        s = story(n + 16, _path(n), BASE_TIME - timedelta(hours=n * 5), "en")
        version = self.versions.get(n, 1)
        if version > 1:
            s = Story(
                s.path,
                s.title,
                (*s.paragraphs, f"Update {version}: the story was corrected."),
                s.published,
                s.lang,
                s.author,
            )
        return s

    @property
    def article_paths(self) -> frozenset[str]:
        return frozenset(_path(n) for n in [*self.listed, self.feed_only])

    def publish(self, count: int) -> list[str]:
        """New stories at the top of the list (and the feed); their paths."""
        new = [max([*self.listed, self.feed_only]) + 1 + i for i in range(count)]
        self.listed[:0] = reversed(new)
        self.build()
        return [_path(n) for n in new]

    def correct(self, n: int) -> str:
        """Change a story's text (and so its ETag); its path."""
        self.versions[n] = self.versions.get(n, 1) + 1
        self.build()
        return _path(n)

    def _article_page(self, n: int) -> Page:
        s = self.story(n)
        version = self.versions.get(n, 1)
        return Page.html(
            story_html(s),
            headers={
                "ETag": f'"story-{n}-v{version}"',
                "Last-Modified": f"Fri, 20 Mar 2026 {version:02d}:00:00 GMT",
            },
        )

    def build(self) -> None:
        site = self.site
        site.pages.clear()
        site.add("/robots.txt", Page(ROBOTS_TXT.encode(), content_type="text/plain"))
        for n in [*self.listed, self.feed_only]:
            site.add(_path(n), self._article_page(n))
            site.add(_path(n) + "amp/", self._article_page(n))
        sponsored = story(99, SPONSORED, BASE_TIME, "en")
        site.add(SPONSORED, Page.html(story_html(sponsored)))
        pages = [self.listed[i : i + PER_PAGE] for i in range(0, len(self.listed), PER_PAGE)]
        for index, numbers in enumerate(pages, start=1):
            links = []
            for n in numbers:
                s = self.story(n)
                href = s.path
                if n == numbers[0] and index == 1:
                    href += "?utm_source=home&utm_medium=list"
                links.append((href, s.title, s.published))
                if n == numbers[-1]:
                    links.append((s.path + "amp/", s.title + " (AMP)", s.published))
            if index == 1:
                links.append((SPONSORED, sponsored.title, None))
            older = f"/page/{index + 1}/" if index < len(pages) else "/2026/02/"
            extra = f'<div class="nav"><a class="next-posts" href="{older}">Older posts</a></div>'
            path = "/" if index == 1 else f"/page/{index}/"
            site.add(path, Page.html(list_html("Steppe Post", links, extra=extra)))
        site.add("/feed/", Page(self.feed(), content_type="application/rss+xml; charset=utf-8"))

    def _calendar(self, path: str, headers: dict[str, str]) -> Page | None:
        """``/YYYY/MM/``: a month archive for any month, with a link to the month before."""
        match = CALENDAR.match(path)
        if not match:
            return None
        year, month = int(match[1]), int(match[2])
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        old = [self.story(n) for n in self.listed[-2:]]
        links = [(s.path, s.title, None) for s in old]
        extra = f'<a class="next-posts" href="/{year:04d}/{month:02d}/">Older posts</a>'
        return Page.html(list_html(f"Archive {match[1]}-{match[2]}", links, extra=extra))

    def feed(self) -> bytes:
        laughs = "".join(
            f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
        )
        items = []
        for n in [self.feed_only, *self.listed[:5]]:
            s = self.story(n)
            link = s.path + ("?utm_source=rss" if n == self.listed[2] else "")
            items.append(
                f"<item><title>{escape(s.title)}</title><link>{link}</link>"
                f"<pubDate>{s.published:%a, %d %b %Y %H:%M:%S} +0000</pubDate>"
                f"<description>&lol9;</description></item>"
            )
        items.append("<item><title>&xxe;</title><link>/2026/03/&xxe;</link></item>")
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{self.secret_file}">'
            f'<!ENTITY lol0 "lol">{laughs}]>\n'
            '<rss version="2.0"><channel><title>Steppe Post</title>'
            + "".join(items)
            + "</channel></rss>"
        ).encode()


def profile_toml(base_url: str) -> str:
    host = base_url.split("//", 1)[1].split(":", 1)[0]
    return f"""name = "steppe-post"
source_name = "Steppe Post"
domains = ["{host}"]
languages = ["en"]
timezone = "Asia/Almaty"

[lists]
urls = ["{base_url}/"]
article_pattern = '{ARTICLE_PATTERN}'
next_page = "a.next-posts::attr(href)"
max_pages = 50

[feeds]
urls = ["{base_url}/feed/"]
"""
