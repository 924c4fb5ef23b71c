"""Bounds on the work one page may cost, checked before extraction: a hostile page is
dropped and counted, and the crawl goes on.

Main-text extraction is quadratic in the nesting depth of a page (100,000
nested ``div`` took 300 s of CPU), and a page can be built to be slow in other
ways. So before a page is parsed its nesting depth is measured by a linear
scan of its tags (real news pages nest under 50 deep; the bound is ten times
that), and extraction runs under a time limit (crawler/extractpool.py). Both
refusals raise :class:`PageRejected`; the spider counts them under
``newsindex/dropped/<reason>``.
"""

from __future__ import annotations

import re
import signal
from collections.abc import Callable
from types import FrameType
from typing import TypeVar

MAX_NESTING = 500
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")
#: Elements that never hold others, or whose end tag the parser supplies itself.
_FLAT = frozenset((
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "basefont", "bgsound", "frame", "keygen", "p", "li", "dt", "dd", "tr", "td",
    "th", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup", "rb", "rt", "rtc", "rp",
    "html", "head", "body",
))  # fmt: skip
#: Elements whose content is text, not tags.
_RAW = frozenset(
    ("script", "style", "textarea", "title", "xmp", "noscript", "template", "plaintext")
)
T = TypeVar("T")


class PageRejected(ValueError):
    """A page over a bound; ``reason`` (``too_deep``, ``too_slow``) is its stats key."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


def nesting_depth(html: str, limit: int = MAX_NESTING) -> int:
    """How deep the page's elements nest (counting stops just past ``limit``)."""
    depth = deepest = pos = 0
    while match := _TAG.search(html, pos):
        pos = match.end()
        name = match[2].lower()
        if name in _FLAT:
            continue
        if match[1]:
            depth = max(depth - 1, 0)
            continue
        if name in _RAW:
            end = re.compile(rf"</{name}", re.IGNORECASE).search(html, pos)
            pos = end.start() if end else len(html)
            continue
        depth += 1
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                break
    return deepest


def check_nesting(html: str | bytes, limit: int = MAX_NESTING) -> None:
    """PageRejected when the page nests deeper than ``limit``."""
    text = html.decode("latin-1") if isinstance(html, bytes) else html  # tags are ASCII
    if nesting_depth(text, limit) > limit:
        raise PageRejected(f"elements nested over {limit} deep", "too_deep")


def within(seconds: float, work: Callable[[], T]) -> T:
    """``work()``, stopped with PageRejected after ``seconds`` (a process's main thread only:
    it takes SIGALRM)."""

    def expired(signum: int, frame: FrameType | None) -> None:
        raise PageRejected(f"extraction took over {seconds:g} s", "too_slow")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return work()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
