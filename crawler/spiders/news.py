"""The one generic spider: a site profile says where to look, extraction does the rest."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy.http import Response, TextResponse

from crawler.extract import extract
from crawler.profile import Profile, load_profile
from index.document import Document
from index.urls import canonical_url

ARTICLE_META = "newsindex_article"
NEXT_LINK = 'link[rel="next"]::attr(href), a[rel="next"]::attr(href)'


class NewsSpider(scrapy.Spider):
    name = "news"

    def __init__(
        self, profile: str | Profile, max_pages: int | str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.profile = profile if isinstance(profile, Profile) else load_profile(profile)
        self.max_pages = int(max_pages) if max_pages else self.profile.lists.max_pages
        self.allowed_domains = list(self.profile.domains)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        headers = {"User-Agent": self.profile.user_agent} if self.profile.user_agent else None
        for url in self.profile.lists.urls:
            yield scrapy.Request(
                url, callback=self.parse_list, cb_kwargs={"page": 1}, headers=headers
            )

    def parse_list(self, response: Response, page: int) -> Iterator[scrapy.Request]:
        if not isinstance(response, TextResponse):
            return
        self.crawler.stats.inc_value("newsindex/pages/list")
        seen: set[str] = set()
        for href in response.css("a::attr(href)").getall():
            url = canonical_url(response.urljoin(href))
            if url in seen or not self.profile.is_article(url):
                continue
            seen.add(url)
            yield scrapy.Request(url, callback=self.parse_article, meta={ARTICLE_META: True})
        if page >= self.max_pages:
            return
        next_url = self._next_page(response)
        if next_url:
            yield scrapy.Request(next_url, callback=self.parse_list, cb_kwargs={"page": page + 1})

    def _next_page(self, response: TextResponse) -> str | None:
        candidates: list[str | None] = []
        if self.profile.lists.next_page:
            candidates.append(response.css(self.profile.lists.next_page).get())
        candidates.append(
            response.css('link[rel="next"]::attr(href), a[rel="next"]::attr(href)').get()
        )
        for href in candidates:
            if href:
                url = response.urljoin(href.strip())
                if self.profile.owns(url):
                    return url
        return None

    async def parse_article(self, response: Response) -> AsyncIterator[Document]:
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("newsindex/dropped/not_text")
            return
        self.crawler.stats.inc_value("newsindex/pages/article")
        now = datetime.now(UTC)
        fields = await asyncio.to_thread(extract, response.text, response.url, self.profile, now)
        url = canonical_url(response.url)
        declared = fields.pop("canonical_url", None)
        if declared:
            declared = canonical_url(response.urljoin(declared))
            if self.profile.is_article(declared):
                url = declared
        stamp = now.isoformat(timespec="seconds")
        fields["url"] = url
        yield Document(
            source=self.profile.name,
            source_name=self.profile.source_name,
            crawled_at=stamp,
            first_seen=stamp,
            last_seen=stamp,
            **fields,
        )
