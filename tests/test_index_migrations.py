"""Schema versions: SQLite archives upgrade in place, Elasticsearch moves to a new index."""

from __future__ import annotations

import dataclasses
import json
import re
import threading
from pathlib import Path
from typing import Any

import pytest
from elasticsearch import Elasticsearch, helpers

from index.elasticsearch.schema import ANALYSED_FIELDS, mappings, settings, versioned_index
from index.elasticsearch.store import ElasticsearchStore
from index.errors import SchemaOutdated
from index.factory import open_store
from index.query import SearchRequest, parse_query
from index.sqlite import store as sqlite_store
from tests.cli import run_cli
from tests.conftest import make_store_url
from tests.corpus import BY_URL, CORPUS

RU_LAW = BY_URL["https://kaztag.kz/ru/news/parlament-zakon-3"]


def test_an_sqlite_archive_of_the_first_schema_upgrades_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'news.db'}"
    with monkeypatch.context() as m:
        m.setattr(sqlite_store, "MIGRATIONS", sqlite_store.MIGRATIONS[:1])
        old = open_store(url)
        old.ensure_schema()
        old.upsert(CORPUS)
        old.close()
    store = open_store(url)
    assert store.status().pending == [name for name, _ in sqlite_store.MIGRATIONS[1:]]
    store.ensure_schema()
    hits = store.search(SearchRequest(parse_query("закона"), facets=["tags"]))
    status = store.status()
    store.close()
    assert [h.document.id for h in hits.hits] == [RU_LAW.id]
    assert [(v.value, v.count) for v in hits.facets["tags"]] == [("СМИ", 1), ("закон", 1)]
    assert (status.schema, status.up_to_date, status.documents) == (
        sqlite_store.MIGRATIONS[-1][0],
        True,
        len(CORPUS),
    )


def test_sqlite_records_each_migration_once(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'news.db'}")
    store.ensure_schema()
    store.ensure_schema()
    assert isinstance(store, sqlite_store.SqliteStore)
    assert store.applied_migrations() == [name for name, _ in sqlite_store.MIGRATIONS]
    store.close()


def sqlite_archive_made_before(url: str, *fields: str) -> None:
    """An SQLite archive at ``url`` as made before ``fields`` joined the schema: without
    their columns, nor the triggers that read them."""
    old = open_store(url)
    old.ensure_schema()
    assert isinstance(old, sqlite_store.SqliteStore)
    for trigger in ("document_values_ai", "document_values_ad", "document_values_au"):
        old.db.execute(f"DROP TRIGGER {trigger}")
    for name in fields:
        old.db.execute(f"ALTER TABLE documents DROP COLUMN {name}")
    old.close()


def test_sqlite_archive_gains_fields_added_to_the_schema_since(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'news.db'}"
    sqlite_archive_made_before(url, "entities")  # as made before #8
    store = open_store(url)
    store.ensure_schema()
    doc = dataclasses.replace(BY_URL["https://orda.kz/cpj-calls-investigation-1"], entities=["CPJ"])
    store.upsert([doc])
    result = store.search(SearchRequest(parse_query("entity:CPJ"), facets=["entities"]))
    store.close()
    assert [h.document.entities for h in result.hits] == [["CPJ"]]
    assert [(v.value, v.count) for v in result.facets["entities"]] == [("CPJ", 1)]


def test_sqlite_migrations_applied_meanwhile_by_another_process_are_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'news.db'}"
    late = open_store(url)  # two crawls start on a new archive at the same moment
    first = open_store(url)
    first.ensure_schema()
    first.close()
    assert isinstance(late, sqlite_store.SqliteStore)
    monkeypatch.setattr(late, "applied_migrations", lambda: [])  # what it read before the lock
    assert late.migrate() == [f"{sqlite_store.MIGRATIONS[-1][0]} is up to date"]
    late.close()


def _v1_mapping() -> dict[str, Any]:
    """The first schema: no analysed fields."""
    old = mappings()
    old["_meta"] = {"schema_version": 1}
    del old["_source"]
    for name in ANALYSED_FIELDS:
        del old["properties"][name]
    return old


@pytest.fixture
def v1_archive(tmp_path: Path, request: pytest.FixtureRequest) -> tuple[str, str]:
    """An Elasticsearch archive as the first release left it: ALIAS-v1 holding the corpus."""
    url = make_store_url("elasticsearch", tmp_path, request)
    base, alias = url.rsplit("/", 1)
    client = Elasticsearch(base)
    client.indices.create(
        index=f"{alias}-v1",
        settings=settings(),
        mappings=_v1_mapping(),
        aliases={alias: {"is_write_index": True}},
    )
    helpers.bulk(
        client,
        ({"_index": alias, "_id": d.id, "_source": d.to_dict()} for d in CORPUS),
        refresh=True,
    )
    client.close()
    return url, alias


def test_writes_to_an_old_elasticsearch_schema_ask_for_a_migration(
    v1_archive: tuple[str, str],
) -> None:
    store = open_store(v1_archive[0])
    with pytest.raises(SchemaOutdated, match=r"schema version 1, "):
        store.ensure_schema()
    store.close()
    # The library says what is wrong; the command line adds which command fixes it.
    outcome = run_cli("index", "init", "--store", v1_archive[0])
    assert outcome.code == 1
    assert re.search(r"schema version 1, .* run `newsindex index migrate`", outcome.stderr)


def test_migrate_loses_no_search_and_no_document(v1_archive: tuple[str, str]) -> None:
    url, alias = v1_archive
    store = open_store(url)
    assert isinstance(store, ElasticsearchStore)
    before = store.status()
    counts: list[int] = []
    errors: list[BaseException] = []
    done = threading.Event()

    def search_loop() -> None:
        reader = open_store(url)
        try:
            while not done.is_set() or len(counts) < 5:
                counts.append(reader.search(SearchRequest(parse_query("media"))).total)
        except BaseException as exc:
            errors.append(exc)
        finally:
            reader.close()

    thread = threading.Thread(target=search_loop)
    thread.start()
    try:
        steps = store.migrate(delete_old=True)
    finally:
        done.set()
        thread.join(timeout=60)
    after = store.status()
    stemmed = {h.document.id for h in store.search(SearchRequest(parse_query("закона"))).hits}
    exists_old = store.client.indices.exists(index=f"{alias}-v1")
    store.close()

    assert errors == []
    assert set(counts) == {2}  # "media": the same two articles before, during and after
    assert (before.schema, before.up_to_date) == (f"{alias}-v1", False)
    target = versioned_index(alias)
    assert (after.schema, after.up_to_date, after.documents) == (target, True, len(CORPUS))
    assert steps == [
        f"copied {len(CORPUS)} document(s) from {alias}-v1 to {target}",
        f"alias -> {target}",
        f"deleted {alias}-v1",
    ]
    assert stemmed == {RU_LAW.id}
    assert not exists_old


def test_migrate_keeps_the_old_index_unless_asked(v1_archive: tuple[str, str]) -> None:
    url, alias = v1_archive
    outcome = run_cli("index", "migrate", "--store", url)
    client = Elasticsearch(url.rsplit("/", 1)[0])
    kept = client.indices.exists(index=f"{alias}-v1")
    client.close()
    assert outcome.code == 0
    assert f"alias -> {versioned_index(alias)}" in outcome.stdout
    assert kept


def test_migrate_an_up_to_date_archive_does_nothing(store_url: str) -> None:
    assert run_cli("index", "init", "--store", store_url).code == 0
    outcome = run_cli("index", "migrate", "--store", store_url)
    assert outcome.code == 0
    assert outcome.stdout.endswith(" is up to date\n")


def test_status_reports_documents_and_schema(store_url: str) -> None:
    store = open_store(store_url)
    store.ensure_schema()
    store.upsert(CORPUS)
    store.refresh()
    store.close()
    outcome = run_cli("index", "status", "--store", store_url, "--json")
    assert outcome.code == 0
    status = json.loads(outcome.stdout)
    if store_url.startswith("sqlite:"):
        engine, schema = "sqlite", sqlite_store.MIGRATIONS[-1][0]
    else:
        engine, schema = "elasticsearch", versioned_index(store_url.rsplit("/", 1)[1])
    assert (status["engine"], status["schema"], status["documents"]) == (engine, schema, 8)
    assert (status["up_to_date"], status["pending"], status["spooled"]) == (True, [], 0)
