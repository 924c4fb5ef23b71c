"""Benchmark the crawl: fetch-only vs a naive extracting spider vs ``newsindex crawl``,
with and without its WARC archive.

Usage::

    python benchmarks/crawl.py [--pages 5000] [--repeat 3] [--only abcd] [--data DIR] [--json]

A separate process serves a loopback news site: ``--pages`` article pages
(the real pages of the shared article-extraction data set, cycled behind
distinct URLs ``/a/N.html``) linked from paginated list pages
(``/list/?page=N``, 50 links each, ``rel="next"``). In one run, interleaved
``--repeat`` times, each in its own process and into a fresh SQLite file:

(a) fetch-only: a plain Scrapy spider walking the lists and fetching every
    article with a no-op callback (the ceiling: network + Scrapy);
(b) naive baseline: the same spider calling trafilatura inline in its
    callback and writing each item with its own SQLite insert and commit;
(c) ``newsindex crawl`` of a profile for the site into SQLite (extraction off
    the reactor, bulk writes), writing its WARC archive (the default);
(d) the same crawl with the WARC archive turned off (``NEWSINDEX_WARC_ENABLED=false``).

``--only cd`` runs just the crawls with and without the archive (the cost of
archiving alone, in more rounds for the same time).

All run with AutoThrottle off and the same concurrency. Reported: median
article pages per second, the ratios (c)/(b), (c)/(a) and (c)/(d) (the cost
of archiving every page), the median WARC bytes per stored article (its
request and response records, gzip), and the peak RSS of each crawl process
(and of its largest extraction worker).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSINDEX_SHARED", REPO.parent / "shared"))
DATA = SHARED / "benchmarks" / "article-extraction" / "html"
PER_LIST = 50
CONCURRENCY = 16
COMMON = {
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": CONCURRENCY,
    "CONCURRENT_REQUESTS_PER_DOMAIN": CONCURRENCY,
    "ROBOTSTXT_OBEY": False,
    "LOG_LEVEL": "WARNING",
    "TELNETCONSOLE_ENABLED": False,
}


# --- the site (its own process) ---------------------------------------------------------


def serve(data: Path, pages: int, port_file: Path) -> None:
    from crawler.demo.server import LocalSite, Page, Site

    bodies = [gzip.decompress(p.read_bytes()) for p in sorted(data.glob("*.html.gz"))]
    site = Site()
    for n in range(pages):
        site.add(f"/a/{n}.html", Page(bodies[n % len(bodies)], content_type="text/html"))
    lists = (pages + PER_LIST - 1) // PER_LIST
    for page in range(1, lists + 1):
        links = "".join(
            f'<li><a href="/a/{n}.html">Story {n}</a></li>'
            for n in range((page - 1) * PER_LIST, min(page * PER_LIST, pages))
        )
        nxt = f'<link rel="next" href="/list/?page={page + 1}">' if page < lists else ""
        html = f"<html><head>{nxt}</head><body><ul>{links}</ul></body></html>"
        site.add(f"/list/?page={page}", Page.html(html))
    with LocalSite(site) as served:
        port_file.write_text(served.url)
        while True:
            time.sleep(3600)


# --- (a) and (b): a plain Scrapy spider -------------------------------------------------


def plain_spider(mode: str, base_url: str, db: str, max_lists: int) -> None:
    import scrapy
    from scrapy.crawler import CrawlerProcess

    class Plain(scrapy.Spider):
        name = "plain"

        async def start(self) -> Any:
            yield scrapy.Request(f"{base_url}/list/?page=1", self.parse_list)

        def parse_list(self, response: Any) -> Iterator[scrapy.Request]:
            for href in response.css("li a::attr(href)").getall():
                yield response.follow(href, self.parse_article)
            nxt = response.css('link[rel="next"]::attr(href)').get()
            if nxt:
                yield response.follow(nxt, self.parse_list)

        def parse_article(self, response: Any) -> None:
            if mode == "fetch":
                return
            import trafilatura

            text = trafilatura.extract(response.text, url=response.url) or ""
            with sqlite3.connect(db) as conn:
                conn.execute("CREATE TABLE IF NOT EXISTS docs (url TEXT PRIMARY KEY, body TEXT)")
                conn.execute("INSERT OR REPLACE INTO docs VALUES (?, ?)", (response.url, text))

    process = CrawlerProcess(COMMON)
    process.crawl(Plain)
    process.start()


# --- measuring --------------------------------------------------------------------------


def measured(cmd: list[str]) -> dict[str, Any]:
    """Run ``cmd`` in a fresh process; wall time and peak RSS (MB) of it and its children."""
    code = (
        "import json, resource, subprocess, sys, time\n"
        "t = time.monotonic(); rc = subprocess.run(sys.argv[1:]).returncode\n"
        "s = time.monotonic() - t\n"
        "kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(json.dumps({'rc': rc, 'seconds': s, 'rss_mb': kb / 1024}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, *cmd], capture_output=True, text=True)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    if result["rc"] != 0:
        raise SystemExit(f"{cmd[:4]} failed:\n{out.stderr[-2000:]}")
    return result


def warc_bytes_per_article(root: Path) -> list[int]:
    """Each stored article's share of the WARC files: its response and request records."""
    from index.warc import records

    sizes = []
    for path in sorted(root.rglob("*.warc.gz")):
        with path.open("rb") as stream:
            found = [(r.record_type, r.offset) for r in records(stream, path.name)]
        ends = [offset for _, offset in found[1:]] + [path.stat().st_size]
        lengths = [end - offset for (_, offset), end in zip(found, ends, strict=True)]
        kinds = [kind for kind, _ in found]
        for i, kind in enumerate(kinds):
            if kind == "response":
                request = lengths[i + 1] if i + 1 < len(kinds) and kinds[i + 1] == "request" else 0
                sizes.append(lengths[i] + request)
    return sizes


def profile_toml(base_url: str, lists: int) -> str:
    return f"""name = "bench-site"
source_name = "Bench Site"
domains = ["127.0.0.1"]
languages = ["en"]

[lists]
urls = ["{base_url}/list/?page=1"]
article_pattern = '/a/\\d+\\.html$'
max_pages = {lists}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--processes", default="auto", help="NEWSINDEX_EXTRACT_PROCESSES for (c)")
    parser.add_argument("--only", default="abcd", help="the variants to run, e.g. cd")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    only = sorted(set(args.only))
    if not only or not set(only) <= set("abcd"):
        raise SystemExit("--only takes some of the letters a, b, c, d")
    if not args.data.is_dir():
        raise SystemExit(f"no benchmark pages in {args.data} (set NEWSINDEX_SHARED)")
    lists = (args.pages + PER_LIST - 1) // PER_LIST
    tmp = Path(tempfile.mkdtemp(prefix="newsindex-bench-"))
    port_file = tmp / "url"
    server = subprocess.Popen(
        [sys.executable, __file__, "_serve", str(args.data), str(args.pages), str(port_file)]
    )
    try:
        while not port_file.exists() or not port_file.read_text():
            time.sleep(0.05)
        base = port_file.read_text()
        profile = tmp / "bench.toml"
        profile.write_text(profile_toml(base, lists), encoding="utf-8")
        sets = [a for k, v in COMMON.items() for a in ("--set", f"{k}={v}")]
        sets += ["--set", f"NEWSINDEX_EXTRACT_PROCESSES={args.processes}"]
        results: dict[str, list[dict[str, Any]]] = {key: [] for key in only}
        warc_sizes: list[int] = []
        for run in range(args.repeat):
            db = tmp / f"run{run}"
            if "a" in results:
                results["a"].append(
                    measured([sys.executable, __file__, "_plain", "fetch", base, "", str(lists)])
                )
            if "b" in results:
                naive = ["_plain", "naive", base, f"{db}-b.db", str(lists)]
                results["b"].append(measured([sys.executable, __file__, *naive]))
            crawl = [sys.executable, "-m", "search_cli", "crawl", str(profile), *sets]
            # (c) and (d) alternate which goes first, so neither always meets a warmer cache.
            variants = [
                ("c", ["--set", f"NEWSINDEX_WARC_DIR={db}-warc"]),
                ("d", ["--set", "NEWSINDEX_WARC_ENABLED=false"]),
            ]
            variants = [(key, extra) for key, extra in variants if key in results]
            for key, extra in variants if run % 2 == 0 else variants[::-1]:
                store = ["--store", f"sqlite:///{db}-{key}.db"]
                results[key].append(measured([*crawl, *store, *extra]))
            if "c" in results:
                warc_sizes += warc_bytes_per_article(Path(f"{db}-warc"))
    finally:
        server.kill()
        server.wait()
        shutil.rmtree(tmp, ignore_errors=True)  # the stores and WARC files of every run
    rate = {k: statistics.median(args.pages / r["seconds"] for r in v) for k, v in results.items()}
    rss = {k: max(r["rss_mb"] for r in v) for k, v in results.items()}
    ratios = {
        f"{x}_over_{y}": round(rate[x] / rate[y], 2)
        for x, y in (("c", "b"), ("c", "a"), ("c", "d"))
        if x in rate and y in rate
    }
    if "c" in results and "d" in results:
        # The archive's cost round by round: each pair ran back to back on the same machine.
        ratios["c_over_d_per_round_median"] = round(
            statistics.median(
                d["seconds"] / c["seconds"] for c, d in zip(results["c"], results["d"], strict=True)
            ),
            2,
        )
    report = {
        "pages": args.pages,
        "repeat": args.repeat,
        "cpus": os.cpu_count(),
        "pages_per_second": {k: round(v, 1) for k, v in rate.items()},
        **ratios,
        "warc_bytes_per_article_median": int(statistics.median(warc_sizes)) if warc_sizes else 0,
        "warc_articles": len(warc_sizes) // max(args.repeat, 1),
        "peak_rss_mb": {k: round(v, 1) for k, v in rss.items()},
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    names = {
        "a": "(a) fetch-only",
        "b": "(b) naive baseline",
        "c": "(c) newsindex crawl",
        "d": "(d) ... WARC off",
    }
    print(f"{args.pages} article pages, median of {args.repeat} runs, {os.cpu_count()} CPUs")
    for key, name in names.items():
        if key in rate:
            print(f"{name:<22} {rate[key]:8.1f} pages/s   peak RSS {rss[key]:6.1f} MB")
    pairs = [f"({k[0]})/({k[-1]}) = {v}" for k, v in ratios.items() if len(k) == len("c_over_d")]
    print("   ".join(pairs))
    if "c_over_d_per_round_median" in ratios:
        print(
            f"WARC on / off: {ratios['c_over_d']} (of the medians), "
            f"{ratios['c_over_d_per_round_median']} (median of each round's ratio)"
        )
    if "c" in results:
        print(
            f"WARC: median {report['warc_bytes_per_article_median']} bytes per stored article "
            f"({report['warc_articles']} articles a run)"
        )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_serve":
        serve(Path(sys.argv[2]), int(sys.argv[3]), Path(sys.argv[4]))
    elif len(sys.argv) > 1 and sys.argv[1] == "_plain":
        plain_spider(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    else:
        main()
