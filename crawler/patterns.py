"""A profile's regular expressions and CSS selectors: checked at load, matched in bounded time.

An article pattern runs against every link a site offers, and a site can offer
links built to make a backtracking pattern such as ``(a+)+$`` run for hours
(ReDoS). Patterns are compiled with the ``regex`` module, Python's syntax, and
every match has a time limit: a URL that takes longer is refused (InvalidURL,
reason ``pattern_timeout``) and the crawl goes on. URLs are bounded in length
before they get here (index/urls.py).

Selectors are compiled when the profile loads, so a typo is a profile error
naming the key, not an exception in the middle of a crawl.
"""

from __future__ import annotations

import regex
from cssselect import SelectorError
from parsel.csstranslator import HTMLTranslator

from index.urls import InvalidURL

#: Time one URL may take to match; a sane pattern needs microseconds.
MATCH_SECONDS = 0.05


class UrlPattern:
    """A compiled profile pattern whose matches are time-bounded."""

    def __init__(self, pattern: str):
        self.pattern = pattern
        self._compiled = regex.compile(pattern)  # regex.error for a malformed pattern

    def search(self, url: str) -> bool:
        try:
            return self._compiled.search(url, timeout=MATCH_SECONDS) is not None
        except TimeoutError:
            raise InvalidURL(
                f"pattern {self.pattern!r} took over {MATCH_SECONDS} s on {url[:200]!r}",
                "pattern_timeout",
            ) from None

    def __repr__(self) -> str:
        return f"UrlPattern({self.pattern!r})"


def pattern_problem(pattern: str) -> str | None:
    """Why a pattern cannot be used, or None."""
    try:
        regex.compile(pattern)
    except (regex.error, ValueError, TypeError) as exc:
        return str(exc)
    return None


def css_problem(selector: str) -> str | None:
    """Why a CSS selector (with Scrapy's ``::attr(name)`` or ``::text``) is invalid, or None."""
    try:
        HTMLTranslator().css_to_xpath(selector)
    except (SelectorError, ValueError) as exc:
        return str(exc) or type(exc).__name__
    return None
