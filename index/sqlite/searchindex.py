"""The search index's directory beside the archive: opened for searching, written in batches.

The archive's SQLite write lock is the one lock: the store writes the index
only inside its write transaction, so one process at a time holds the
index's writer, and the ``search_pending`` rows it deletes in that same
transaction are those the index has committed. A process killed halfway
leaves its rows pending; the next write indexes them again (a document is
replaced by its key, so doing it twice changes nothing).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterable
from pathlib import Path

import tantivy

from index.errors import StoreError, StoreUnavailable
from index.sqlite.searchschema import KEY, SCHEMA_KEY, TOKENIZER, analyzer, build_schema

#: The file in the index directory naming the make-up the index was built with.
KEY_FILE = "newsindex-schema"
WRITER_HEAP = 64_000_000
WRITER_TRIES = 20


def index_dir(archive: Path) -> Path:
    """``news.db`` -> ``news.db-search``, beside it as SQLite's own ``-wal`` and ``-shm``."""
    return archive.with_name(archive.name + "-search")


class SearchIndex:
    """The Tantivy index of one archive."""

    def __init__(self, path: Path):
        self.path = path
        self._index: tantivy.Index | None = None

    def is_current(self) -> bool:
        """Whether the directory holds an index of this version's make-up."""
        marker = self.path / KEY_FILE
        return marker.is_file() and marker.read_text(encoding="utf-8").strip() == SCHEMA_KEY

    def _open(self) -> tantivy.Index:
        if self._index is None:
            index = tantivy.Index.open(str(self.path))
            index.register_tokenizer(TOKENIZER, analyzer())
            self._index = index
        return self._index

    @property
    def schema(self) -> tantivy.Schema:
        return self._open().schema

    def searcher(self) -> tantivy.Searcher:
        """A searcher on the last commit, whichever process made it."""
        index = self._open()
        index.reload()
        return index.searcher()

    def recreate(self) -> None:
        """An empty index of the current make-up, in place of whatever was there.

        Called under the archive's write lock, which then marks every document pending;
        :meth:`mark_current` follows once that is committed, so a crash in between
        only means building it again.
        """
        self._index = None
        if self.path.exists():
            shutil.rmtree(self.path)
        self.path.mkdir(parents=True)
        tantivy.Index(build_schema(), path=str(self.path), reuse=False)

    def mark_current(self) -> None:
        (self.path / KEY_FILE).write_text(SCHEMA_KEY + "\n", encoding="utf-8")

    def size_bytes(self) -> int:
        if not self.path.is_dir():
            return 0
        return sum(p.stat().st_size for p in self.path.iterdir() if p.is_file())

    def writer(self) -> tantivy.IndexWriter:
        """The index's one writer; waits a little if another (a dying process's) holds it."""
        index = self._open()
        busy: ValueError | None = None
        for attempt in range(WRITER_TRIES):
            try:
                return index.writer(heap_size=WRITER_HEAP, num_threads=1)
            except ValueError as exc:
                if "LockBusy" not in str(exc):
                    raise StoreError(f"{self.path}: {exc}") from None
                busy = exc
                time.sleep(0.05 * (attempt + 1))
        raise StoreUnavailable(f"{self.path} is busy: {busy}")


def replace_documents(
    writer: tantivy.IndexWriter, keys: list[int], documents: Iterable[tantivy.Document]
) -> None:
    """Remove every key's old version, add the new ones, commit and merge."""
    for key in keys:
        writer.delete_documents_by_term(KEY, key)
    for document in documents:
        writer.add_document(document)
    writer.commit()
    writer.wait_merging_threads()
