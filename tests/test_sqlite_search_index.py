"""The embedded store's search index: the analysis's own tokens, kept in step crash-safely."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from index.analysis import folded, stemmed, written_words
from index.errors import SchemaOutdated
from index.query import SearchRequest, parse_query
from index.sqlite import store as sqlite_store
from index.sqlite.schema import (
    COLUMNS,
    REPLACE,
    UPSERT,
    UTC_COLUMNS,
    WrittenRows,
    row_values,
)
from index.sqlite.search import data_version, rows_by_rowid, rows_to_index
from index.sqlite.searchquery import pair_terms, spelling_words
from index.sqlite.searchschema import search_document, text_forms, word_pairs
from index.sqlite.store import SqliteStore
from tests.conftest import FTS_LAYOUT
from tests.corpus import BY_URL, CORPUS

TRICKY = [
    "ЕЩЁ ещё Ёлка",
    "İstanbul ΣΟΦΟΣ σοφός",
    "Cafe\u0301 naïve e\u0301te\u0301",  # decomposed accents: not NFC
    "snake_case 2024-03-05 a.b,c;d",
    "Қасым-Жомарт Тоқаев, Mirziyoyev\u00a0Мирзиёев\u2003end",
    "  \n\n  ",
    "«Кавычки» — тире… and emoji 👍 here",
    "ǅemal ﬁnance Ⅻ ß ǰ",
]


@pytest.mark.parametrize(
    "text",
    TRICKY + [t for doc in CORPUS for t in (doc.title, doc.lead, doc.body) if t],
)
def test_text_forms_are_the_written_words_stems_folded_keys_and_pairs_of_the_analysis(
    text: str,
) -> None:
    keys = folded(text)
    written = " ".join(written_words(text))
    assert text_forms(text) == (written, stemmed(text), keys, word_pairs(keys))


def test_a_texts_pairs_join_each_folded_key_to_the_next() -> None:
    assert text_forms("Нур-Султан и Астана")[3] == "nur_sultan sultan_i i_astana"
    assert text_forms("Астана")[3] == ""


@pytest.fixture
def archive(tmp_path: Path) -> SqliteStore:
    store = SqliteStore(tmp_path / "news.db")
    store.ensure_schema()
    return store


def found(store: SqliteStore, query: str) -> set[str]:
    return {h.document.url for h in store.search(SearchRequest(parse_query(query), limit=100)).hits}


def test_documents_a_killed_writer_left_unindexed_are_indexed_by_the_next_write(
    archive: SqliteStore,
) -> None:
    # As a process killed between committing its rows and indexing them leaves them:
    archive.db.executemany(UPSERT, [row_values(doc) for doc in CORPUS[:4]])
    archive.upsert(CORPUS[4:])
    assert archive.search(SearchRequest(None)).total == len(CORPUS)
    assert archive.status().pending == []


def test_a_run_of_writes_is_searchable_after_each_write(archive: SqliteStore) -> None:
    with archive.bulk():
        archive.upsert(CORPUS[:4])
        assert archive.search(SearchRequest(None)).total == 4
        archive.upsert(CORPUS[4:])
        assert archive.search(SearchRequest(None)).total == len(CORPUS)
    assert archive.status().pending == []


def test_a_run_of_writes_lets_go_of_the_index_writer_when_it_ends(
    archive: SqliteStore, tmp_path: Path
) -> None:
    with archive.bulk():
        archive.upsert(CORPUS[:4])
        assert archive.search_index.holds_writer
    assert not archive.search_index.holds_writer
    other = SqliteStore(tmp_path / "news.db")
    other.upsert(CORPUS[4:])  # takes the writer at once: nothing is left pending
    assert other.status().pending == []
    other.close()


def test_a_run_of_writes_cut_short_indexes_what_it_stored(archive: SqliteStore) -> None:
    with pytest.raises(KeyboardInterrupt), archive.bulk():
        archive.upsert(CORPUS[:4])
        # Stored, not yet indexed, when the run is stopped:
        archive.db.executemany(UPSERT, [row_values(doc) for doc in CORPUS[4:]])
        raise KeyboardInterrupt
    assert archive.search(SearchRequest(None)).total == len(CORPUS)
    assert not archive.search_index.holds_writer


def test_a_write_while_another_store_holds_the_index_writer_is_indexed_by_the_holder(
    archive: SqliteStore, tmp_path: Path
) -> None:
    other = SqliteStore(tmp_path / "news.db")
    with archive.bulk():
        archive.upsert(CORPUS[:2])
        other.upsert(CORPUS[2:4])  # stored, left pending: the writer is held
        assert other.status().pending == ["index 2 document(s) for search"]
        archive.upsert(CORPUS[4:6])  # indexes what is pending, whoever wrote it
        assert other.search(SearchRequest(None)).total == 6
        other.upsert(CORPUS[6:])
    assert other.search(SearchRequest(None)).total == len(CORPUS)
    assert other.status().pending == []
    other.close()


def replace_corpus(archive: SqliteStore) -> WrittenRows:
    """The corpus stored by a replacing write, and the rows that write keeps in memory."""
    rows = [row_values(doc) for doc in CORPUS]
    archive.db.executemany(REPLACE, rows)
    return WrittenRows.of(data_version(archive.db), list(CORPUS), rows)


def test_rows_a_replacing_write_keeps_in_memory_index_as_the_stored_rows(
    archive: SqliteStore,
) -> None:
    written = replace_corpus(archive)
    keys = list(rows_by_rowid(archive.db, range(1, len(CORPUS) + 1), "rowid"))
    stored = {
        row["rowid"]: search_document(row).to_dict()
        for row in rows_by_rowid(archive.db, keys).values()
    }
    kept = {
        row["rowid"]: search_document(row).to_dict()
        for row in rows_to_index(archive.db, keys, written)
    }
    assert kept == stored


def test_rows_another_process_changed_since_a_write_are_read_back_for_the_index(
    archive: SqliteStore,
) -> None:
    written = replace_corpus(archive)
    other = sqlite3.connect(archive.path, isolation_level=None)
    other.execute("UPDATE documents SET title = 'Rewritten elsewhere' WHERE rowid = 1")
    other.close()
    (row,) = rows_to_index(archive.db, [1], written)
    assert row["title"] == "Rewritten elsewhere"


def test_a_document_is_indexed_once_however_often_its_indexing_is_repeated(
    archive: SqliteStore,
) -> None:
    archive.upsert(CORPUS)
    archive.db.execute("INSERT INTO search_pending SELECT rowid FROM documents")
    archive.catch_up()
    archive.upsert(CORPUS)
    assert archive.search(SearchRequest(None)).total == len(CORPUS)


def test_a_deleted_document_leaves_the_index(archive: SqliteStore) -> None:
    archive.upsert(CORPUS)
    url = "https://kaztag.kz/ru/news/parlament-zakon-3"
    archive.delete([BY_URL[url].id])
    assert found(archive, "закон") == set()
    assert archive.search(SearchRequest(None)).total == len(CORPUS) - 1


def test_searches_refuse_an_index_that_lacks_many_articles(
    archive: SqliteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive.upsert(CORPUS)
    archive.db.execute("INSERT INTO search_pending SELECT rowid FROM documents")
    monkeypatch.setattr(sqlite_store, "PENDING_TOLERANCE", 3)
    with pytest.raises(SchemaOutdated, match="not in its search index yet"):
        archive.search(SearchRequest(None))
    assert archive.status().pending == [f"index {len(CORPUS)} document(s) for search"]
    archive.migrate()
    assert archive.search(SearchRequest(None)).total == len(CORPUS)


def test_an_archive_of_the_fts_layout_asks_for_a_migration_before_searching(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as m:
        m.setattr(sqlite_store, "MIGRATIONS", FTS_LAYOUT)
        old = SqliteStore(tmp_path / "news.db")
        old.ensure_schema()
        old.upsert(CORPUS)
        old.close()
    store = SqliteStore(tmp_path / "news.db", create=False)
    with pytest.raises(SchemaOutdated, match="no search index yet"):
        store.search(SearchRequest(parse_query("закон")))
    assert store.get(CORPUS[0].id) == CORPUS[0]  # the documents stay readable
    store.close()


def test_facet_counts_past_the_values_limit_say_they_are_estimates(
    archive: SqliteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    for doc in CORPUS:  # one index segment per write: counts merged across segments
        archive.upsert([doc])
    monkeypatch.setattr("index.sqlite.searchquery.FACET_VALUES_LIMIT", 1)
    result = archive.search(SearchRequest(None, facets=["authors", "language"]))
    assert result.estimated_facets == ["authors", "language"]
    assert result.to_dict()["estimated_facets"] == ["authors", "language"]


def test_exact_facet_counts_carry_no_estimate_mark(archive: SqliteStore) -> None:
    archive.upsert(CORPUS)
    result = archive.search(SearchRequest(None, facets=["authors"]))
    assert result.estimated_facets == []
    assert "estimated_facets" not in result.to_dict()


def test_the_archive_file_stays_a_plain_sqlite_database(archive: SqliteStore) -> None:
    archive.upsert(CORPUS)
    archive.close()
    db = sqlite3.connect(archive.path)
    titles = {row[0] for row in db.execute("SELECT title FROM documents")}
    db.close()
    assert titles == {doc.title for doc in CORPUS}


def test_an_update_keeps_first_seen_and_its_utc_column_together(archive: SqliteStore) -> None:
    doc = BY_URL["https://orda.kz/cpj-calls-investigation-1"]
    archive.upsert([doc])
    archive.upsert([dataclasses.replace(doc, first_seen="2030-01-01T05:00:00+05:00")])
    stored = archive.db.execute(
        "SELECT first_seen, first_seen_utc FROM documents WHERE id = ?", (doc.id,)
    ).fetchone()
    first = dict(zip(COLUMNS + UTC_COLUMNS, row_values(doc), strict=True))
    assert tuple(stored) == (first["first_seen"], first["first_seen_utc"])


def test_a_phrase_is_matched_by_every_other_pair_of_its_keys_and_the_last() -> None:
    assert pair_terms(["a", "b"]) == [(0, "a_b")]
    assert pair_terms(["a", "b", "c"]) == [(0, "a_b"), (1, "b_c")]
    assert pair_terms(["a", "b", "c", "d"]) == [(0, "a_b"), (2, "c_d")]
    assert pair_terms(["a", "b", "c", "d", "e"]) == [(0, "a_b"), (2, "c_d"), (3, "d_e")]


def test_a_phrase_ranks_by_the_spelling_of_its_three_longest_words() -> None:
    assert spelling_words(["в", "городе", "Тоқаев", "и", "Астана", "городе"]) == [
        "городе",
        "Тоқаев",
        "Астана",
    ]
