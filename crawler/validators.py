"""The HTTP validators (ETag, Last-Modified) of stored articles, for ``--refresh``.

They are crawl state, not part of the document: a small SQLite file under
the crawl's JOBDIR, or in the user data directory (one file per store URL),
so a refresh can ask "changed since?" with If-None-Match/If-Modified-Since.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from index.paths import default_data_dir

SCHEMA = """CREATE TABLE IF NOT EXISTS validators (
    id TEXT PRIMARY KEY, etag TEXT, last_modified TEXT
)"""


def validators_path(store_url: str, jobdir: str | None) -> Path:
    if jobdir:
        return Path(jobdir) / "newsindex-validators.sqlite"
    digest = hashlib.sha256(store_url.encode()).hexdigest()[:16]
    return default_data_dir() / "validators" / f"{digest}.sqlite"


class Validators:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path)
        self.db.execute(SCHEMA)

    def get_many(self, ids: Iterable[str]) -> dict[str, tuple[str | None, str | None]]:
        ids = list(ids)
        found: dict[str, tuple[str | None, str | None]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for doc_id, etag, modified in self.db.execute(
                f"SELECT id, etag, last_modified FROM validators WHERE id IN ({marks})", chunk
            ):
                found[doc_id] = (etag, modified)
        return found

    def put(self, doc_id: str, etag: str | None, last_modified: str | None) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO validators (id, etag, last_modified) VALUES (?, ?, ?)",
            (doc_id, etag, last_modified),
        )

    def close(self) -> None:
        self.db.commit()
        self.db.close()
