"""Fixtures shared by the whole suite: isolated user directories, both stores, the test site."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from index.factory import open_store
from index.sqlite.schema import MIGRATIONS
from index.store import Store

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWSINDEX_SHARED", REPO.parent / "shared"))
IN_CI = os.environ.get("CI", "").lower() == "true"
ES_ENV = "NEWSINDEX_TEST_ES"
#: The SQLite migrations of the layout before the search index (FTS5 in the file).
FTS_LAYOUT = MIGRATIONS[: [name for name, _ in MIGRATIONS].index("006_search_index")]


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Tests never read or write the real user's data, config or cache."""
    home = tmp_path_factory.mktemp("home")
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(home / var.lower()))
    monkeypatch.delenv("NEWSINDEX_STORE", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")


def shared_path(*parts: str) -> Path:
    """A file of the shared test data; skips outside CI when it is absent, fails in CI."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if IN_CI:
            pytest.fail(f"shared test data missing in CI: {path}")
        pytest.skip(f"shared test data not present ({path}); set NEWSINDEX_SHARED")
    return path


@pytest.fixture(scope="session")
def es_url() -> str:
    """Base URL of a real Elasticsearch node; required in CI, skipped elsewhere."""
    url = os.environ.get(ES_ENV)
    if not url:
        if IN_CI:
            pytest.fail(f"{ES_ENV} is not set: CI must run a real Elasticsearch node")
        pytest.skip(f"no Elasticsearch: run scripts/elasticsearch.sh start and set {ES_ENV}")
    from elasticsearch import Elasticsearch

    client = Elasticsearch(url, request_timeout=10)
    try:
        client.cluster.health(wait_for_status="yellow", timeout="30s")
    except Exception as exc:
        if IN_CI:
            pytest.fail(f"Elasticsearch at {url} is not answering: {exc}")
        pytest.skip(f"Elasticsearch at {url} is not answering: {exc}")
    finally:
        client.close()
    return url.rstrip("/")


def _drop_es_alias(base_url: str, alias: str) -> None:
    from elasticsearch import Elasticsearch

    client = Elasticsearch(base_url)
    client.options(ignore_status=404).indices.delete(index=f"{alias}-v*")
    client.options(ignore_status=404).indices.delete_index_template(name=alias)
    client.close()


def make_store_url(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A fresh, empty store URL of this kind, removed after the test."""
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'news.db'}"
    base = request.getfixturevalue("es_url")
    alias = f"newsindex-test-{uuid.uuid4().hex[:10]}"
    request.addfinalizer(lambda: _drop_es_alias(base, alias))
    return f"{base}/{alias}"


@pytest.fixture(params=["sqlite", "elasticsearch"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return make_store_url(request.param, tmp_path, request)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    s = open_store(store_url)
    s.ensure_schema()
    yield s
    s.close()


@pytest.fixture(scope="module", params=["sqlite", "elasticsearch"])
def corpus(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A store of each kind holding tests/corpus.py, shared by a module's read-only tests."""
    from tests.cli import corpus_archive

    yield from corpus_archive(request, tmp_path_factory)
