"""One document assembly: ``newsindex extract`` and a crawl give the same document, and a
crawl opens its store once.

Both call crawler/article.py; these tests crawl the Dala News site for real
(a subprocess, as users run it) and compare what the crawl stored with what
``extract`` prints for the same pages, saved as the site served them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from index.document import document_id
from index.factory import open_store
from tests.cli import run_cli
from tests.sites.crawling import CRAWL_TIMEOUT, crawl_command, crawl_env, run_crawl
from tests.sites.newsportal import newsportal, profile_toml
from tests.sites.server import LocalSite

#: What a crawl adds to the extracted document: when, and where its page is archived.
CRAWL_FACTS = ("crawled_at", "first_seen", "last_seen", "warc_file", "warc_offset")


def without_crawl_times(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k not in CRAWL_FACTS}


def test_extract_prints_the_document_a_crawl_of_the_same_page_stores(tmp_path: Path) -> None:
    portal = newsportal()
    store_url = f"sqlite:///{tmp_path / 'news.db'}"
    with LocalSite(portal.site) as served:
        profile = tmp_path / "dala-news.toml"
        profile.write_text(profile_toml(served.url), encoding="utf-8")
        run = run_crawl(served, profile, store_url, tmp_path / "home")
        assert run.exit_code == 0, run.stderr[-3000:]
    store = open_store(store_url)
    try:
        stored = {path: store.get(document_id(served.url + path)) for path in portal.article_paths}
    finally:
        store.close()
    assert all(stored.values()), stored

    extracted = {}
    for path in sorted(portal.article_paths):
        saved = tmp_path / "page.html"
        saved.write_bytes(portal.site.pages[path].body)  # the bytes the crawler was sent
        outcome = run_cli(
            "extract", str(saved), "--url", served.url + path, "--profile", str(profile), "--json"
        )
        assert outcome.code == 0, outcome.stderr
        extracted[path] = json.loads(outcome.stdout)

    for path, doc in stored.items():
        assert doc is not None
        assert without_crawl_times(extracted[path]) == without_crawl_times(doc.to_dict()), path
    assert all(extracted[path]["crawled_at"] for path in extracted)


#: Runs ``newsindex ARGS`` with every SQLite store construction and schema check counted,
#: then writes the counts as JSON to the file named by the first argument.
COUNTING = """
import json, sys
from index.sqlite.store import SqliteStore

counts = {"opened": 0, "ensure_schema": 0}
init, ensure = SqliteStore.__init__, SqliteStore.ensure_schema

def counted_init(self, *args, **kwargs):
    counts["opened"] += 1
    init(self, *args, **kwargs)

def counted_ensure(self):
    counts["ensure_schema"] += 1
    ensure(self)

SqliteStore.__init__, SqliteStore.ensure_schema = counted_init, counted_ensure
from search_cli.main import main

try:
    main(sys.argv[2:])
finally:
    with open(sys.argv[1], "w") as out:
        json.dump(counts, out)
"""


@pytest.mark.parametrize("refresh", [False, True], ids=["crawl", "refresh"])
def test_a_crawl_opens_its_store_once_and_ensures_its_schema_once(
    tmp_path: Path, refresh: bool
) -> None:
    portal = newsportal()
    store_url = f"sqlite:///{tmp_path / 'news.db'}"
    counts = tmp_path / "counts.json"
    with LocalSite(portal.site) as served:
        profile = tmp_path / "dala-news.toml"
        profile.write_text(profile_toml(served.url), encoding="utf-8")
        args = crawl_command(profile, store_url, *(["--refresh"] if refresh else []))[3:]
        proc = subprocess.run(
            [sys.executable, "-c", COUNTING, str(counts), *args],
            capture_output=True,
            text=True,
            timeout=CRAWL_TIMEOUT,
            env=crawl_env(tmp_path / "home"),
            check=False,
        )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert json.loads(proc.stdout)["stored"] == len(portal.articles)
    assert json.loads(counts.read_text()) == {"opened": 1, "ensure_schema": 1}
