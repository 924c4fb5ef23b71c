"""End to end on three differently built outlets: discovery, incremental runs, refresh, safety.

tests/sites/wordpress.py (list pages + RSS), bitrix.py (``?PAGEN_1=N``,
undeclared windows-1251/KOI8-R) and pangea.py (zones, day archives, a
sitemap index, played under a public host name through a local proxy).
Per site one module-scoped fixture runs the crawls in order and the tests
read what they left: a first crawl, then the site publishes three stories
and a second crawl runs (and, for the WordPress site, a story is corrected
and a ``--refresh`` crawl runs).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

import pytest

from index.document import Document
from index.factory import open_store
from tests.conftest import make_store_url
from tests.sites import bitrix, pangea, wordpress
from tests.sites.crawling import CrawlRun, run_crawl
from tests.sites.server import LocalSite, Site

FAST = ("--set", "AUTOTHROTTLE_ENABLED=false")


@dataclass(frozen=True)
class Runs:
    base_url: str
    store_url: str
    first: CrawlRun
    second: CrawlRun
    published: tuple[str, ...]  # the paths the site published between the two
    expected: frozenset[str]  # the site's article paths after publishing
    first_expected: frozenset[str]
    refresh: CrawlRun | None = None
    corrected: str | None = None
    before_refresh: dict[str, Document] | None = None

    def stored(self) -> dict[str, Document]:
        store = open_store(self.store_url)
        try:
            return {urlsplit(d.url).path: d for d in store.scan()}
        finally:
            store.close()

    def article_requests(self, run: CrawlRun) -> list[str]:
        return [urlsplit(p).path for p in run.requested if urlsplit(p).path in self.expected]


def _settings(*pairs: str) -> tuple[str, ...]:
    return tuple(arg for pair in pairs for arg in ("--set", pair))


class Outlet(Protocol):
    @property
    def article_paths(self) -> frozenset[str]: ...

    def publish(self, count: int) -> list[str]: ...


def crawl_twice(
    served: LocalSite,
    outlet: Outlet,
    profile: Path,
    store_url: str,
    home: Path,
    *args: str,
    env: dict[str, str] | None = None,
) -> Runs:
    """A first crawl, three new stories on the site, a second crawl."""
    first_expected = outlet.article_paths
    first = run_crawl(served, profile, store_url, home, *args, env=env)
    published = outlet.publish(3)
    second = run_crawl(served, profile, store_url, home, *args, env=env)
    return Runs(
        served.url,
        store_url,
        first,
        second,
        tuple(published),
        outlet.article_paths,
        first_expected,
    )


# --- the WordPress-like site: lists, feed, refresh -------------------------------------


@pytest.fixture(scope="module", params=["sqlite", "elasticsearch"])
def steppe(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Runs]:
    tmp = tmp_path_factory.mktemp(f"steppe-{request.param}")
    store_url = make_store_url(request.param, tmp, request)
    post = wordpress.SteppePost(tmp / "secret.txt")
    with LocalSite(post.site) as served:
        profile = tmp / "steppe-post.toml"
        profile.write_text(wordpress.profile_toml(served.url), encoding="utf-8")
        runs = crawl_twice(served, post, profile, store_url, tmp / "home", *FAST)
        before = runs.stored()
        corrected = post.correct(4)
        refresh = run_crawl(served, profile, store_url, tmp / "home", "--refresh", *FAST)
        yield replace(runs, refresh=refresh, corrected=corrected, before_refresh=before)


def test_wordpress_first_crawl_stores_exactly_the_sites_articles(steppe: Runs) -> None:
    assert steppe.first.exit_code == 0, steppe.first.stderr[-2000:]
    assert set(steppe.before_refresh or {}) == steppe.expected


def test_wordpress_first_crawl_fetches_each_article_once_despite_utm_and_amp_links(
    steppe: Runs,
) -> None:
    paths = steppe.article_requests(steppe.first)
    retried = wordpress._path(wordpress.FLAKY)  # 500 once, then fetched again
    assert sorted(paths) == sorted([*steppe.first_expected, retried])
    assert not [p for p in steppe.first.requested if p.endswith("/amp/")]


def test_wordpress_robots_disallowed_story_is_never_requested(steppe: Runs) -> None:
    assert "/" in steppe.first.requested  # the list page that links it was read
    assert wordpress.SPONSORED not in steppe.first.requested


def test_wordpress_feed_only_story_is_found_through_the_feed(steppe: Runs) -> None:
    assert steppe.first.summary["feed_pages"] == 1
    assert "/2026/03/story-15/" in (steppe.before_refresh or {})


def test_wordpress_xxe_feed_never_reads_the_local_file(steppe: Runs) -> None:
    assert not [p for p in steppe.first.requested if wordpress.SECRET in p]
    assert all(wordpress.SECRET not in d.body for d in (steppe.before_refresh or {}).values())


def test_wordpress_calendar_trap_is_left_after_two_pages_without_new_links(steppe: Runs) -> None:
    calendar = [p for p in steppe.first.requested if wordpress.CALENDAR.match(p)]
    assert calendar == ["/2026/02/", "/2026/01/"]
    assert steppe.first.summary["stopped"] == {"no_new_links": 1}


def test_wordpress_story_answering_500_once_is_retried_and_stored(steppe: Runs) -> None:
    path = wordpress._path(wordpress.FLAKY)
    assert steppe.first.requested.count(path) == 2
    assert path in (steppe.before_refresh or {})


def test_wordpress_second_crawl_fetches_only_the_three_new_articles(steppe: Runs) -> None:
    assert steppe.second.exit_code == 0, steppe.second.stderr[-2000:]
    assert sorted(steppe.article_requests(steppe.second)) == sorted(steppe.published)
    assert (steppe.second.summary["stored"], steppe.second.summary["skipped_known"]) == (3, 15)


def test_wordpress_refresh_sends_conditional_requests_for_known_articles(steppe: Runs) -> None:
    assert steppe.refresh is not None
    # The refresh crawl runs after the second one, so the log holds all three crawls.
    conditional = [p for p in steppe.article_requests(steppe.refresh)]
    assert sorted(set(conditional)) == sorted(steppe.expected)


def test_wordpress_refresh_stores_only_the_changed_article(steppe: Runs) -> None:
    assert steppe.refresh is not None
    summary = steppe.refresh.summary
    n = len(steppe.expected)
    assert (summary["stored"], summary["not_modified"]) == (1, n - 1)


def test_wordpress_refresh_updates_the_changed_article_in_place(steppe: Runs) -> None:
    assert steppe.corrected is not None and steppe.before_refresh is not None
    after = steppe.stored()
    doc, old = after[steppe.corrected], steppe.before_refresh[steppe.corrected]
    assert (doc.id, len(after)) == (old.id, len(steppe.expected))
    assert "Update 2: the story was corrected." in doc.body
    assert doc.modified is not None and doc.first_seen == old.first_seen


def test_wordpress_refresh_moves_last_seen_of_unchanged_articles(steppe: Runs) -> None:
    assert steppe.before_refresh is not None
    path = wordpress._path(1)
    assert steppe.stored()[path].last_seen > steppe.before_refresh[path].last_seen


# --- the Bitrix-like site: PAGEN_1, undeclared Cyrillic encodings, broken pages ----------


@pytest.fixture(scope="module")
def dala(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[Runs, bitrix.DalaPress, LocalSite]]:
    tmp = tmp_path_factory.mktemp("dala-press")
    store_url = f"sqlite:///{tmp / 'news.db'}"
    press = bitrix.DalaPress()
    args = (*FAST, *_settings(*bitrix.SETTINGS))
    with LocalSite(press.site) as served:
        profile = tmp / "dala-press.toml"
        profile.write_text(bitrix.profile_toml(served.url), encoding="utf-8")
        yield crawl_twice(served, press, profile, store_url, tmp / "home", *args), press, served


def test_bitrix_first_crawl_stores_exactly_the_sites_articles(
    dala: tuple[Runs, bitrix.DalaPress, LocalSite],
) -> None:
    runs, *_ = dala
    assert runs.first.exit_code == 0, runs.first.stderr[-2000:]
    assert set(runs.stored()) == runs.expected
    assert runs.first.summary["stored"] == len(runs.first_expected)


@pytest.mark.parametrize("n", [1, bitrix.KOI8], ids=["windows-1251", "koi8-r"])
def test_bitrix_undeclared_cyrillic_page_is_stored_with_its_exact_title(
    dala: tuple[Runs, bitrix.DalaPress, LocalSite], n: int
) -> None:
    runs, press, _ = dala
    doc = runs.stored()[bitrix._path(n)]
    assert doc.title == press.story(n).title
    assert press.story(n).paragraphs[0] in doc.body


def test_bitrix_session_parameter_never_reaches_the_site(
    dala: tuple[Runs, bitrix.DalaPress, LocalSite],
) -> None:
    runs, *_ = dala
    assert not [p for p in runs.first.requested if "PHPSESSID" in p]


def test_bitrix_429_is_retried_after_the_retry_after_delay(
    dala: tuple[Runs, bitrix.DalaPress, LocalSite],
) -> None:
    runs, _, served = dala
    path = bitrix._path(bitrix.RATE_LIMITED)
    first, retry = [r.at for r in served.received() if r.path == path][:2]
    assert retry - first >= 1.0  # Retry-After: 1
    assert path in runs.stored()


def test_bitrix_pages_past_the_end_stop_the_paging(
    dala: tuple[Runs, bitrix.DalaPress, LocalSite],
) -> None:
    runs, *_ = dala
    lists = [p for p in runs.first.requested if p.split("?")[0] == bitrix.LIST]
    # 3 real pages, then two that repeat the last one without new links.
    assert lists == [bitrix.LIST, *(f"{bitrix.LIST}?PAGEN_1={n}" for n in (2, 3, 4, 5))]


def test_bitrix_slow_truncated_oversized_and_looping_pages_are_reported_not_stored(
    dala: tuple[Runs, bitrix.DalaPress, LocalSite],
) -> None:
    runs, *_ = dala
    assert not set(bitrix.BROKEN) & set(runs.stored())
    summary = runs.first.summary
    assert summary["refused"] == {"redirect_loop": 2}
    assert summary["download_errors"] >= 3  # the slow, truncated and oversized pages


def test_bitrix_second_crawl_fetches_only_the_three_new_articles(
    dala: tuple[Runs, bitrix.DalaPress, LocalSite],
) -> None:
    runs, *_ = dala
    assert sorted(runs.article_requests(runs.second)) == sorted(runs.published)
    assert set(runs.stored()) == runs.expected


# --- the Pangea-like site: zones, day archives, sitemaps, a public host ------------------


@pytest.fixture(scope="module")
def azattyq(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Runs, LocalSite]]:
    tmp = tmp_path_factory.mktemp("azattyq")
    store_url = f"sqlite:///{tmp / 'news.db'}"
    site = Site()
    with LocalSite(site) as served:
        outlet = pangea.AzattyqTest(served.url + "/internal/secret", site=site)
        profile = tmp / "azattyq-test.toml"
        profile.write_text(pangea.profile_toml(), encoding="utf-8")
        env = pangea.proxy_env(served.url)
        runs = crawl_twice(served, outlet, profile, store_url, tmp / "home", *FAST, env=env)
        yield runs, served


def test_pangea_first_crawl_stores_exactly_the_sites_articles(
    azattyq: tuple[Runs, LocalSite],
) -> None:
    runs, _ = azattyq
    assert runs.first.exit_code == 0, runs.first.stderr[-2000:]
    assert set(runs.stored()) == runs.expected
    assert {urlsplit(d.url).hostname for d in runs.stored().values()} == {pangea.HOST}


def test_pangea_archive_and_sitemap_only_stories_are_found(azattyq: tuple[Runs, LocalSite]) -> None:
    runs, _ = azattyq
    summary = runs.first.summary
    assert summary["sitemap_pages"] == 2  # the index and the news sitemap, not the video one
    assert "/sitemap_video.xml" not in runs.first.requested
    assert pangea.VIDEO_ONLY not in runs.first.requested


def test_pangea_mobile_twin_in_the_sitemap_is_fetched_once(azattyq: tuple[Runs, LocalSite]) -> None:
    runs, _ = azattyq
    assert sorted(runs.article_requests(runs.first)) == sorted(runs.first_expected)


def test_pangea_redirect_to_127_0_0_1_is_refused_and_reported(
    azattyq: tuple[Runs, LocalSite],
) -> None:
    runs, served = azattyq
    assert runs.first.summary["refused"] == {"private_address": 1}
    assert "private_address" in runs.first.stderr
    assert "/internal/secret" not in served.paths()


def test_pangea_second_crawl_fetches_only_the_three_new_articles(
    azattyq: tuple[Runs, LocalSite],
) -> None:
    runs, _ = azattyq
    assert sorted(runs.article_requests(runs.second)) == sorted(runs.published)
    assert set(runs.stored()) == runs.expected
