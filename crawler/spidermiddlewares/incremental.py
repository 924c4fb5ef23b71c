"""Incremental crawling: each URL once per run, known articles skipped, paging stopped early.

Sits between the spider and the scheduler. For every page the spider
parsed it takes the article requests the page produced and, in one batch:

- drops URLs already requested in this run (a story linked from a list, a
  feed and a sitemap is fetched once);
- asks the store which of them it holds (one ``known_ids`` call per page,
  not one per article) and drops those, or with ``--refresh`` turns them
  into conditional requests from the stored ETag / Last-Modified;
- counts a streak of known articles per discovery chain (a list and its
  pages, a feed, a sitemap) and, past ``NEWSINDEX_KNOWN_STREAK``, drops the
  chain's next-page request: the rest of the archive is already stored. Only
  for chains that an earlier crawl walked to their end losing nothing
  (crawler/walks.py): after a killed or lossy crawl the older pages may hold
  articles never stored, so the next crawl walks them all;
- drops the next-page request after ``NEWSINDEX_EMPTY_PAGES`` pages in a
  row with no new link (calendars and other endless paginators).

It also records validators of fetched articles and, for 304 answers,
updates ``last_seen`` of the stored document at the end of the crawl.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.extensions.store import crawl_store
from crawler.meta import CHAIN, CONDITIONAL, NEXT, ROLE
from crawler.summary import losses
from crawler.validators import Validators, validators_path
from crawler.walks import Walks, walks_path
from index.document import document_id
from index.errors import StoreError
from index.store import Store
from index.urls import canonical_url

logger = logging.getLogger(__name__)


class IncrementalMiddleware:
    def __init__(
        self,
        store: Store | None,
        stats: Any,
        *,
        skip_known: bool,
        refresh: bool,
        streak_limit: int,
        empty_limit: int,
        jobdir: str | None = None,
    ):
        self.store = store  # None: nothing to ask (neither skipping known articles nor refreshing)
        self.stats = stats
        self.skip_known = skip_known
        self.refresh = refresh
        self.streak_limit = streak_limit
        self.empty_limit = empty_limit
        self.jobdir = jobdir
        self.seen: set[str] = set()
        self.streaks: dict[str, int] = defaultdict(int)
        self.empty: dict[str, int] = defaultdict(int)
        self.not_modified: list[str] = []
        self.validators: Validators | None = None
        self.walks: Walks | None = None
        self.complete: frozenset[str] = frozenset()  # chains whose older pages are stored
        self.walked: set[str] = set()  # chains this crawl read pages of

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalMiddleware:
        s = crawler.settings
        skip_known, refresh = s.getbool("NEWSINDEX_SKIP_KNOWN"), s.getbool("NEWSINDEX_REFRESH")
        mw = cls(
            crawl_store(crawler) if skip_known or refresh else None,
            crawler.stats,
            skip_known=skip_known,
            refresh=refresh,
            streak_limit=s.getint("NEWSINDEX_KNOWN_STREAK"),
            empty_limit=s.getint("NEWSINDEX_EMPTY_PAGES"),
            jobdir=s.get("JOBDIR"),
        )
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def spider_opened(self, spider: Spider) -> None:
        if self.store is not None:
            self.validators = Validators(validators_path(self.store.url, self.jobdir))
        profile = getattr(spider, "profile", None)
        if self.store is not None and self.skip_known and profile is not None:
            self.walks = Walks(walks_path(self.store.url, profile.name))
            self.complete = self.walks.begin()

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.store is not None:
            self._touch_not_modified()
        if self.validators is not None:
            self.validators.close()
        complete_pass = reason == "finished" and not getattr(spider, "since", None)
        if self.walks is not None and complete_pass and not losses(self.stats.get_stats()):
            self.walks.complete(self.walked)

    # --- responses coming in ----------------------------------------------------------

    def process_spider_input(self, response: Response) -> None:
        request = response.request
        if request is None or request.meta.get(ROLE) != "article" or self.validators is None:
            return
        doc_id = document_id(canonical_url(request.url))
        if response.status == 304:
            self.stats.inc_value("newsindex/not_modified")
            self.not_modified.append(doc_id)
            return
        etag = response.headers.get(b"ETag")
        modified = response.headers.get(b"Last-Modified")
        if etag or modified:
            self.validators.put(
                doc_id,
                etag.decode("latin-1") if etag else None,
                modified.decode("latin-1") if modified else None,
            )

    # --- requests going out -----------------------------------------------------------

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        articles: list[Request] = []
        follow: list[Request] = []
        async for obj in result:
            if not isinstance(obj, Request) or ROLE not in obj.meta:
                yield obj
            elif obj.meta[ROLE] == "article":
                articles.append(obj)
            elif not self._first_time(obj):
                self.stats.inc_value("newsindex/skipped/seen")
            else:
                follow.append(obj)
        new = [r for r in articles if self._first_time(r)]
        self.stats.inc_value("newsindex/skipped/seen", len(articles) - len(new))
        for request in self._unknown(new):
            yield request
        chain = response.request.meta.get(CHAIN) if response.request else None
        if chain:
            self.walked.add(chain)
        for request in follow:
            if request.meta.get(NEXT) and chain and self._stop_chain(chain, articles, new):
                continue
            yield request

    def _first_time(self, request: Request) -> bool:
        url = canonical_url(request.url)
        if url in self.seen:
            return False
        self.seen.add(url)
        return True

    def _unknown(self, requests: list[Request]) -> list[Request]:
        """The requests to send: unknown articles, and known ones made conditional on refresh."""
        if not requests or self.store is None:
            return requests
        by_id = {document_id(canonical_url(r.url)): r for r in requests}
        try:
            known = self.store.known_ids(by_id)
        except StoreError as exc:
            # A store that is down must not cost articles: fetch them all, the
            # store pipeline spools what it cannot write, and upserts are idempotent.
            self.stats.inc_value("newsindex/known_lookup_failed")
            logger.warning("Cannot ask the store which articles it has: %(error)s", {"error": exc})
            known = set()
        for doc_id, request in by_id.items():
            chain = request.meta.get(CHAIN, "")
            self.streaks[chain] = self.streaks[chain] + 1 if doc_id in known else 0
        unknown = [r for doc_id, r in by_id.items() if doc_id not in known]
        if not self.refresh:
            self.stats.inc_value("newsindex/skipped/known", len(known))
            return unknown
        self.stats.inc_value("newsindex/refresh/requested", len(known))
        return unknown + self._conditional([(i, r) for i, r in by_id.items() if i in known])

    def _conditional(self, known: list[tuple[str, Request]]) -> list[Request]:
        assert self.validators is not None
        validators = self.validators.get_many(doc_id for doc_id, _ in known)
        requests = []
        for doc_id, request in known:
            etag, modified = validators.get(doc_id, (None, None))
            meta = {"handle_httpstatus_list": [304], CONDITIONAL: bool(etag or modified)}
            conditional = request.replace(meta={**request.meta, **meta})
            if etag:
                conditional.headers["If-None-Match"] = etag
            if modified:
                conditional.headers["If-Modified-Since"] = modified
            requests.append(conditional)
        return requests

    def _stop_chain(self, chain: str, articles: list[Request], new: list[Request]) -> bool:
        self.empty[chain] = 0 if new else self.empty[chain] + 1
        if self.empty_limit and self.empty[chain] >= self.empty_limit:
            self.stats.inc_value("newsindex/stopped/no_new_links")
            logger.info("Stopped paging %(c)s: pages without new links", {"c": chain})
            return True
        if (
            self.streak_limit
            and not self.refresh
            and chain in self.complete
            and self.streaks[chain] >= self.streak_limit
        ):
            self.stats.inc_value("newsindex/stopped/known_streak")
            logger.info("Stopped paging %(c)s: only known articles", {"c": chain})
            return True
        return False

    def _touch_not_modified(self) -> None:
        """A 304 means the article is still there: only its ``last_seen`` moves."""
        assert self.store is not None
        now = datetime.now(UTC).isoformat(timespec="seconds")
        docs = []
        for doc_id in self.not_modified:
            doc = self.store.get(doc_id)
            if doc is not None:
                doc.last_seen = now
                docs.append(doc)
        if docs:
            self.store.upsert(docs)
            self.store.refresh()
