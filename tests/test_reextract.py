"""``newsindex reextract``: today's extraction on the archived pages, documents updated in place.

An archive is built by a real crawl of the Dala News site; then the
profile's extraction rules change (a ``tags`` selector the site's article
layout answers, its reference layout does not) and ``reextract`` runs with
the new profile, twice.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from index.document import Document
from index.warc import read_page
from tests.cli import Outcome, load, run_cli
from tests.conftest import make_store_url
from tests.sites.crawling import crawl_env, run_crawl
from tests.sites.newsportal import ARTICLES, profile_toml
from tests.sites.pages import list_html, stories_profile, story, story_html
from tests.sites.server import LocalSite, Page, Site
from tests.warcs import crawl_portal, stored, warc_files, warc_root

TAGS_RULE = '\n[selectors]\ntags = ".tags a"\n'
CRAWL_KEPT = ("id", "url", "first_seen", "last_seen", "crawled_at", "warc_file", "warc_offset")


def reextract(store_url: str, root: Path, *args: str) -> tuple[Outcome, dict[str, Any]]:
    outcome = run_cli("reextract", "--store", store_url, "--warc-dir", str(root), "--json", *args)
    assert outcome.code == 0, outcome.stderr
    return outcome, json.loads(outcome.stdout)


@dataclass(frozen=True)
class Reextracted:
    before: dict[str, Document]  # by URL path, as the crawl stored them
    dry: dict[str, Any]
    after_dry: dict[str, Document]
    first: dict[str, Any]
    first_stderr: str
    after_first: dict[str, Document]
    second: dict[str, Any]
    after_second: dict[str, Document]
    affected: frozenset[str]  # the paths whose page answers the new rule


@pytest.fixture(scope="module", params=["sqlite", "elasticsearch"])
def reextracted(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Reextracted]:
    tmp = tmp_path_factory.mktemp(f"reextract-{request.param}")
    store_url = make_store_url(request.param, tmp, request)
    done = crawl_portal(tmp, store_url)
    changed = tmp / "dala-news-tags.toml"
    changed.write_text(profile_toml(done.base_url) + TAGS_RULE, encoding="utf-8")

    def by_path() -> dict[str, Document]:
        return done.documents(store_url)

    root = done.root
    before = by_path()
    args = ("--profile", str(changed))
    _, dry = reextract(store_url, root, *args, "--dry-run")
    after_dry = by_path()
    first_run, first = reextract(store_url, root, *args)
    after_first = by_path()
    _, second = reextract(store_url, root, *args)
    affected = frozenset(a.path for a in ARTICLES if a.metadata != "reference")
    yield Reextracted(
        before, dry, after_dry, first, first_run.stderr, after_first, second, by_path(), affected
    )


def test_a_changed_rule_updates_exactly_the_documents_it_affects(r: Reextracted) -> None:
    assert r.first["changed"] == len(r.affected)
    assert r.first["fields"] == {"tags": len(r.affected)}
    changed = {p for p, d in r.after_first.items() if d.to_dict() != r.before[p].to_dict()}
    assert changed == r.affected
    section = {a.path: a.section for a in ARTICLES}
    assert all(r.after_first[p].tags == [section[p]] for p in r.affected)


def test_ids_first_seen_and_the_record_stay_the_same(r: Reextracted) -> None:
    assert set(r.after_first) == set(r.before)
    for path, doc in r.after_first.items():
        kept = {k: getattr(doc, k) for k in CRAWL_KEPT}
        assert kept == {k: getattr(r.before[path], k) for k in CRAWL_KEPT}


def test_a_second_run_changes_nothing(r: Reextracted) -> None:
    assert (r.second["changed"], r.second["unchanged"]) == (0, len(r.before))
    assert {p: d.to_dict() for p, d in r.after_second.items()} == {
        p: d.to_dict() for p, d in r.after_first.items()
    }


def test_a_dry_run_counts_what_would_change_and_writes_nothing(r: Reextracted) -> None:
    assert (r.dry["changed"], r.dry["fields"], r.dry["dry_run"]) == (
        len(r.affected),
        {"tags": len(r.affected)},
        True,
    )
    assert {p: d.to_dict() for p, d in r.after_dry.items()} == {
        p: d.to_dict() for p, d in r.before.items()
    }


def test_progress_and_the_summary_go_to_stderr(r: Reextracted) -> None:
    assert f"reextract: {len(r.before)}/{len(r.before)} document(s)" in r.first_stderr
    assert f"fields: tags {len(r.affected)}" in r.first_stderr


@pytest.fixture
def r(reextracted: Reextracted) -> Reextracted:
    return reextracted


# --- what cannot be re-extracted -------------------------------------------------------


def test_documents_without_a_record_are_skipped_and_counted(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'news.db'}"
    load(url, [Document(url="https://orda.kz/old-1/", source="orda-kz", title="T", body="B")])
    _, summary = reextract(url, tmp_path / "warc")
    assert (summary["changed"], summary["skipped"]) == (0, {"no_record": 1})


def test_since_and_the_filters_select_the_documents_to_reextract(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'news.db'}"
    docs = [
        Document(
            url=f"https://orda.kz/a-{n}/", source=source, crawled_at=crawled, title="T", body="B"
        )
        for n, (source, crawled) in enumerate(
            [
                ("orda-kz", "2025-12-31T23:00:00+00:00"),
                ("orda-kz", "2026-02-01T10:00:00+06:00"),
                ("kaztag", "2026-03-01T10:00:00+00:00"),
            ]
        )
    ]
    load(url, docs)
    _, since = reextract(url, tmp_path / "warc", "--since", "2026-01-01")
    _, source = reextract(url, tmp_path / "warc", "--since", "2026-01-01", "--source", "orda-kz")
    assert (since["documents"], source["documents"]) == (2, 1)


def _stories(count: int, paragraphs: int = 4) -> tuple[Site, list[str]]:
    site = Site()
    when = datetime(2026, 3, 1, tzinfo=UTC)
    paths = []
    for n in range(count):
        s = story(n, f"/news/story-{n}/", when - timedelta(minutes=n))
        s = type(s)(**{**vars(s), "paragraphs": s.paragraphs * (paragraphs // 4)})
        site.add(s.path, Page.html(story_html(s)))
        paths.append(s.path)
    site.add("/news/", Page.html(list_html("News", [(p, p, None) for p in paths])))
    return site, paths


def _profile(base_url: str, extra: str = "") -> str:
    return stories_profile(base_url, extra=f"max_pages = 1\n{extra}")


SECTION_RULE = '[selectors]\nsection = "h1"\n'  # every story's section becomes its title
# The stories share their sentences: near-duplicate checks are not what is tested here.
FAST = (
    "AUTOTHROTTLE_ENABLED=false",
    "NEWSINDEX_EXTRACT_PROCESSES=2",
    "NEWSINDEX_DEDUP_ENABLED=false",
)


def _crawl_stories(tmp_path: Path, count: int, paragraphs: int = 4) -> tuple[str, Path, Path]:
    """A crawled archive of ``count`` stories: its store URL, WARC root, changed profile."""
    site, paths = _stories(count, paragraphs)
    store_url = f"sqlite:///{tmp_path / 'news.db'}"
    with LocalSite(site) as served:
        profile = tmp_path / "stories.toml"
        profile.write_text(_profile(served.url), encoding="utf-8")
        args = [a for s in FAST for a in ("--set", s)]
        run = run_crawl(served, profile, store_url, tmp_path / "home", *args)
        changed = tmp_path / "stories-v2.toml"
        changed.write_text(_profile(served.url, SECTION_RULE), encoding="utf-8")
    assert run.exit_code == 0, run.stderr[-2000:]
    assert len(stored(store_url)) == len(paths)
    return store_url, warc_root(tmp_path / "home"), changed


def test_a_record_cut_short_is_reported_and_skipped_never_fatal(tmp_path: Path) -> None:
    store_url, root, changed = _crawl_stories(tmp_path, 3)
    [path] = warc_files(root)
    last = max(stored(store_url), key=lambda d: d.warc_offset or 0)
    path.write_bytes(path.read_bytes()[: (last.warc_offset or 0) + 100])  # cut inside it
    outcome, summary = reextract(store_url, root, "--profile", str(changed))
    assert (summary["changed"], summary["skipped"]) == (2, {"truncated": 1})
    assert "skipped a record cut short" in outcome.stderr and "cut short" in summary["truncated"][0]


def test_a_reextract_killed_and_run_again_updates_every_document_once(tmp_path: Path) -> None:
    """SIGKILL once the first progress line is out; the re-run finishes what is left and
    writes nothing twice: what the killed run updated comes out unchanged."""
    count = 240
    store_url, root, changed = _crawl_stories(tmp_path, count, paragraphs=24)
    command = [sys.executable, "-m", "search_cli", "reextract", "--store", store_url]
    command += ["--warc-dir", str(root), "--profile", str(changed)]
    env = {**crawl_env(tmp_path / "home"), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    deadline = time.monotonic() + 120
    while not proc.stderr.readline().startswith("reextract: "):
        assert proc.poll() is None and time.monotonic() < deadline, "no progress shown"
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    done_at_kill = sum(d.section == d.title for d in stored(store_url))
    _, rerun = reextract(store_url, root, "--profile", str(changed))
    docs = stored(store_url)
    assert 0 < done_at_kill < count
    assert (rerun["changed"], rerun["unchanged"]) == (count - done_at_kill, done_at_kill)
    assert len(docs) == count and all(d.section == d.title for d in docs)
    assert all(read_page(root, str(d.warc_file), int(d.warc_offset or 0)) for d in docs)
