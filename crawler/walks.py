"""Which discovery chains a crawl walked to their end without losing an article.

The known-article streak stops paging a list once ``NEWSINDEX_KNOWN_STREAK``
articles in a row are stored, assuming the older pages are stored too. That
holds only when an earlier crawl walked those pages and stored everything it
found on them; a crawl killed on page 1, or one whose disk filled up, leaves
older articles that were never stored, and a streak on page 1 would hide them
for good. So, per store and profile, this file records the chains (a list URL
and its pages, an archive, a feed, a sitemap) of the last crawl that ended
cleanly ("finished"), lost nothing and was not cut short by ``--since``. A
crawl forgets the marks as it starts, so one that dies midway leaves none; the
streak applies only to chains with a mark: the watermark of a completed pass.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from index.paths import default_data_dir

logger = logging.getLogger(__name__)


def walks_path(store_url: str, profile: str) -> Path:
    """One file per store and profile, in the user data directory (not the JOBDIR, which
    the scheduler clears after each complete crawl)."""
    digest = hashlib.sha256(f"{store_url}\n{profile}".encode()).hexdigest()[:16]
    return default_data_dir() / "walks" / f"{profile}-{digest}.json"


class Walks:
    def __init__(self, path: Path):
        self.path = path

    def _read(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        complete = data.get("complete") if isinstance(data, dict) else None
        return {str(k): str(v) for k, v in complete.items()} if isinstance(complete, dict) else {}

    def _write(self, complete: dict[str, str]) -> bool:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text(json.dumps({"complete": complete}, indent=1), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError as exc:
            logger.warning("Cannot record the crawl's walks in %s: %s", self.path, exc)
            return False
        return True

    def begin(self) -> frozenset[str]:
        """The chains a previous clean crawl completed; their marks are dropped until this
        crawl completes them again. None is trusted when the marks cannot be dropped."""
        complete = self._read()
        if complete and not self._write({}):
            return frozenset()
        return frozenset(complete)

    def complete(self, chains: Iterable[str]) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        self._write(dict.fromkeys(sorted(chains), now))
