"""Each Scrapy component on its own, built the Scrapy way: ``from_crawler(get_crawler(...))``
with the project's settings, then fed requests, responses and items by hand.

Whole crawls (tests/test_crawl*.py) show the components together; these pin
down what each one does, and that its setting turns it off.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import DropItem, IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse, Response

from crawler.downloadermiddlewares.backoff import BackoffMiddleware
from crawler.downloadermiddlewares.encoding import EncodingMiddleware
from crawler.downloadermiddlewares.once import ArticleOnceMiddleware
from crawler.downloadermiddlewares.redirectguard import RedirectGuardMiddleware
from crawler.downloadermiddlewares.traps import TrapGuardMiddleware
from crawler.extensions.progress import ProgressLine
from crawler.extensions.store import CrawlStore
from crawler.meta import ADMITTED, CHAIN, ROLE
from crawler.pipelines.dedup import DedupPipeline
from crawler.pipelines.store import StorePipeline
from crawler.pipelines.validate import ValidatePipeline
from crawler.profile import parse_profile_text
from crawler.spidermiddlewares.incremental import IncrementalMiddleware
from index.document import Document
from index.factory import open_store
from tests.corpus import CORPUS
from tests.crawlers import project_crawler, stat

SITE = "https://dala.example"
PROFILE = parse_profile_text(
    'name = "dala"\nsource_name = "Dala"\ndomains = ["dala.example"]\n'
    f"[lists]\nurls = ['{SITE}/news/']\narticle_pattern = '/news/[a-z-]+/$'\n"
)


def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'news.db'}"


def html(url: str, body: bytes = b"<html><body>x</body></html>", **kwargs: Any) -> HtmlResponse:
    return HtmlResponse(url, body=body, request=Request(url, meta=kwargs.pop("meta", {})), **kwargs)


# --- downloader middlewares ------------------------------------------------------------


def test_article_once_lets_each_article_through_once_per_crawl() -> None:
    crawler = project_crawler()
    mw = ArticleOnceMiddleware.from_crawler(crawler)
    assert mw.process_request(article_request(f"{SITE}/news/story/")) is None
    with pytest.raises(IgnoreRequest):  # the same story again, e.g. from a resumed queue
        mw.process_request(article_request(f"{SITE}/news/story/?utm_source=feed"))
    assert stat(crawler, "newsindex/skipped/seen") == 1


def test_article_once_lets_retries_and_redirects_of_a_request_through() -> None:
    mw = ArticleOnceMiddleware.from_crawler(project_crawler())
    request = article_request(f"{SITE}/news/story/")
    mw.process_request(request)
    assert mw.process_request(request.copy()) is None
    assert mw.process_request(request.replace(url=f"{SITE}/news/story-moved/")) is None


def test_article_once_does_not_honour_a_pass_from_a_stopped_run() -> None:
    mw = ArticleOnceMiddleware.from_crawler(project_crawler())
    mw.process_request(article_request(f"{SITE}/news/story/"))
    with pytest.raises(IgnoreRequest):
        mw.process_request(article_request(f"{SITE}/news/story/", **{ADMITTED: "an-old-run"}))


def test_article_once_leaves_list_pages_alone() -> None:
    mw = ArticleOnceMiddleware.from_crawler(project_crawler())
    for _ in range(2):
        assert mw.process_request(Request(f"{SITE}/news/", meta={ROLE: "list"})) is None


def test_trap_guard_refuses_a_url_shaped_like_a_trap_and_counts_why() -> None:
    crawler = project_crawler()
    mw = TrapGuardMiddleware.from_crawler(crawler)
    with pytest.raises(IgnoreRequest):
        mw.process_request(Request(f"{SITE}/news/?page=2&page=3"))
    assert mw.process_request(Request(f"{SITE}/news/?page=2")) is None
    assert stat(crawler, "newsindex/refused/repeated_parameter") == 1


def test_trap_guard_lets_traps_through_when_its_setting_says_so_but_never_a_non_web_url() -> None:
    crawler = project_crawler(NEWSINDEX_TRAP_GUARD=False)
    mw = TrapGuardMiddleware.from_crawler(crawler)
    assert mw.process_request(Request(f"{SITE}/news/?page=2&page=3")) is None
    for url in ("file:///etc/passwd", "ftp://127.0.0.1/news/a/", "data:text/html,<p>x</p>"):
        with pytest.raises(IgnoreRequest):
            mw.process_request(Request(url))
    assert stat(crawler, "newsindex/refused/not_http") == 3


def test_no_download_handler_reads_local_files_or_ftp() -> None:
    handlers = project_crawler().settings.getdict("DOWNLOAD_HANDLERS")
    assert all(handlers[scheme] is None for scheme in ("file", "ftp", "s3", "data"))


def test_backoff_waits_before_a_retry_and_counts_the_wait() -> None:
    crawler = project_crawler(NEWSINDEX_BACKOFF_BASE=0.01)
    mw = BackoffMiddleware.from_crawler(crawler)
    request = Request(f"{SITE}/news/")
    asyncio.run(mw.process_response(request, Response(request.url, status=503)))
    asyncio.run(mw.process_response(request, Response(request.url, status=200)))
    assert stat(crawler, "newsindex/backoff/count") == 1
    assert stat(crawler, "newsindex/backoff/seconds") == pytest.approx(0.01)


def test_backoff_never_holds_a_request_that_will_not_be_retried() -> None:
    crawler = project_crawler(NEWSINDEX_BACKOFF_BASE=0.01)
    mw = BackoffMiddleware.from_crawler(crawler)
    request = Request(f"{SITE}/news/", meta={"dont_retry": True})
    asyncio.run(mw.process_response(request, Response(request.url, status=503)))
    assert stat(crawler, "newsindex/backoff/count") is None


def test_backoff_is_off_when_its_setting_or_retries_are() -> None:
    for settings in ({"NEWSINDEX_BACKOFF_ENABLED": False}, {"RETRY_ENABLED": False}):
        with pytest.raises(NotConfigured):
            BackoffMiddleware.from_crawler(project_crawler(**settings))


def test_encoding_middleware_reads_an_undeclared_windows_1251_page_as_cyrillic() -> None:
    crawler = project_crawler()
    mw = EncodingMiddleware.from_crawler(crawler)
    text = "<html><body><p>Уровень воды в Капшагае опустился до минимума</p></body></html>"
    response = html(f"{SITE}/news/x/", text.encode("cp1251"), headers={"Content-Type": "text/html"})
    fixed = mw.process_response(response.request, response)
    assert "Капшагае" in fixed.text  # type: ignore[attr-defined]
    assert stat(crawler, "newsindex/encoding/guessed/cp1251") == 1


def test_encoding_middleware_is_off_when_its_setting_says_so() -> None:
    with pytest.raises(NotConfigured):
        EncodingMiddleware.from_crawler(project_crawler(NEWSINDEX_ENCODING_GUESS=False))


def redirect(url: str, location: str) -> Response:
    return Response(url, status=302, headers={"Location": location}, request=Request(url))


def test_redirect_guard_refuses_a_redirect_off_the_profile_domains() -> None:
    crawler = project_crawler()
    mw = RedirectGuardMiddleware.from_crawler(crawler)
    mw.spider_opened(Spider("news", profile=PROFILE))
    response = redirect(f"{SITE}/news/a/", "https://elsewhere.example/news/a/")
    with pytest.raises(IgnoreRequest):
        asyncio.run(mw.process_response(response.request, response))  # type: ignore[arg-type]
    assert stat(crawler, "newsindex/refused/offsite_redirect") == 1


def test_redirect_guard_lets_a_redirect_within_the_profile_domains_through() -> None:
    mw = RedirectGuardMiddleware.from_crawler(project_crawler())
    mw.spider_opened(Spider("news", profile=PROFILE))
    response = redirect(f"{SITE}/news/a/", "https://www.dala.example/news/a/")
    assert asyncio.run(mw.process_response(response.request, response)) is response  # type: ignore[arg-type]


def test_redirect_guard_refuses_a_redirect_loop() -> None:
    crawler = project_crawler()
    mw = RedirectGuardMiddleware.from_crawler(crawler)
    mw.spider_opened(Spider("news", profile=PROFILE))
    response = redirect(f"{SITE}/news/a/", f"{SITE}/news/a/#top")
    with pytest.raises(IgnoreRequest):
        asyncio.run(mw.process_response(response.request, response))  # type: ignore[arg-type]
    assert stat(crawler, "newsindex/refused/redirect_loop") == 1


# --- the spider middleware -------------------------------------------------------------


async def _aiter(items: Iterable[Any]) -> AsyncIterator[Any]:
    for item in items:
        yield item


def spider_output(mw: IncrementalMiddleware, response: Response, out: list[Any]) -> list[Any]:
    async def collect() -> list[Any]:
        return [obj async for obj in mw.process_spider_output(response, _aiter(out))]

    return asyncio.run(collect())


def article_request(url: str, **meta: Any) -> Request:
    return Request(url, meta={ROLE: "article", CHAIN: f"{SITE}/news/", **meta})


def test_incremental_middleware_drops_articles_the_store_has(tmp_path: Path) -> None:
    known = CORPUS[0]
    crawler = project_crawler(NEWSINDEX_STORE=sqlite_url(tmp_path))
    mw = IncrementalMiddleware.from_crawler(crawler)
    assert mw.store is not None
    mw.store.upsert([known])
    listing = html(f"{SITE}/news/", meta={ROLE: "list", CHAIN: f"{SITE}/news/"})
    new = article_request(f"{SITE}/news/fresh/")
    sent = spider_output(mw, listing, [article_request(known.url), new])
    assert [r.url for r in sent] == [new.url]
    assert stat(crawler, "newsindex/skipped/known") == 1


def test_incremental_middleware_requests_an_article_once_per_crawl(tmp_path: Path) -> None:
    crawler = project_crawler(NEWSINDEX_STORE=sqlite_url(tmp_path))
    mw = IncrementalMiddleware.from_crawler(crawler)
    listing = html(f"{SITE}/news/", meta={ROLE: "list", CHAIN: f"{SITE}/news/"})
    first = spider_output(mw, listing, [article_request(f"{SITE}/news/a/")])
    again = spider_output(mw, listing, [article_request(f"{SITE}/news/a/?utm_source=tg#c")])
    assert (len(first), again) == (1, [])
    assert stat(crawler, "newsindex/skipped/seen") == 1


def test_incremental_middleware_without_skipping_or_refreshing_opens_no_store(
    tmp_path: Path,
) -> None:
    crawler = project_crawler(NEWSINDEX_STORE=sqlite_url(tmp_path), NEWSINDEX_SKIP_KNOWN=False)
    mw = IncrementalMiddleware.from_crawler(crawler)
    assert mw.store is None
    assert not (tmp_path / "news.db").exists()


# --- extensions ------------------------------------------------------------------------


def test_crawl_store_is_one_store_for_every_component_that_needs_it(tmp_path: Path) -> None:
    crawler = project_crawler(NEWSINDEX_STORE=sqlite_url(tmp_path))
    mw = IncrementalMiddleware.from_crawler(crawler)
    dedup = DedupPipeline.from_crawler(crawler)
    writer = StorePipeline.from_crawler(crawler)
    assert mw.store is dedup.store is writer.store
    assert mw.store is not None and mw.store.status().up_to_date  # the schema is ensured


def test_crawl_store_closes_its_store_when_the_engine_stops(tmp_path: Path) -> None:
    crawler = project_crawler(NEWSINDEX_STORE=sqlite_url(tmp_path))
    ext = crawler.get_extension(CrawlStore)
    assert ext is not None
    store = ext.store()
    ext.close()
    with pytest.raises(Exception, match="closed"):
        store.count()
    assert ext.store() is not store  # asked again, a new one


def test_progress_line_prints_the_crawl_figures_on_a_pipe_every_ten_intervals(
    capsys: pytest.CaptureFixture[str],
) -> None:
    crawler = project_crawler(NEWSINDEX_PROGRESS=True)
    assert crawler.stats is not None
    crawler.stats.set_value("response_received_count", 12)
    crawler.stats.set_value("newsindex/stored", 9)
    ext = ProgressLine.from_crawler(crawler)
    for _ in range(10):
        ext.show()
    line = capsys.readouterr().err
    assert line.startswith("pages 12 · stored 9 · known 0 · dropped 0 · errors 0 · ")
    assert line.count("\n") == 1


def test_progress_line_is_off_unless_asked_for() -> None:
    with pytest.raises(NotConfigured):
        ProgressLine.from_crawler(project_crawler())


# --- the validate pipeline (dedup and store: tests/test_dedup.py, tests/test_spool.py) ---


def test_validate_pipeline_drops_and_counts_a_page_without_a_body() -> None:
    crawler = project_crawler()
    pipeline = ValidatePipeline.from_crawler(crawler)
    page = Document(url=f"{SITE}/news/a/", title="A title", body="  ")
    with pytest.raises(DropItem):
        pipeline.process_item(page)
    assert pipeline.process_item(CORPUS[0]) is CORPUS[0]
    assert stat(crawler, "newsindex/dropped/no_body") == 1


def test_a_crawl_store_url_names_the_store_the_components_write(tmp_path: Path) -> None:
    crawler = project_crawler(NEWSINDEX_STORE=sqlite_url(tmp_path))
    writer = StorePipeline.from_crawler(crawler)
    writer.open_spider()
    writer.process_item(CORPUS[0])
    writer.close_spider()
    reader = open_store(sqlite_url(tmp_path))
    try:
        assert reader.get(CORPUS[0].id) == CORPUS[0]
    finally:
        reader.close()
