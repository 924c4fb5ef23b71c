"""Schema versions: SQLite archives upgrade in place, Elasticsearch moves to a new index."""

from __future__ import annotations

import dataclasses
import json
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from elasticsearch import Elasticsearch, helpers

from index.analysis import folded, stemmed
from index.document import TEXT_FIELDS, Document
from index.elasticsearch.schema import versioned_index
from index.elasticsearch.store import ElasticsearchStore
from index.errors import SchemaOutdated
from index.factory import open_store
from index.query import SearchRequest, parse_query
from index.sqlite import store as sqlite_store
from index.sqlite.searchindex import KEY_FILE, index_dir
from tests.cli import run_cli
from tests.conftest import FTS_LAYOUT, make_store_url
from tests.corpus import BY_URL, CORPUS, ids

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


def test_an_sqlite_archive_upgraded_keeps_no_index_the_search_index_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "news.db"
    with monkeypatch.context() as m:
        m.setattr(sqlite_store, "MIGRATIONS", FTS_LAYOUT)
        sqlite_store.SqliteStore(path).ensure_schema()
    store = sqlite_store.SqliteStore(path)
    store.ensure_schema()
    sql = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'documents'"
    assert [row[0] for row in store.db.execute(sql)] == ["sqlite_autoindex_documents_1"]  # id
    store.close()


def sqlite_archive_made_before(url: str, *fields: str, documents: Iterable[Document] = ()) -> None:
    """An SQLite archive at ``url`` holding ``documents``, as made before ``fields`` joined the
    schema: without their columns, nor the triggers that read them."""
    old = open_store(url)
    old.ensure_schema()
    assert isinstance(old, sqlite_store.SqliteStore)
    old.upsert(list(documents))
    old.refresh()
    # SQLite drops no column a trigger names: the triggers that read them go first.
    triggers = old.db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
    for trigger, sql in triggers.fetchall():
        if any(name in sql for name in fields):
            old.db.execute(f"DROP TRIGGER {trigger}")
    for name in fields:
        old.db.execute(f"ALTER TABLE documents DROP COLUMN {name}")
    old.close()


def test_sqlite_archive_gains_fields_added_to_the_schema_since(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'news.db'}"
    sqlite_archive_made_before(url, "entities", documents=CORPUS)  # as made before #8
    # ... with a search index made without the field: of another make-up than today's.
    (index_dir(tmp_path / "news.db") / KEY_FILE).write_text("made-before-entities\n", "utf-8")
    store = open_store(url)
    store.ensure_schema()
    doc = dataclasses.replace(BY_URL["https://orda.kz/cpj-calls-investigation-1"], entities=["CPJ"])
    store.upsert([doc])
    result = store.search(SearchRequest(parse_query("entity:CPJ"), facets=["entities"]))
    store.close()
    assert [h.document.entities for h in result.hits] == [["CPJ"]]
    assert [(v.value, v.count) for v in result.facets["entities"]] == [("CPJ", 1)]
    assert result.total == 1 and store_count(url) == len(CORPUS)


def store_count(url: str) -> int:
    """How many documents the search index finds (every stored one, once rebuilt)."""
    store = open_store(url, create=False)
    try:
        return store.search(SearchRequest(parse_query("-zzzz"))).total
    finally:
        store.close()


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


#: The mappings of earlier releases, as their index templates wrote them: v1 (text fields
#: alone), v4 (stemmed and folded forms computed in Python, sent as fields of their own) and
#: v5 (v4 with the WARC record's place and the extractor's version).
OLD_SCHEMAS = Path(__file__).parent / "data" / "elasticsearch"


def stored_by_release(version: int) -> list[Document]:
    """The corpus as a release of that schema held it: from v5 on, with the place of each
    article's WARC record (offsets past 2 GB) and the extractor's version."""
    if version < 5:
        return CORPUS
    return [
        dataclasses.replace(
            doc,
            warc_file=f"newsindex-{doc.source}-20260301T000000Z-00000.warc.gz",
            warc_offset=3_000_000_000 + 40_000 * number,
            extractor_version=2,
        )
        for number, doc in enumerate(CORPUS)
    ]


def written_by_release(version: int, schema: dict[str, Any], doc: Document) -> dict[str, Any]:
    """A document's source as the release of that schema sent it: the fields it knew."""
    known = schema["mappings"]["properties"]
    data = {name: value for name, value in doc.to_dict().items() if name in known}
    if version >= 4:
        for name in TEXT_FIELDS:
            data[f"{name}_stemmed"] = stemmed(data[name])
            data[f"{name}_folded"] = folded(data[name])
    return data


@pytest.fixture(params=[1, 4, 5], ids=["v1", "v4", "v5"])
def old_archive(tmp_path: Path, request: pytest.FixtureRequest) -> tuple[str, str, int]:
    """An Elasticsearch archive as an earlier release left it: ALIAS-vN holding the corpus."""
    version: int = request.param
    schema = json.loads((OLD_SCHEMAS / f"schema-v{version}.json").read_text("utf-8"))
    url = make_store_url("elasticsearch", tmp_path, request)
    base, alias = url.rsplit("/", 1)
    client = Elasticsearch(base)
    client.indices.create(
        index=f"{alias}-v{version}",
        settings=schema["settings"],
        mappings=schema["mappings"],
        aliases={alias: {"is_write_index": True}},
    )
    helpers.bulk(
        client,
        (
            {"_index": alias, "_id": d.id, "_source": written_by_release(version, schema, d)}
            for d in stored_by_release(version)
        ),
        refresh=True,
    )
    client.close()
    return url, alias, version


def test_writes_to_an_old_elasticsearch_schema_ask_for_a_migration(
    old_archive: tuple[str, str, int],
) -> None:
    url, _, version = old_archive
    store = open_store(url)
    with pytest.raises(SchemaOutdated, match=rf"schema version {version}, "):
        store.ensure_schema()
    store.close()
    # The library says what is wrong; the command line adds which command fixes it.
    outcome = run_cli("index", "init", "--store", url)
    assert outcome.code == 1
    assert re.search(rf"schema version {version}, .* run `newsindex index migrate`", outcome.stderr)


def test_migrate_loses_no_search_and_no_document(old_archive: tuple[str, str, int]) -> None:
    url, alias, version = old_archive
    old = f"{alias}-v{version}"
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
    stemmed_hits = {h.document.id for h in store.search(SearchRequest(parse_query("закона"))).hits}
    migrated = [store.get(d.id) for d in CORPUS]
    exists_old = store.client.indices.exists(index=old)
    store.close()

    assert errors == []
    assert set(counts) == {2}  # "media": the same two articles before, during and after
    assert (before.schema, before.up_to_date) == (old, False)
    target = versioned_index(alias)
    assert (after.schema, after.up_to_date, after.documents) == (target, True, len(CORPUS))
    assert steps == [
        f"copied {len(CORPUS)} document(s) from {old} to {target}",
        f"alias -> {target}",
        f"deleted {old}",
    ]
    assert stemmed_hits == {RU_LAW.id}
    assert migrated == stored_by_release(version)  # every field of every document, no more
    assert not exists_old


def test_a_migrated_archive_is_searched_by_its_own_analyzers(
    old_archive: tuple[str, str, int],
) -> None:
    url, alias, _ = old_archive
    assert run_cli("index", "migrate", "--store", url).code == 0
    client = Elasticsearch(url.rsplit("/", 1)[0])
    found = client.search(index=alias, query={"match": {"body.stemmed": "журналистов"}})
    mapping = client.indices.get_mapping(index=alias)
    client.close()
    assert {h["_id"] for h in found["hits"]["hits"]} == ids(
        "https://orda.kz/ataki-na-smi-2", "https://kaztag.kz/ru/news/parlament-zakon-3"
    )
    (properties,) = [m["mappings"]["properties"] for m in mapping.values()]
    assert not [name for name in properties if name.endswith(("_stemmed", "_folded"))]


def test_migrate_keeps_the_old_index_unless_asked(old_archive: tuple[str, str, int]) -> None:
    url, alias, version = old_archive
    outcome = run_cli("index", "migrate", "--store", url)
    client = Elasticsearch(url.rsplit("/", 1)[0])
    kept = client.indices.exists(index=f"{alias}-v{version}")
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


MIGRATE_SLOWLY = """\
import sys
from index.sqlite import store
store.CATCH_UP_CHUNK = 100
index_document = store.search_document
done = [0]

def stall_halfway(row):
    # Past half the archive, in the middle of a chunk: the writer holds half of it.
    if done[0] >= 700 and row["rowid"] % 100 == 50:
        print("stalled", flush=True)
        sys.stdin.readline()
    return index_document(row)

store.search_document = stall_halfway
archive = store.SqliteStore(sys.argv[1])
archive.migrate(progress=lambda indexed, total: done.__setitem__(0, indexed))
"""


def test_an_sqlite_migration_killed_halfway_completes_when_run_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from benchmarks.cli import make_documents

    path = tmp_path / "news.db"
    documents = list(make_documents(1500))
    with monkeypatch.context() as m:  # an archive of the layout before the search index
        m.setattr(sqlite_store, "MIGRATIONS", FTS_LAYOUT)
        old = open_store(f"sqlite:///{path}")
        old.ensure_schema()
        old.upsert(documents)
        old.close()
    proc = subprocess.Popen(
        [sys.executable, "-c", MIGRATE_SLOWLY, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline() == "stalled\n"
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    store = open_store(f"sqlite:///{path}", create=False)
    halfway = store.status()
    store.close()

    outcome = run_cli("index", "migrate", "--store", f"sqlite:///{path}")
    store = open_store(f"sqlite:///{path}", create=False)
    status = store.status()
    everything = store.search(SearchRequest(None, facets=["source", "language"], limit=0))
    scanned = [doc.id for doc in store.scan(parse_query("-zzzz"))]
    parliament = store.count(parse_query("parliament"))
    store.close()

    assert proc.returncode == -signal.SIGKILL
    assert not halfway.up_to_date and halfway.documents == len(documents)
    assert outcome.code == 0, outcome.stderr
    assert (status.up_to_date, status.documents, everything.total) == (True, 1500, 1500)
    assert sorted(scanned) == sorted(doc.id for doc in documents)
    assert sum(v.count for v in everything.facets["source"]) == 1500
    assert parliament == sum(1 for d in documents if "parliament" in f"{d.title} {d.lead} {d.body}")
