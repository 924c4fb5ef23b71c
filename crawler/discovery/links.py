"""What a list page holds: article links (canonical, in page order), dates, the next page."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import datetime

from parsel import Selector

from crawler.discovery.xml import parse_date
from index.urls import InvalidURL, web_url

NEXT_LINK = 'link[rel="next"]::attr(href), a[rel="next"]::attr(href)'
DATES = "time::attr(datetime), [itemprop=datePublished]::attr(content)"
#: Article links taken from one list page or feed; a real one lists a few hundred at most.
MAX_PAGE_LINKS = 1000
_NOT_LINKS = ("javascript:", "mailto:", "tel:", "#")


def article_links(
    hrefs: Iterable[str],
    base_url: str,
    canonical: Callable[[str], str],
    is_article: Callable[[str], bool],
    refused: Counter[str] | None = None,
    *,
    limit: int = MAX_PAGE_LINKS,
) -> list[str]:
    """The distinct article URLs among a page's links, canonical, in page order, at most
    ``limit``. Links that may not be fetched (index.urls.web_url) and those past the limit
    are counted in ``refused`` by reason; they never cost the page's other links."""
    refused = Counter() if refused is None else refused
    seen: dict[str, None] = {}
    for href in hrefs:
        href = href.strip()
        if not href or href.lower().startswith(_NOT_LINKS):
            continue
        try:
            url = canonical(web_url(href, base_url))
            if not is_article(url) or url in seen:
                continue
        except InvalidURL as exc:
            refused[exc.reason] += 1
            continue
        if len(seen) >= limit:
            refused["too_many_links"] += 1
            continue
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
