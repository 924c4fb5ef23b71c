"""A crawl writes while searches run: every article stored once, every search answered.

The crawl is its own process writing in small batches (as a scheduled crawl
does), the searches run meanwhile in this one, on either store.
"""

from __future__ import annotations

import threading
from pathlib import Path

from index.factory import open_store
from index.query import SearchRequest
from tests.sites.server import LocalSite
from tests.test_crawl_faults import news_site, profile, settings, start, stored_paths

STORIES = 40


def test_a_crawl_writing_while_searches_run_loses_nothing(store_url: str, tmp_path: Path) -> None:
    site = news_site(STORIES, delay=0.02)
    totals: list[int] = []
    errors: list[BaseException] = []
    crawl_done = threading.Event()

    def search_loop() -> None:
        reader = open_store(store_url)
        reader.ensure_schema()
        try:
            while not crawl_done.is_set():
                request = SearchRequest(None, facets=["source", "language"], sort="-date")
                totals.append(reader.search(request).total)
        except BaseException as exc:
            errors.append(exc)
        finally:
            reader.close()

    with LocalSite(site.site) as served:
        path = profile(tmp_path, served.url)
        searches = threading.Thread(target=search_loop)
        searches.start()
        try:
            proc = start(path, store_url, tmp_path / "home", *settings("CONCURRENT_REQUESTS=2"))
            _, err = proc.communicate(timeout=240)
        finally:
            crawl_done.set()
            searches.join(timeout=60)
    store = open_store(store_url)
    store.refresh()
    final = store.search(SearchRequest(None, facets=["source"]))
    store.close()
    assert proc.returncode == 0, err[-2000:]
    assert errors == []
    assert len(totals) > 3  # the searches ran while the crawl wrote
    assert totals == sorted(totals)  # what was found stays found
    assert stored_paths(store_url) == set(site.paths)
    assert final.total == STORIES
    assert [(v.value, v.count) for v in final.facets["source"]] == [("faults", STORIES)]
