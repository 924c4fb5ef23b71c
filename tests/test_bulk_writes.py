"""Bulk writes to Elasticsearch go several requests at a time, and count every document."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.document import Document
from index.elasticsearch.bulk import CHUNK_DOCS
from index.elasticsearch.store import ElasticsearchStore
from index.errors import StoreUnavailable
from index.factory import open_store
from tests.conftest import make_store_url
from tests.corpus import CORPUS
from tests.test_spool import closed_port_store


def many(n: int) -> list[Document]:
    """``n`` distinct articles; every 97th with a date the mapping refuses."""
    return [
        Document(
            url=f"https://bulk.example/{i}",
            title=CORPUS[i % len(CORPUS)].title,
            body=CORPUS[i % len(CORPUS)].body,
            published="the day before" if i % 97 == 0 else "2024-06-01T00:00:00+00:00",
        )
        for i in range(n)
    ]


def test_a_batch_of_several_bulk_requests_in_flight_counts_each_written_and_refused_document(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    store = open_store(make_store_url("elasticsearch", tmp_path, request))
    assert isinstance(store, ElasticsearchStore) and store.writers > 1
    store.ensure_schema()
    docs = many(3 * CHUNK_DOCS + 7)
    result = store.upsert(docs, replace=True)
    store.refresh()
    refused = sorted(doc.id for i, doc in enumerate(docs) if i % 97 == 0)
    count = store.count()
    store.close()
    assert sorted(doc_id for doc_id, _ in result.errors) == refused
    assert all("[published]" in reason for _, reason in result.errors)
    assert (result.written, count, result.transient) == (len(docs) - len(refused),) * 2 + ([],)


def test_an_unreachable_node_fails_a_batch_of_several_requests_as_unavailable() -> None:
    store = closed_port_store()
    with pytest.raises(StoreUnavailable, match="cannot reach Elasticsearch"):
        store.upsert(many(2 * CHUNK_DOCS + 1))
    store.close()
