"""What a list page holds: article links (canonical, in page order), dates, the next page."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from urllib.parse import urljoin

from parsel import Selector

from crawler.discovery.xml import parse_date

NEXT_LINK = 'link[rel="next"]::attr(href), a[rel="next"]::attr(href)'
DATES = "time::attr(datetime), [itemprop=datePublished]::attr(content)"


def article_links(
    hrefs: Iterable[str],
    base_url: str,
    canonical: Callable[[str], str],
    is_article: Callable[[str], bool],
) -> list[str]:
    """The distinct article URLs among a page's links, canonical, in page order."""
    seen: dict[str, None] = {}
    for href in hrefs:
        href = href.strip()
        if not href or href.startswith(("javascript:", "mailto:", "#")):
            continue
        url = canonical(urljoin(base_url, href))
        if is_article(url):
            seen.setdefault(url)
    return list(seen)


def listed_dates(selector: Selector) -> list[datetime | None]:
    """The machine-readable dates on a list page (``<time datetime>``, microdata)."""
    return [parse_date(value) for value in selector.css(DATES).getall()]


def next_page_href(selector: Selector, custom: str | None) -> str | None:
    """The next page's link: the profile's selector first, then ``rel="next"``."""
    for css in (custom, NEXT_LINK):
        if css and (href := selector.css(css).get()):
            return href.strip()
    return None
