"""End to end: ``newsindex crawl`` on the Dala News site, into each store, then search it.

Each crawl runs in a subprocess while this process serves the site. The
crawls are shared: one first crawl per store for the tests that only read
what it left behind, and one first-then-second crawl per store for the
re-crawl tests, so the module runs six crawls, not one or two per test.
The stores come from conftest's ``make_store_url`` (the ``store_url``
fixture is per test), with the same two kinds.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest

from index.document import Document, document_id
from index.factory import open_store
from tests.conftest import SHARED, make_store_url
from tests.sites.crawling import CrawlRun, run_crawl, search_json
from tests.sites.newsportal import (
    BASE_RATE_JSON_LD,
    DESALINATION_META,
    DISALLOWED_ARTICLE,
    DRIP_IRRIGATION,
    HOSPICE_CP1251,
    KAPCHAGAY,
    LIST_PAGE_2,
    LIST_PATH,
    NewsPortal,
    newsportal,
    profile_toml,
)
from tests.sites.server import LocalSite

REFERENCE = SHARED / "fixtures" / "cpj-kazakhstan-article.txt"


def portal() -> NewsPortal:
    """The site, with the page around the shared reference article when that data is here."""
    return newsportal(REFERENCE.read_text(encoding="utf-8") if REFERENCE.exists() else None)


@dataclass(frozen=True)
class Crawled:
    portal: NewsPortal
    base_url: str
    store_url: str
    runs: tuple[CrawlRun, ...]
    counts: tuple[int, ...]  # documents in the store after each crawl

    def url(self, path: str) -> str:
        return self.base_url + path

    def stored(self, path: str) -> Document:
        store = open_store(self.store_url)
        try:
            doc = store.get(document_id(self.url(path)))
        finally:
            store.close()
        assert doc is not None, f"{path} was not stored"
        return doc


def _serve_and_crawl(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, times: int
) -> Iterator[Crawled]:
    tmp = tmp_path_factory.mktemp(f"crawl-{request.param}")
    store_url = make_store_url(request.param, tmp, request)
    site = portal()
    with LocalSite(site.site) as served:
        profile = tmp / "dala-news.toml"
        profile.write_text(profile_toml(served.url), encoding="utf-8")
        runs, counts = [], []
        for _ in range(times):
            run = run_crawl(served, profile, store_url, tmp / "home")
            assert run.exit_code == 0, run.stderr[-3000:]
            runs.append(run)
            store = open_store(store_url)
            counts.append(store.count())
            store.close()
        yield Crawled(site, served.url, store_url, tuple(runs), tuple(counts))


@pytest.fixture(scope="module", params=["sqlite", "elasticsearch"])
def crawled(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Crawled]:
    """One crawl of the site into a fresh store of each kind."""
    yield from _serve_and_crawl(request, tmp_path_factory, 1)


@pytest.fixture(scope="module", params=["sqlite", "elasticsearch"])
def recrawled(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Crawled]:
    """Two crawls of the unchanged site into a fresh store of each kind."""
    yield from _serve_and_crawl(request, tmp_path_factory, 2)


# --- the first crawl ------------------------------------------------------------------


def test_first_crawl_stores_exactly_the_article_pages(crawled: Crawled) -> None:
    store = open_store(crawled.store_url)
    try:
        stored = {doc.url for doc in store.scan()}
    finally:
        store.close()
    assert stored == {crawled.url(path) for path in crawled.portal.article_paths}


def test_first_crawl_summary_counts_the_articles_and_the_missing_page(crawled: Crawled) -> None:
    summary = crawled.runs[0].summary
    n = len(crawled.portal.articles)
    assert (summary["article_pages"], summary["stored"], summary["http_errors"]) == (n, n, 1)


def test_robots_disallowed_article_is_never_requested(crawled: Crawled) -> None:
    requested = crawled.runs[0].requested
    assert LIST_PATH in requested  # the list page that links to it was read
    assert DISALLOWED_ARTICLE not in requested


def test_each_article_page_is_requested_once(crawled: Crawled) -> None:
    # The list links one story three times: plain, with utm_* parameters and with #comments.
    paths = [urlsplit(p).path for p in crawled.runs[0].requested]
    articles = crawled.portal.article_paths
    assert sorted(p for p in paths if p in articles) == sorted(articles)


def test_search_for_a_russian_word_finds_the_russian_articles_containing_it(
    crawled: Crawled,
) -> None:
    result = search_json(crawled.store_url, "водохранилище", "--limit", "100")
    assert {hit["url"] for hit in result["hits"]} == {
        crawled.url(KAPCHAGAY.path),
        crawled.url(DRIP_IRRIGATION.path),
    }


def test_facet_counts_by_source_and_language(crawled: Crawled) -> None:
    result = search_json(
        crawled.store_url, "", "--facet", "source", "--facet", "language", "--limit", "0"
    )
    facets = {
        name: {bucket["value"]: bucket["count"] for bucket in buckets}
        for name, buckets in result["facets"].items()
    }
    assert facets == crawled.portal.expected_facets()


def test_windows_1251_article_is_stored_with_correct_cyrillic(crawled: Crawled) -> None:
    doc = crawled.stored(HOSPICE_CP1251.path)
    assert doc.title == HOSPICE_CP1251.title
    assert HOSPICE_CP1251.paragraphs[-1] in doc.body


def test_json_ld_only_article_gets_its_metadata_from_json_ld(crawled: Crawled) -> None:
    doc = crawled.stored(BASE_RATE_JSON_LD.path)
    assert (doc.title, doc.published, doc.authors, doc.lead) == (
        "Нацбанк сохранил базовую ставку на уровне 16,5 процента",
        "2026-03-09T16:00:00+06:00",
        ["Даурен Абдрахманов"],
        "Регулятор ожидает замедления инфляции во втором полугодии.",
    )


def test_meta_only_article_gets_its_metadata_from_meta_tags(crawled: Crawled) -> None:
    doc = crawled.stored(DESALINATION_META.path)
    assert (doc.title, doc.published, doc.authors, doc.lead) == (
        "Маңғыстауда теңіз суын тұщыландыратын зауыттың құрылысы басталды",
        "2026-03-09T17:40:00+05:00",
        ["Әсел Жұмабаева"],
        "Зауыт тәулігіне елу мың текше метр ауыз су өндіреді.",
    )


def test_first_crawl_reports_no_download_errors(crawled: Crawled) -> None:
    assert crawled.runs[0].summary["download_errors"] == 0


def test_crawl_without_verbose_logs_no_debug_or_info_lines(crawled: Crawled) -> None:
    lines = crawled.runs[0].stderr.splitlines()
    assert [line for line in lines if line.startswith(("DEBUG ", "INFO "))] == []


# --- a second crawl of the unchanged site ---------------------------------------------


def test_second_crawl_adds_no_documents(recrawled: Crawled) -> None:
    n = len(recrawled.portal.articles)
    assert recrawled.counts == (n, n)


def test_second_crawl_fetches_no_known_article_page(recrawled: Crawled) -> None:
    second = recrawled.runs[1].requested
    assert {LIST_PATH, LIST_PAGE_2} <= set(second)  # it did walk the list again
    assert set(second) & recrawled.portal.article_paths == set()


def test_second_crawl_reports_every_article_as_skipped_known(recrawled: Crawled) -> None:
    summary = recrawled.runs[1].summary
    n = len(recrawled.portal.articles)
    assert (summary["skipped_known"], summary["article_pages"], summary["stored"]) == (n, 0, 0)


def test_second_crawl_reports_skipped_articles_not_as_download_errors(
    recrawled: Crawled,
) -> None:
    assert recrawled.runs[1].summary["download_errors"] == 0
