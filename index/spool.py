"""Nothing lost when the store is down: a durable local spool and a dead-letter file.

Documents the store could not take for now (unreachable, overloaded) are
appended to ``pending.jsonl``, one document per line in the archive's JSON
form, and replayed later: at the next successful write of a crawl, or when asked
(the command line's ``index flush``). Replaying is safe to repeat, since writes are
keyed by id. Documents the store refused for good (a mapping error) go to
``dead-letter.jsonl`` with the reason, for a person to look at.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from index.batches import batches
from index.document import Document
from index.paths import default_data_dir
from index.store import Store, WriteResult

logger = logging.getLogger(__name__)

PENDING = "pending.jsonl"
DEAD_LETTER = "dead-letter.jsonl"


def default_spool_dir(store_url: str) -> Path:
    """One spool per store, under the user's data directory."""
    readable = re.sub(r"[^\w.-]+", "_", store_url.split("://", 1)[-1]).strip("_")[:60]
    digest = hashlib.sha256(store_url.encode("utf-8")).hexdigest()[:12]
    return default_data_dir() / "spool" / f"{readable}-{digest}"


def _append(path: Path, lines: Iterable[str]) -> int:
    """Append lines and fsync: a spooled document must survive a crash of the crawl."""
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("a", encoding="utf-8") as out:
        for line in lines:
            out.write(line + "\n")
            count += 1
        out.flush()
        os.fsync(out.fileno())
    return count


class Spool:
    """The pending and dead-letter files of one store."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.pending = directory / PENDING
        self.dead_letter = directory / DEAD_LETTER

    def add(self, documents: Iterable[Document]) -> int:
        return _append(self.pending, (doc.to_json() for doc in documents))

    def reject(self, document: Document, reason: str) -> None:
        line = json.dumps(
            {"reason": reason, "document": document.to_dict()},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        _append(self.dead_letter, [line])

    def _files(self) -> list[Path]:
        """Interrupted replays first (they are older), then the pending file."""
        replaying = sorted(self.directory.glob("replaying-*.jsonl"))
        return replaying + ([self.pending] if self.pending.exists() else [])

    def pending_count(self) -> int:
        total = 0
        for path in self._files():
            with path.open("rb") as f:
                total += sum(1 for line in f if line.strip())
        return total

    def dead_count(self) -> int:
        if not self.dead_letter.exists():
            return 0
        with self.dead_letter.open("rb") as f:
            return sum(1 for line in f if line.strip())

    def replay(self, store: Store, batch_size: int = 500) -> WriteResult:
        """Write every spooled document; raises StoreUnavailable (keeping the spool) if down.

        The pending file is renamed before it is read, so documents spooled
        meanwhile start a new file and none is deleted unwritten.
        """
        result = WriteResult()
        if self.pending.exists():
            self.pending.rename(self.directory / f"replaying-{time.time_ns()}.jsonl")
        for path in self._files():
            if path == self.pending:
                continue
            for batch in batches(_read(path), batch_size):
                written = store.upsert(batch)  # StoreUnavailable: the file stays for next time
                by_id = {doc.id: doc for doc in batch}
                for doc_id, reason in written.errors:
                    self.reject(by_id[doc_id], reason)
                self.add(by_id[doc_id] for doc_id, _ in written.transient)
                result.add(written)
            path.unlink()
        if result.written:
            store.refresh()
            logger.info("Replayed %d spooled document(s) into %s", result.written, store.url)
        return result


def _read(path: Path) -> Iterator[Document]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield Document.from_json(line)
