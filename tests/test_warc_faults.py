"""A crawl killed with SIGKILL: every document it stored has its page, readable, in the WARC
files; the killed file's complete records all read back; the next crawl loses and doubles
nothing. On each store (a killed crawl's last bulk write may or may not have landed)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from index.warc import Truncated, read_page, records
from tests.sites.crawling import crawl_command, crawl_env, run_crawl
from tests.sites.pages import list_html, story, story_html
from tests.sites.server import LocalSite, Page, Site
from tests.warcs import read_all, stored, warc_files, warc_root

ARTICLES = 30
KILL_AFTER = 12  # article requests seen by the server before the kill
SETTINGS = (
    "AUTOTHROTTLE_ENABLED=false",
    "CONCURRENT_REQUESTS=2",
    "NEWSINDEX_BATCH_SIZE=4",
    "NEWSINDEX_FLUSH_SECONDS=0.2",
    "NEWSINDEX_EXTRACT_PROCESSES=0",
)


def _site() -> tuple[Site, frozenset[str]]:
    site = Site()
    when = datetime(2026, 3, 1, tzinfo=UTC)
    stories = [story(n, f"/news/story-{n}/", when - timedelta(hours=n)) for n in range(ARTICLES)]
    for s in stories:
        site.add(s.path, Page.html(story_html(s), delay=0.05))
    site.add("/news/", Page.html(list_html("News", [(s.path, s.title, None) for s in stories])))
    return site, frozenset(s.path for s in stories)


def _readable(root: Path, store_url: str) -> dict[str, bool]:
    """Each stored document's URL path: whether its record reads back as its page."""
    out = {}
    for doc in stored(store_url):
        page = read_page(root, str(doc.warc_file), int(doc.warc_offset or 0))
        out[urlsplit(doc.url).path] = page.url == doc.url and b"</html>" in page.payload
    return out


def test_a_crawl_killed_with_sigkill_leaves_every_stored_document_its_record(
    store_url: str, tmp_path: Path
) -> None:
    site, paths = _site()
    home = tmp_path / "home"
    args = [a for s in SETTINGS for a in ("--set", s)]
    with LocalSite(site) as served:
        profile = tmp_path / "killed.toml"
        profile.write_text(
            f'name = "killed"\nsource_name = "Killed"\ndomains = ["127.0.0.1"]\n'
            f"[lists]\nurls = [\"{served.url}/news/\"]\narticle_pattern = '/news/story-\\d+/$'\n",
            encoding="utf-8",
        )
        proc = subprocess.Popen(
            crawl_command(profile, store_url, *args),
            env=crawl_env(home),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while sum(p in paths for p in served.paths()) < KILL_AFTER:
            assert proc.poll() is None, "the crawl ended before it could be killed"
            assert time.monotonic() < deadline, "the crawl made no progress"
            time.sleep(0.02)  # polling the server's log, not waiting for a result
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        root = warc_root(home)
        [killed_file] = warc_files(root)
        at_kill = _readable(root, store_url)
        offsets_at_kill = {d.warc_offset for d in stored(store_url)}
        complete: list[tuple[str, int]] = []
        # Killed inside a write, the file ends inside a record: every one before it reads back.
        with killed_file.open("rb") as stream, contextlib.suppress(Truncated):
            for record in records(stream, "killed"):
                complete.append((record.record_type, record.offset))
        rerun = run_crawl(served, profile, store_url, home, *args)
    after = _readable(root, store_url)
    assert 0 < len(at_kill) < ARTICLES
    assert all(at_kill.values())
    assert complete[0][0] == "warcinfo"
    assert offsets_at_kill <= {offset for kind, offset in complete if kind == "response"}
    assert rerun.exit_code == 0, rerun.stderr[-2000:]
    assert set(after) == paths and all(after.values())
    assert Counter(urlsplit(d.url).path for d in stored(store_url)).most_common(1)[0][1] == 1
    rerun_file = next(f for f in warc_files(root) if f != killed_file)
    responses = [r for r in read_all(rerun_file) if r.record_type == "response"]
    assert len(responses) == rerun.summary["stored"]  # the re-run archived what it stored
