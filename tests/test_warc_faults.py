"""A crawl killed with SIGKILL: every document it stored has its page, readable, in the WARC
files; the killed file's complete records all read back; the next crawl loses and doubles
nothing. On each store (a killed crawl's last bulk write may or may not have landed)."""

from __future__ import annotations

import contextlib
import os
import signal
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from index.warc import Truncated, read_page, records
from tests.sites.crawling import run_crawl
from tests.sites.pages import stories_profile
from tests.sites.server import LocalSite
from tests.test_crawl_faults import start, wait_for_articles
from tests.test_crawl_resume import ARTICLES, KILL_AFTER, SETTINGS, site_of_stories
from tests.warcs import read_all, stored, warc_files, warc_root


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
    site, paths = site_of_stories()
    home = tmp_path / "home"
    args = [a for s in SETTINGS for a in ("--set", s)]
    with LocalSite(site) as served:
        profile = tmp_path / "killed.toml"
        profile.write_text(stories_profile(served.url, "killed"), encoding="utf-8")
        proc = start(profile, store_url, home, *args)
        wait_for_articles(served, KILL_AFTER, proc)
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate()
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
