"""A crawl on a full disk: every article is stored, or spooled and written by ``index flush``,
or reported as lost with a non-zero exit; and the next crawl fetches whatever is missing.

The disk is real: a small tmpfs this test mounts, holding the archive, the
spool and the crawl state together (the default layout, everything in the
user data directory), then grows ("space freed") before the flush and re-run.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from index.warc import read_page
from tests.cli import run_cli
from tests.conftest import IN_CI
from tests.sites.crawling import run_crawl
from tests.sites.pages import list_html, stories_profile, story, story_html
from tests.sites.server import LocalSite, Page, Site
from tests.test_crawl_faults import stored_paths
from tests.warcs import stored, warc_files, warc_root, warcio

ARTICLES = 40
SETTINGS = ("AUTOTHROTTLE_ENABLED=false", "NEWSINDEX_EXTRACT_PROCESSES=0", "NEWSINDEX_BATCH_SIZE=4")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 640 KB tmpfs, unmounted afterwards; root is needed to mount it."""
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=640k", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
        check=False,
    )
    if made.returncode != 0:
        reason = f"cannot mount a tmpfs (root needed): {made.stderr.strip()}"
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def grow(mount: Path) -> None:
    subprocess.run(["mount", "-o", "remount,size=64m", str(mount)], check=True)


def long_story_site() -> tuple[Site, list[str]]:
    """Articles of some 8 KB of text each, listed on one page."""
    site = Site()
    when = datetime(2026, 3, 1, tzinfo=UTC)
    paths = []
    for n in range(ARTICLES):
        s = story(n, f"/news/story-{n}/", when - timedelta(hours=n))
        s = type(s)(**{**vars(s), "paragraphs": s.paragraphs * 8})
        site.add(s.path, Page.html(story_html(s)))
        paths.append(s.path)
    site.add("/news/", Page.html(list_html("News", [(p, p, None) for p in paths])))
    return site, paths


@pytest.mark.parametrize("layout", ["spool-on-the-full-disk", "spool-elsewhere"])
def test_a_full_disk_loses_no_article_for_good(
    small_disk: Path, tmp_path: Path, layout: str
) -> None:
    """With the default layout the spool and the WARC files fill up too, and the articles
    they cannot take are reported lost (exit 1; a stored article always has its page); with
    the spool (--jobdir) and the WARC files (NEWSINDEX_WARC_DIR) on another disk they wait
    in the spool. Either way the WARC files stay well-formed and every stored article's
    page reads back."""
    store_url = f"sqlite:///{small_disk / 'news.db'}"
    home = small_disk  # user data (spool, crawl state) on the same small disk
    site, paths = long_story_site()
    args = [a for s in SETTINGS for a in ("--set", s)]
    spool: list[str] = []
    warc = warc_root(home)
    if layout == "spool-elsewhere":
        warc = tmp_path / "warc"
        args += ["--jobdir", str(tmp_path / "job"), "--set", f"NEWSINDEX_WARC_DIR={warc}"]
        spool = ["--spool", str(tmp_path / "job" / "newsindex-spool")]
    with LocalSite(site) as served:
        profile = tmp_path / "disk.toml"
        profile.write_text(stories_profile(served.url, "disk"), encoding="utf-8")
        first = run_crawl(served, profile, store_url, home, *args)
        after_first = stored_paths(store_url)
        grow(small_disk)
        env = {"XDG_DATA_HOME": str(home / "xdg_data_home")}
        flushed = run_cli("index", "flush", "--store", store_url, *spool, env=env)
        after_flush = stored_paths(store_url)
        rerun = run_crawl(served, profile, store_url, home, *args)
    summary = first.summary
    # The disk filled during the first crawl: some articles could not be stored...
    assert 0 < len(after_first) < ARTICLES, first.stderr[-2000:]
    # ...and each of them was spooled or reported lost, the crawl failing if any was lost.
    assert summary["stored"] + summary["spooled"] + summary["lost"] == ARTICLES
    if layout == "spool-elsewhere":
        assert summary["lost"] == 0 and summary["spooled"] > 0 and first.exit_code == 0
    else:
        assert summary["lost"] > 0 and first.exit_code == 1
        assert "database or disk is full" in first.stderr
    assert "cannot rollback" not in first.stderr
    # What was spooled is written by `index flush` once there is room again.
    assert flushed.code == 0, flushed.stderr
    assert len(after_flush) == len(after_first) + summary["spooled"]
    # The next crawl fetches exactly what the store lacks, and stores it.
    fetched = {p for p in rerun.requested if p.startswith("/news/story-")}
    assert fetched == set(paths) - after_flush
    assert rerun.exit_code == 0, rerun.stderr[-2000:]
    assert stored_paths(store_url) == set(paths)
    assert [warcio("check", str(f)).returncode for f in warc_files(warc)] == [0] * len(
        warc_files(warc)
    )
    for doc in stored(store_url):
        assert read_page(warc, str(doc.warc_file), int(doc.warc_offset or 0)).url == doc.url
