"""Nothing lost: the spool keeps what the store cannot take, dead letters what it refuses."""

from __future__ import annotations

import dataclasses
import json
import socket
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch
from scrapy.crawler import Crawler

from crawler.pipelines.store import StorePipeline
from index.elasticsearch.schema import mappings, settings, versioned_index
from index.elasticsearch.store import ElasticsearchStore
from index.errors import StoreUnavailable
from index.factory import open_store
from index.spool import Spool, default_spool_dir
from index.store import Store
from tests.cli import run_cli
from tests.conftest import make_store_url
from tests.corpus import CORPUS
from tests.crawlers import project_crawler


def closed_port_store() -> ElasticsearchStore:
    """A real client of an address where nothing listens: an unreachable store."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    store = ElasticsearchStore.from_url(f"http://127.0.0.1:{port}")
    store.write_attempts, store.backoff = 2, 0.01
    return store


def pipeline_for(url: str, jobdir: Path) -> tuple[StorePipeline, Crawler]:
    crawler = project_crawler(NEWSINDEX_STORE=url, JOBDIR=str(jobdir), NEWSINDEX_BATCH_SIZE=3)
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.open_spider()
    return pipeline, crawler


def stat(crawler: Crawler, key: str) -> int:
    assert crawler.stats is not None
    return int(crawler.stats.get_value(key, 0))


def test_an_unreachable_store_spools_the_batch_and_the_next_write_replays_it(
    tmp_path: Path,
) -> None:
    pipeline, crawler = pipeline_for(f"sqlite:///{tmp_path / 'news.db'}", tmp_path / "job")
    sqlite = pipeline.store
    assert sqlite is not None
    pipeline.store = closed_port_store()
    for doc in CORPUS[:3]:
        pipeline.process_item(doc)
    spooled = Spool(tmp_path / "job" / "newsindex-spool").pending_count()
    pipeline.store.close()
    pipeline.store = sqlite
    for doc in CORPUS[3:6]:
        pipeline.process_item(doc)
    pipeline.close_spider()

    store = open_store(f"sqlite:///{tmp_path / 'news.db'}")
    stored = sorted(d.id for d in store.scan())
    store.close()
    assert spooled == 3
    assert stored == sorted(d.id for d in CORPUS[:6])
    assert [stat(crawler, k) for k in ("newsindex/spooled", "newsindex/replayed")] == [3, 3]
    assert stat(crawler, "newsindex/stored") == 3
    assert Spool(tmp_path / "job" / "newsindex-spool").pending_count() == 0


def test_replay_keeps_the_spool_while_the_store_is_down(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool")
    spool.add(CORPUS)
    store = closed_port_store()
    with pytest.raises(StoreUnavailable):
        spool.replay(store)
    store.close()
    assert spool.pending_count() == len(CORPUS)


def test_replay_twice_writes_each_document_once(tmp_path: Path) -> None:
    spool = Spool(tmp_path / "spool")
    spool.add(CORPUS)
    spool.add(CORPUS[:2])  # spooled twice: written by id, so still once
    store = open_store(f"sqlite:///{tmp_path / 'news.db'}")
    store.ensure_schema()
    first = spool.replay(store)
    second = spool.replay(store)
    count = store.count()
    store.close()
    assert (first.written, second.written, count) == (len(CORPUS) + 2, 0, len(CORPUS))


def test_index_flush_writes_what_was_spooled(store_url: str) -> None:
    store = open_store(store_url)
    Spool(default_spool_dir(store.url)).add(CORPUS)
    store.close()
    outcome = run_cli("index", "flush", "--store", store_url)
    again = run_cli("index", "flush", "--store", store_url)
    store = open_store(store_url)
    count = store.count()
    store.close()
    assert (outcome.code, again.code, count) == (0, 0, len(CORPUS))
    assert outcome.stdout.endswith(f"wrote {len(CORPUS)} of {len(CORPUS)} spooled document(s)\n")
    assert again.stdout.endswith("wrote 0 of 0 spooled document(s)\n")


@pytest.fixture
def archive_missing_a_field(tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """An archive whose mapping lacks ``word_count``, as when code and index disagree."""
    url = make_store_url("elasticsearch", tmp_path, request)
    base, alias = url.rsplit("/", 1)
    narrow = mappings()
    del narrow["properties"]["word_count"]
    client = Elasticsearch(base)
    client.indices.create(
        index=versioned_index(alias),
        settings=settings(),
        mappings=narrow,
        aliases={alias: {"is_write_index": True}},
    )
    client.close()
    return url


def test_a_field_outside_the_mapping_fails_naming_it(archive_missing_a_field: str) -> None:
    store: Store = open_store(archive_missing_a_field)
    result = store.upsert(CORPUS[:1])
    store.close()
    assert result.written == 0
    ((doc_id, reason),) = result.errors
    assert doc_id == CORPUS[0].id
    assert "strict_dynamic_mapping_exception" in reason
    assert "[word_count]" in reason


def test_a_refused_document_lands_in_the_dead_letter_file(
    archive_missing_a_field: str, tmp_path: Path
) -> None:
    pipeline, crawler = pipeline_for(archive_missing_a_field, tmp_path / "job")
    pipeline.process_item(dataclasses.replace(CORPUS[0]))
    pipeline.close_spider()
    lines = (tmp_path / "job" / "newsindex-spool" / "dead-letter.jsonl").read_text().splitlines()
    (entry,) = [json.loads(line) for line in lines]
    assert entry["document"] == CORPUS[0].to_dict()
    assert "[word_count]" in entry["reason"]
    assert [stat(crawler, k) for k in ("newsindex/dead_letter", "newsindex/store_errors")] == [1, 1]
