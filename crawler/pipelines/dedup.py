"""Link copies of an article to its earliest published version; discard nothing.

For each article: take its fingerprints (crawler/fingerprint.py; an article
assembled by crawler/article.py carries them, others get them here),
find the documents that share a key (in the store, with one keyword query,
and among this crawl's recent articles, which the store may not hold yet),
confirm each on the texts, and set ``duplicate_of`` to the id of the earliest
published of them all. When the new article is itself the earliest (crawls do
not come in publication order), the copies already stored are pointed at it;
those corrections are written when the crawl closes, after the store pipeline
has written its last batch. Copies stay in the archive and in search results.

Settings (crawler/settings.py): ``NEWSINDEX_DEDUP_ENABLED``,
``NEWSINDEX_DEDUP_THRESHOLD`` (the share of three-word runs two texts must
have in common), ``NEWSINDEX_DEDUP_MEMORY`` (recent articles kept for
in-crawl lookups).
"""

from __future__ import annotations

import logging
from collections import deque
from datetime import UTC, datetime
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.extensions.store import crawl_store
from crawler.fingerprint import fingerprints, similarity
from index.document import Document
from index.errors import StoreError
from index.query import Match, Or, SearchRequest
from index.store import Store

logger = logging.getLogger(__name__)

_CANDIDATES = 20  # stored documents asked for per article
_NEVER = datetime.max.replace(tzinfo=UTC)


def _when(value: str | None) -> datetime:
    if not value:
        return _NEVER
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return _NEVER
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def publication_order(doc: Document) -> tuple[datetime, datetime, str]:
    """Earliest published first; undated ones last, by when they were first seen."""
    return (_when(doc.published), _when(doc.first_seen or doc.crawled_at), doc.id)


class RecentDocuments:
    """The last ``size`` documents of this crawl, found by fingerprint key in constant time."""

    def __init__(self, size: int):
        self.size = size
        self.order: deque[Document] = deque()
        self.by_key: dict[str, dict[str, Document]] = {}

    def append(self, doc: Document) -> None:
        self.order.append(doc)
        for key in doc.fingerprints:
            self.by_key.setdefault(key, {})[doc.id] = doc
        while len(self.order) > self.size:
            old = self.order.popleft()
            for key in old.fingerprints:
                docs = self.by_key.get(key, {})
                if docs.get(old.id) is old:
                    del docs[old.id]
                    if not docs:
                        del self.by_key[key]

    def sharing(self, keys: set[str]) -> list[Document]:
        found: dict[str, Document] = {}
        for key in keys:
            found.update(self.by_key.get(key, {}))
        return list(found.values())


class DedupPipeline:
    """Set ``duplicate_of`` on copies of earlier articles and count them."""

    def __init__(self, store: Store | None, stats: Any, *, threshold: float, memory: int):
        self.store = store  # None: only this crawl's recent articles are compared
        self.stats = stats
        self.threshold = threshold
        self.recent = RecentDocuments(memory)
        self.corrected: dict[str, Document] = {}  # stored copies to point at a new original

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        settings = crawler.settings
        if not settings.getbool("NEWSINDEX_DEDUP_ENABLED"):
            raise NotConfigured("near-duplicate detection is disabled")
        return cls(
            crawl_store(crawler),
            crawler.stats,
            threshold=settings.getfloat("NEWSINDEX_DEDUP_THRESHOLD"),
            memory=settings.getint("NEWSINDEX_DEDUP_MEMORY"),
        )

    def process_item(self, item: Document) -> Document:
        if not item.fingerprints:
            item.fingerprints = fingerprints(item.body)
        copies = [doc for doc in self._candidates(item) if self._same_story(item, doc)]
        self.recent.append(item)
        if not copies:
            return item
        earliest = min([item, *copies], key=publication_order)
        if earliest is item:
            item.duplicate_of = None
            for doc in copies:
                if doc.duplicate_of != item.id:
                    doc.duplicate_of = item.id
                    self.corrected[doc.id] = doc
                    self.stats.inc_value("newsindex/duplicates")
                    self.stats.inc_value("newsindex/duplicates/relinked")
        else:
            item.duplicate_of = earliest.duplicate_of or earliest.id
            self.stats.inc_value("newsindex/duplicates")
        return item

    def _candidates(self, item: Document) -> list[Document]:
        """Documents sharing a key with the item: this crawl's recent ones, then stored ones."""
        keys = set(item.fingerprints)
        if not keys:
            return []
        found = {d.id: d for d in self.recent.sharing(keys) if d.id != item.id}
        if self.store is None:
            return list(found.values())
        query = Or(tuple(Match("fingerprints", key) for key in sorted(keys)))
        request = SearchRequest(query=query, limit=_CANDIDATES, highlight=False)
        try:
            hits = self.store.search(request).hits
        except StoreError as exc:
            self.stats.inc_value("newsindex/duplicates/lookup_errors")
            logger.warning(
                "Duplicate lookup failed for %(url)s: %(e)s", {"url": item.url, "e": exc}
            )
            hits = []
        for hit in hits:
            if hit.document.id != item.id:
                found.setdefault(hit.document.id, hit.document)
        return list(found.values())

    def _same_story(self, item: Document, doc: Document) -> bool:
        """Confirmed on the texts: the same words, or enough runs of words in common."""
        exact = next((k for k in item.fingerprints if k.startswith("c:")), None)
        if exact is not None and exact in doc.fingerprints:
            return True
        return similarity(item.body, doc.body) >= self.threshold

    def close_spider(self) -> None:
        """Write the stored copies that now point at a newly found original."""
        if self.store is None or not self.corrected:
            return
        try:
            result = self.store.upsert(list(self.corrected.values()))
            self.store.refresh()
            logger.info("Linked %(n)d copies to a newly found original", {"n": result.written})
        except StoreError as exc:
            logger.warning("Copies not relinked: %(e)s", {"e": exc})
