"""A store that cannot write and a spool that cannot be written: the error says why, and
no article vanishes without being counted.

The faults are real: SQLite's own page limit (``PRAGMA max_page_count``, what a full
disk looks like to it), an Elasticsearch index with a write block, a spool path that
is a file, not a directory.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from index.document import Document
from index.elasticsearch.store import ElasticsearchStore
from index.errors import StoreError
from index.factory import open_store
from index.spool import Spool
from index.sqlite.store import SqliteStore
from index.store import Store
from tests.corpus import CORPUS
from tests.test_spool import pipeline_for, stat


def fill(store: Store) -> None:
    """Make the store refuse every further write, as a full disk or a blocked index does."""
    if isinstance(store, SqliteStore):
        store.db.execute("VACUUM")  # no free pages left to write into
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages}")
    else:
        assert isinstance(store, ElasticsearchStore)
        store.client.indices.put_settings(index=store.alias, settings={"index.blocks.write": True})


def test_a_full_sqlite_archive_reports_the_disk_error_itself_and_writes_again_once_freed(
    tmp_path: Path,
) -> None:
    store = SqliteStore(tmp_path / "news.db")
    store.ensure_schema()
    fill(store)
    with pytest.raises(StoreError) as error:
        store.upsert(CORPUS)
    store.db.execute("PRAGMA max_page_count = 1073741823")  # space again
    written = store.upsert(CORPUS).written
    store.close()
    assert "database or disk is full" in str(error.value)
    assert "cannot rollback" not in str(error.value)
    assert written == len(CORPUS)


def test_articles_neither_stored_nor_spooled_are_counted_as_lost_not_dropped(
    store_url: str, tmp_path: Path
) -> None:
    jobdir = tmp_path / "job"
    jobdir.mkdir()
    (jobdir / "newsindex-spool").write_text("a file where the spool directory should be\n")
    pipeline, crawler = pipeline_for(store_url, jobdir)
    fill(pipeline.store)
    for doc in CORPUS[:3]:  # a batch of 3, too long to fit in the pages the store has left
        pipeline.process_item(dataclasses.replace(doc, body=doc.body * 100))
    pipeline.close_spider()
    assert [stat(crawler, k) for k in ("newsindex/lost", "newsindex/store_errors")] == [3, 3]
    assert stat(crawler, "newsindex/stored") == 0


def oversized(n: int = 0) -> Document:
    """An article of some 7 MB of text (pages up to DOWNLOAD_MAXSIZE, 8 MB, are fetched):
    more than a small Elasticsearch node's indexing memory takes in one operation."""
    words = [f"w{n}x{i}" for i in range(20_000)]
    body = " ".join(words[(i * 7919) % len(words)] for i in range(1_000_000))
    return Document(url=f"http://big.example/{n}", title="Oversized", body=body)


def test_an_oversized_document_never_holds_up_the_spool_replay(
    store_url: str, tmp_path: Path
) -> None:
    """Item 12: stored (SQLite) or refused for good into the dead-letter file
    (Elasticsearch answers 429 even when it is sent alone), never retried for ever; the
    documents spooled with it are written."""
    store = open_store(store_url)
    store.ensure_schema()
    if isinstance(store, ElasticsearchStore):
        store.backoff = 0.05
    spool = Spool(tmp_path / "spool")
    spool.add([*CORPUS[:3], oversized(), *CORPUS[3:6]])
    result = spool.replay(store)
    ids = {d.id for d in store.scan()}
    store.close()
    assert result.transient == []
    assert spool.pending_count() == 0
    assert {d.id for d in CORPUS[:6]} <= ids
    assert result.written + len(result.errors) == 7
    assert spool.dead_count() == len(result.errors)
    if result.errors:
        assert "too large" in result.errors[0][1]
