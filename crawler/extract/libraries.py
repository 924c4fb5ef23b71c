"""What the well-kept libraries read from a page: the base layer under the project's rules.

htmldate (trafilatura's own date engine) finds a publication date on pages
of every kind, in many languages; trafilatura reads the author from meta
tags, JSON-LD and the page's byline markup. The project's rules
(crawler/extract/pagedates.py, authors.py) take their answer where they have
no stronger evidence of their own. Each call is made only when its answer is
needed: htmldate's extensive search and trafilatura's byline search copy and
prune the whole tree.
"""

from __future__ import annotations

import logging
from datetime import date, datetime

from htmldate import find_date
from lxml import html as lxml_html
from trafilatura.metadata import examine_meta, extract_author, extract_meta_json

logger = logging.getLogger(__name__)


def published_day(doc: lxml_html.HtmlElement, url: str | None, now: datetime) -> date | None:
    """htmldate's publication day: extensive search, the original date, nothing after *now*.

    *doc* is the page, or what of it is the article's (layout.article_document), so that
    a list of other stories' dates is not searched.
    """
    try:
        found = find_date(
            doc,
            extensive_search=True,
            original_date=True,
            url=url,
            max_date=now.strftime("%Y-%m-%d"),
        )
    except Exception as exc:  # a library bug on one page must not lose the article
        logger.debug("htmldate failed on %(url)s: %(exc)r", {"url": url, "exc": exc})
        return None
    return date.fromisoformat(found) if found else None


def _split(authors: str | None) -> list[str]:
    return [a.strip() for a in (authors or "").split(";") if a.strip()]


def declared_authors(tree: lxml_html.HtmlElement) -> list[str]:
    """The authors trafilatura reads from meta tags and JSON-LD."""
    try:
        return _split(extract_meta_json(tree, examine_meta(tree)).author)
    except Exception as exc:
        logger.debug("trafilatura metadata failed: %(exc)r", {"exc": exc})
        return []


def byline_authors(tree: lxml_html.HtmlElement) -> list[str]:
    """The authors trafilatura finds in the page's byline markup."""
    try:
        return _split(extract_author(tree))
    except Exception as exc:
        logger.debug("trafilatura author search failed: %(exc)r", {"exc": exc})
        return []
