"""Sitemaps: sitemap indexes, urlsets and Google News sitemaps -> URLs with dates.

The date of an entry is the Google News ``news:publication_date`` when
there is one (the article's own date), else ``lastmod``.
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from crawler.discovery.feeds import Entry
from crawler.discovery.xml import child_text, local_name, parse_date, parse_xml
from crawler.patterns import UrlPattern
from index.urls import InvalidURL

MAX_GUNZIPPED = 50 * 1024 * 1024
MAX_SITEMAP_URLS = 50_000  # the sitemap protocol's own limit per file


@dataclass(frozen=True)
class Sitemap:
    kind: str  # "index" (lists sitemaps) or "urlset" (lists pages)
    entries: list[Entry] = field(default_factory=list)


def _gunzip(body: bytes) -> bytes:
    if body[:2] != b"\x1f\x8b":
        return body
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as f:
            return f.read(MAX_GUNZIPPED)
    except (OSError, EOFError):
        return b""


def _news_date(url_element: object) -> str | None:
    for child in url_element:  # type: ignore[attr-defined]
        if local_name(child) == "news":
            return child_text(child, "publication_date")
    return None


def parse_sitemap(body: bytes) -> Sitemap | None:
    """A sitemap index or urlset; None when the body is neither."""
    root = parse_xml(_gunzip(body))
    if root is None:
        return None
    kind = local_name(root)
    if kind not in ("sitemapindex", "urlset"):
        return None
    child = "sitemap" if kind == "sitemapindex" else "url"
    entries = []
    for element in root:
        if local_name(element) != child:
            continue
        url = child_text(element, "loc")
        if not url:
            continue
        date = _news_date(element) or child_text(element, "lastmod")
        entries.append(Entry(url, parse_date(date)))
    return Sitemap("index" if kind == "sitemapindex" else "urlset", entries)


def wanted_sitemaps(entries: Iterable[Entry], follow: Sequence[UrlPattern]) -> list[Entry]:
    """The child sitemaps whose URL matches one of the ``follow`` patterns (all when none);
    a URL a pattern cannot decide in time is left out."""
    wanted = []
    for entry in entries:
        try:
            if not follow or any(p.search(entry.url) for p in follow):
                wanted.append(entry)
        except InvalidURL:
            continue
    return wanted
