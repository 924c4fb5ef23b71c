"""The import spider: pages from WARC files instead of the web, then the crawl's own pipelines.

``newsindex import-warc`` runs it the way ``crawl`` runs the news spider, so
every page it takes goes through the same document assembly (in the same
extraction pool) and the same item pipelines: validate, dedup, archive,
store (with the spool). It fetches nothing: its ``start`` reads the files
(crawler/warc/, index/warc.py) and yields documents. It is kept out of
``SPIDER_MODULES`` (crawler/spiders/): its input is files on the importing
machine, so a Scrapyd deploy has nothing to schedule it with.

A page record is taken when it is an HTML answer with status 200 (or an
HTML ``resource``) of a profile's domains whose URL matches the profile's
article pattern (every HTML page of the domains with ``every_page``);
without profiles given, the built-in profile that owns the URL decides.
Everything else is skipped and counted under ``newsindex/warc/skipped/``:
revisits, non-HTML, other statuses, pages of no profile, pages the store
already holds. A file that ends inside a record keeps the records before
it; the cut is counted (``newsindex/warc/truncated``) and logged.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler

from crawler.article import page_text
from crawler.extensions.store import crawl_store
from crawler.extensions.warc import WarcArchive, crawl_archive
from crawler.extractpool import ExtractPool
from crawler.pagebounds import PageRejected
from crawler.profile import Profile, builtin_profiles, load_profile
from crawler.warc.exchange import Exchange
from index.document import Document, document_id
from index.store import Store
from index.urls import InvalidURL, web_url
from index.warc import Page, Truncated, records

logger = logging.getLogger(__name__)

#: Headers of an answer whose payload is stored decoded (index/warc.py reads it so).
CODING_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})
KNOWN_BATCH = 100  # page records asked about in one store lookup


def exchange_of_page(page: Page) -> Exchange:
    """The exchange to archive for an imported page: its payload decoded, so its coding
    headers go; a resource record becomes a 200 answer of its content type."""
    headers = tuple((k, v) for k, v in page.headers if k.lower() not in CODING_HEADERS)
    if not page.headers and page.content_type:
        headers = (("Content-Type", page.content_type),)
    return Exchange(
        url=page.url,
        fetched_at=page.fetched_at,
        status=page.status,
        reason="OK" if page.status == 200 else "",
        protocol="HTTP/1.1",
        headers=headers,
        body=page.payload,
        ip_address=page.ip_address,
    )


class WarcImportSpider(scrapy.Spider):
    name = "warc-import"

    def __init__(
        self,
        files: list[str],
        profiles: list[Profile] | None = None,
        every_page: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.files = [Path(f) for f in files]
        self.given = list(profiles or [])
        self.every_page = every_page
        self.pool = ExtractPool(0)
        self.archive: WarcArchive | None = None
        self.store: Store | None = None
        self.seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> WarcImportSpider:
        spider: WarcImportSpider = super().from_crawler(crawler, *args, **kwargs)
        spider.pool = ExtractPool.from_settings(crawler.settings)
        crawler.signals.connect(spider.pool.close, signal=signals.spider_closed)
        crawler.signals.connect(spider.spider_opened, signal=signals.spider_opened)
        return spider

    def spider_opened(self) -> None:
        """The crawl's archive and store exist once its extensions do."""
        self.archive = crawl_archive(self.crawler)
        if self.crawler.settings.getbool("NEWSINDEX_SKIP_KNOWN"):
            self.store = crawl_store(self.crawler)

    def _count(self, key: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"newsindex/warc/{key}", n)

    # --- which records become documents ---------------------------------------------

    def _profiles(self) -> list[Profile]:
        if not self.given:
            self.given = [load_profile(name) for name in builtin_profiles()]
        return self.given

    def _profile_for(self, url: str) -> Profile | None:
        return next((p for p in self._profiles() if p.owns(url)), None)

    def _skip_reason(self, page: Page) -> tuple[str | None, Profile | None]:
        try:
            web_url(page.url)
        except InvalidURL:
            return "not_web", None
        if page.status != 200:
            return "status", None
        if not page.is_html:
            return "not_html", None
        profile = self._profile_for(page.url)
        if profile is None:
            return "no_profile", None
        if not self.every_page and not profile.is_article(page.url):
            return "not_article", None
        return None, profile

    def _taken(self, stream: Any, name: str) -> Iterator[tuple[Page, Profile]]:
        for record in records(stream, name):
            self._count(f"read/{record.record_type}")
            if record.record_type == "revisit":
                self._count("skipped/revisit")
            if record.page is None:
                continue
            reason, profile = self._skip_reason(record.page)
            if reason is not None:
                self._count(f"skipped/{reason}")
                continue
            assert profile is not None
            yield record.page, profile

    def _new(self, batch: list[tuple[Page, Profile]]) -> list[tuple[Page, Profile]]:
        """The pages whose documents neither the store nor this import has yet."""
        ids = [document_id(profile.canonical(page.url)) for page, profile in batch]
        known = self.store.known_ids(ids) if self.store is not None else set()
        new = []
        for doc_id, pair in zip(ids, batch, strict=True):
            if doc_id in known:
                self._count("skipped/known")
            elif doc_id in self.seen:
                self._count("skipped/seen")
            else:
                self.seen.add(doc_id)
                new.append(pair)
        return new

    # --- reading ----------------------------------------------------------------------

    def _batches(self, path: Path) -> Iterator[list[tuple[Page, Profile]]]:
        batch: list[tuple[Page, Profile]] = []
        try:
            with path.open("rb") as stream:
                for pair in self._taken(stream, path.name):
                    batch.append(pair)
                    if len(batch) >= KNOWN_BATCH:
                        yield batch
                        batch = []
        except Truncated as exc:
            self._count("truncated")
            logger.warning("Skipped the end of a WARC file: %(why)s", {"why": exc})
        if batch:
            yield batch

    async def start(self) -> AsyncIterator[Document]:
        for path in self.files:
            logger.info("Reading %(path)s", {"path": str(path)})
            for batch in self._batches(path):
                for page, profile in self._new(batch):
                    doc = await self._document(page, profile)
                    if doc is not None:
                        yield doc

    async def _document(self, page: Page, profile: Profile) -> Document | None:
        self.crawler.stats.inc_value("newsindex/pages/article")
        html = page_text(page.payload, page.content_type)
        try:
            doc = await self.pool.article(html, page.url, profile, page.fetched_at)
        except PageRejected as exc:
            self.crawler.stats.inc_value(f"newsindex/dropped/{exc.reason}")
            return None
        except Exception as exc:  # one page's failure is counted and reported, never fatal
            self.crawler.stats.inc_value("newsindex/failed/extract")
            logger.error(
                "Cannot extract %(url)s: %(error)s",
                {"url": page.url, "error": f"{type(exc).__name__}: {exc}"},
            )
            return None
        if self.archive is not None:
            self.archive.hold(doc, exchange_of_page(page))
        return doc
