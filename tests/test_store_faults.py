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

from index.elasticsearch.store import ElasticsearchStore
from index.errors import StoreError
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
