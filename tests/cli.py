"""Run the CLI in-process, exactly as the console script does (errors, exit codes),
and archives of the test corpus for the CLI tests, on either store."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from click.testing import CliRunner

from index.document import Document
from index.factory import open_store
from search_cli.main import main
from tests.corpus import CORPUS


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str


def run_cli(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> Outcome:
    runner = CliRunner()
    with runner.isolation(input=stdin, env=env) as (out, err, _):
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        return Outcome(code, out.getvalue().decode(), err.getvalue().decode())


def load(url: str, documents: list[Document]) -> None:
    store = open_store(url)
    store.ensure_schema()
    store.upsert(documents)
    store.refresh()
    store.close()


def corpus_archive(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A store of ``request.param``'s kind holding the test corpus; dropped afterwards.

    For module-scoped fixtures: commands that only read share one archive.
    """
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('archive') / 'news.db'}"
        load(url, CORPUS)
        yield url
        return
    base = request.getfixturevalue("es_url")
    alias = f"newsindex-test-cli-{uuid.uuid4().hex[:10]}"
    url = f"{base}/{alias}"
    load(url, CORPUS)
    yield url
    from elasticsearch import Elasticsearch

    client = Elasticsearch(base)
    client.options(ignore_status=404).indices.delete(index=f"{alias}-v*")
    client.options(ignore_status=404).indices.delete_index_template(name=alias)
    client.close()
