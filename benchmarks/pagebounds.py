"""What the page bounds cost: the nesting check beside the document assembly it guards.

Usage::

    python -m benchmarks.pagebounds [--data DIR] [--repeat N]

On the shared article-extraction pages, per page and in the same run: the
time of ``check_nesting`` alone and of the whole ``article()`` (which runs
it), medians of ``--repeat`` runs, and their ratio; then ``article()`` on
pages nested 100, 500 and 2,000 deep, the last refused by the check.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import os
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from crawler.article import article
from crawler.pagebounds import PageRejected, check_nesting

SHARED = Path(os.environ.get("NEWSINDEX_SHARED", Path(__file__).resolve().parents[2] / "shared"))


def pages(folder: Path) -> list[str]:
    return [
        gzip.decompress(p.read_bytes()).decode("utf-8", "replace")
        for p in sorted(folder.glob("*.html.gz"))
    ]


def per_page(work: list[str], run: Callable[[str], object]) -> float:
    started = time.process_time()
    for html in work:
        with contextlib.suppress(PageRejected, ValueError):  # refused pages count too
            run(html)
    return (time.process_time() - started) / len(work)


def nested(depth: int) -> str:
    text = "<p>" + "Body text of the article. " * 40 + "</p>"
    return "<html><body>" + "<div>" * depth + text + "</div>" * depth + "</body></html>"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default = SHARED / "benchmarks" / "article-extraction" / "html"
    parser.add_argument("--data", type=Path, default=default)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    work = pages(args.data)
    now = datetime.now(UTC)
    checks, articles = [], []
    for _ in range(args.repeat):
        checks.append(per_page(work, check_nesting))
        articles.append(per_page(work, lambda html: article(html, "https://x.kz/a", None, now)))
    check, whole = statistics.median(checks), statistics.median(articles)
    print(f"{len(work)} pages, median of {args.repeat} runs, CPU ms per page")
    print(f"  check_nesting alone   {check * 1000:8.2f}")
    print(f"  article() (with it)   {whole * 1000:8.2f}")
    print(f"  ratio                 {check / whole:8.1%}")
    for depth in (100, 500, 2000):
        seconds = per_page([nested(depth)], lambda html: article(html, "https://x.kz/a", None, now))
        print(f"  article() on a page nested {depth:>5} deep: {seconds * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
