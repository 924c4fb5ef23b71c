"""The WARC pointer and extractor version flow through the one schema: both stores, the
migrations that bring older archives to it, and export/import."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

from index.document import Document
from index.elasticsearch.schema import SCHEMA_VERSION, mappings, settings
from index.errors import SchemaOutdated
from index.factory import open_store
from tests.cli import run_cli
from tests.conftest import make_store_url
from tests.corpus import CORPUS
from tests.test_index_migrations import sqlite_archive_made_before

#: The corpus with pointers into WARC files, offsets past 4 GB, and an extractor version.
POINTED = [
    dataclasses.replace(
        doc,
        warc_file=f"kaztag/kaztag-20260301000000-{n:05d}.warc.gz",
        warc_offset=3 * 2**31 + n,
        extractor_version=1,
    )
    for n, doc in enumerate(CORPUS)
]
NEW_FIELDS = ("warc_file", "warc_offset", "extractor_version")


def written_and_read_back(store_url: str) -> dict[str, Document]:
    """The pointed corpus, written to the store and read back, by id."""
    store = open_store(store_url)
    try:
        store.ensure_schema()
        store.upsert(POINTED)
        store.refresh()
        return {d.id: d for d in store.scan()}
    finally:
        store.close()


def test_both_stores_keep_the_pointer_and_the_extractor_version(store_url: str) -> None:
    assert written_and_read_back(store_url) == {d.id: d for d in POINTED}


def test_an_sqlite_archive_made_before_the_warc_fields_gains_them(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'news.db'}"
    sqlite_archive_made_before(url, *NEW_FIELDS)
    store = open_store(url)
    store.ensure_schema()
    store.upsert(POINTED[:1])
    doc = store.get(POINTED[0].id)
    store.close()
    assert doc == POINTED[0]


def test_an_sqlite_archive_made_before_the_warc_fields_is_searched_before_it_migrates(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'news.db'}"
    sqlite_archive_made_before(url, *NEW_FIELDS, documents=CORPUS)
    found = run_cli("search", "", "--store", url, "--json", "--limit", str(len(CORPUS)))
    exported = run_cli("export", "--store", url)
    assert (found.code, exported.code) == (0, 0), found.stderr + exported.stderr
    assert {hit["id"] for hit in json.loads(found.stdout)["hits"]} == {d.id for d in CORPUS}
    read = {d.id: d for d in map(Document.from_json, exported.stdout.splitlines())}
    assert read == {d.id: d for d in CORPUS}


@pytest.fixture
def previous_es_archive(tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """An Elasticsearch archive of the schema before the WARC fields: ALIAS-v<previous>."""
    url = make_store_url("elasticsearch", tmp_path, request)
    base, alias = url.rsplit("/", 1)
    old = mappings()
    old["_meta"]["schema_version"] = SCHEMA_VERSION - 1
    for name in NEW_FIELDS:
        del old["properties"][name]
    client = Elasticsearch(base)
    client.indices.create(
        index=f"{alias}-v{SCHEMA_VERSION - 1}",
        settings=settings(),
        mappings=old,
        aliases={alias: {"is_write_index": True}},
    )
    client.close()
    return url


def test_an_elasticsearch_archive_of_the_previous_schema_migrates_to_hold_them(
    previous_es_archive: str,
) -> None:
    store = open_store(previous_es_archive)
    with pytest.raises(SchemaOutdated):
        store.ensure_schema()
    store.close()
    outcome = run_cli("index", "migrate", "--store", previous_es_archive)
    assert outcome.code == 0, outcome.stderr
    assert written_and_read_back(previous_es_archive) == {d.id: d for d in POINTED}


def test_export_and_import_carry_them_between_the_stores(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    first = make_store_url("sqlite", tmp_path / "a", request)
    middle = make_store_url("elasticsearch", tmp_path, request)
    store = open_store(first)
    store.ensure_schema()
    store.upsert(POINTED)
    store.close()
    exported = run_cli("export", "--store", first)
    imported = run_cli("import", "-", "--store", middle, stdin=exported.stdout)
    again = run_cli("export", "--store", middle)
    assert (exported.code, imported.code, again.code) == (0, 0, 0)
    assert again.stdout == exported.stdout
    assert '"warc_offset":6442450944' in exported.stdout
