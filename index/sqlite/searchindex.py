"""The search index's directory beside the archive: opened for searching, written in batches.

The store writes the index only inside the archive's SQLite write
transaction, and the ``search_pending`` rows it deletes in that same
transaction are those the index has committed. A process killed halfway
leaves its rows pending; the next write indexes them again (a document is
replaced by its key, so doing it twice changes nothing).

The index has one writer at a time. A process keeps it between its write
transactions while it has more to index (a run of writes, such as an import),
so the index merges its segments in the background; it lets go outside the
write lock, then looks once more for pending rows. Another process that finds
the writer held leaves its rows pending for the holder, which indexes every
pending row, whoever wrote it, before that last look finds none.
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
#: Tries for a writer another process holds (a dying process lets go within moments; a
#: live one indexes what is pending itself), a little longer apart each time.
WRITER_TRIES = 4


def index_dir(archive: Path) -> Path:
    """``news.db`` -> ``news.db-search``, beside it as SQLite's own ``-wal`` and ``-shm``."""
    return archive.with_name(archive.name + "-search")


class IndexBusy(StoreUnavailable):
    """Another process holds the index's writer (and indexes what is pending)."""


class SearchIndex:
    """The Tantivy index of one archive."""

    def __init__(self, path: Path):
        self.path = path
        self._index: tantivy.Index | None = None
        self._writer: tantivy.IndexWriter | None = None

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
        self.discard_writer()
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

    @property
    def holds_writer(self) -> bool:
        return self._writer is not None

    def _acquire(self) -> tantivy.IndexWriter:
        index = self._open()
        for attempt in range(1, WRITER_TRIES + 1):
            try:
                return index.writer(heap_size=WRITER_HEAP, num_threads=1)
            except ValueError as exc:
                if "LockBusy" not in str(exc):
                    raise StoreError(f"{self.path}: {exc}") from None
            if attempt < WRITER_TRIES:
                time.sleep(0.05 * attempt)
        raise IndexBusy(f"{self.path} is being written by another process")

    def replace(self, keys: list[int], documents: Iterable[tantivy.Document]) -> None:
        """Remove every key's old version, add the new ones and commit. The writer stays
        held, its merges running on, until :meth:`let_go`."""
        if self._writer is None:
            self._writer = self._acquire()
        writer = self._writer
        try:
            for key in keys:
                writer.delete_documents_by_term(KEY, key)
            for document in documents:
                writer.add_document(document)
            writer.commit()
        except BaseException:
            self.discard_writer()  # what it had not committed is rolled back
            raise

    def let_go(self) -> None:
        """Wait for the held writer's merges, then release it."""
        writer, self._writer = self._writer, None
        if writer is not None:
            writer.wait_merging_threads()

    def discard_writer(self) -> None:
        """Release the held writer at once: merges under way are dropped (the segments
        they read stay), nothing committed is lost."""
        self._writer = None
