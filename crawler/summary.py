"""What a crawl did, read from its stats: the summary people and the scheduler read."""

from __future__ import annotations

from typing import Any


def group(stats: dict[str, Any], prefix: str) -> dict[str, int]:
    """The counters under ``prefix`` (``newsindex/dropped/``), by the rest of their key."""
    return {
        key.removeprefix(prefix): int(value)
        for key, value in sorted(stats.items())
        if key.startswith(prefix)
    }


def download_errors(stats: dict[str, Any]) -> int:
    """Failed downloads; requests skipped on purpose (robots.txt, known) are not failures."""
    ignored = "downloader/exception_type_count/scrapy.exceptions.IgnoreRequest"
    return int(stats.get("downloader/exception_count", 0)) - int(stats.get(ignored, 0))


def losses(stats: dict[str, Any]) -> int:
    """Articles this crawl found but neither stored nor skipped for good: failed downloads
    and extractions, refused or lost writes. A crawl with losses is not a complete pass
    (crawler/walks.py), and its exit status says so."""
    failed = sum(group(stats, "newsindex/failed/").values())
    return failed + int(stats.get("newsindex/store_errors", 0))


def summarize(stats: dict[str, Any]) -> dict[str, Any]:
    """The figures users care about, from Scrapy's and newsindex's stats."""
    return {
        "pages": int(stats.get("response_received_count", 0)),
        "list_pages": int(stats.get("newsindex/pages/list", 0)),
        "article_pages": int(stats.get("newsindex/pages/article", 0)),
        "stored": int(stats.get("newsindex/stored", 0)),
        "skipped_known": int(stats.get("newsindex/skipped/known", 0)),
        "dropped": group(stats, "newsindex/dropped/"),
        "failed": group(stats, "newsindex/failed/"),
        "store_errors": int(stats.get("newsindex/store_errors", 0)),
        "spooled": int(stats.get("newsindex/spooled", 0)),
        "lost": int(stats.get("newsindex/lost", 0)),
        "spool_pending": int(stats.get("newsindex/spool/pending", 0)),
        "dead_letter": int(stats.get("newsindex/dead_letter", 0)),
        "http_errors": int(stats.get("httperror/response_ignored_count", 0)),
        "download_errors": download_errors(stats),
        "finish_reason": str(stats.get("finish_reason", "")),
        "feed_pages": int(stats.get("newsindex/pages/feed", 0)),
        "sitemap_pages": int(stats.get("newsindex/pages/sitemap", 0)),
        "not_modified": int(stats.get("newsindex/not_modified", 0)),
        "skipped_older": int(stats.get("newsindex/skipped/older", 0)),
        "refused": group(stats, "newsindex/refused/"),
        "stopped": group(stats, "newsindex/stopped/"),
        "warc_records": int(stats.get("newsindex/warc/records", 0)),
        "warc_bytes": int(stats.get("newsindex/warc/bytes", 0)),
        "seconds": round(float(stats.get("elapsed_time_seconds", 0.0)), 2),
    }


def failure(summary: dict[str, Any]) -> str | None:
    """Why a crawl that ran to its end still failed, or None when it did what it could:
    stored or skipped what it found, dropping only what is not an article. The crawl
    command exits 1 for it, and a scheduled crawl on a Scrapyd node is recorded as failed."""
    start_pages = summary["list_pages"] + summary["feed_pages"] + summary["sitemap_pages"]
    if start_pages == 0 and summary["finish_reason"] == "finished":
        return "none of the profile's start pages could be read (is the site up? see -v)"
    if reason := pipeline_failure(summary):
        return reason
    if summary["stored"] == 0 and summary["spooled"] == 0 and summary["article_pages"] > 0:
        return "the crawl fetched articles but stored none"
    return None


def import_summary(stats: dict[str, Any]) -> dict[str, Any]:
    """What an import of WARC files did: the records it read, what it took and skipped, and
    what the crawl's pipelines did with it (the crawl summary's own keys)."""
    crawl = summarize(stats)
    return {
        "records": sum(group(stats, "newsindex/warc/read/").values()),
        "record_types": group(stats, "newsindex/warc/read/"),
        "pages": crawl["article_pages"],
        "skipped": group(stats, "newsindex/warc/skipped/"),
        "truncated": int(stats.get("newsindex/warc/truncated", 0)),
        "duplicates": int(stats.get("newsindex/duplicates", 0)),
        **{key: crawl[key] for key in PIPELINE_KEYS},
    }


#: The crawl summary's keys about what its pipelines did, which an import reports too.
PIPELINE_KEYS = (
    "stored",
    "dropped",
    "failed",
    "store_errors",
    "spooled",
    "lost",
    "spool_pending",
    "dead_letter",
    "warc_records",
    "warc_bytes",
    "finish_reason",
    "seconds",
)


def pipeline_failure(summary: dict[str, Any]) -> str | None:
    """Why a crawl or an import failed in its pipelines: articles not stored or not extracted
    (a file cut short, for an import, is reported but is no failure)."""
    if summary["store_errors"]:
        return f"{summary['store_errors']} article(s) could not be stored"
    if summary["failed"].get("extract"):
        return f"{summary['failed']['extract']} article page(s) could not be extracted (see -v)"
    return None
