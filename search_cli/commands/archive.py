"""Moving archives: ``export`` to JSONL and ``import`` from it, streaming both ways.

One document per line in the schema's JSON form (the hits of ``search
--json``), so SQLite -> JSONL -> Elasticsearch -> JSONL -> SQLite gives back
the same bytes. Progress goes to stderr, the data to stdout.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from typing import IO

import click

from index.batches import batches
from index.document import Document
from index.factory import open_store
from index.query import and_all, parse_query
from index.store import Store, WriteResult
from search_cli import output
from search_cli.errors import CliError
from search_cli.filters import Filters, filter_node
from search_cli.options import filter_options, store_option

BATCH = 1000
PROGRESS_EVERY = 10_000


class _Progress:
    """``exported 20000 document(s) (8400/s)`` lines on stderr, every ``PROGRESS_EVERY``."""

    def __init__(self, verb: str):
        self.verb = verb
        self.count = 0
        self.started = time.monotonic()

    def add(self, n: int) -> None:
        before = self.count // PROGRESS_EVERY
        self.count += n
        if self.count // PROGRESS_EVERY > before:
            self.report()

    def report(self) -> None:
        rate = self.count / max(time.monotonic() - self.started, 1e-9)
        output.note(f"{self.verb} {self.count} document(s) ({rate:.0f}/s)")


@click.command("export")
@click.argument("query", default="")
@store_option
@filter_options
def export(query: str, store_url: str | None, filters: Filters) -> None:
    """Write the archive (or what QUERY and the filters match) as JSONL to stdout."""
    node = and_all([parse_query(query), filter_node(filters)])
    store = open_store(store_url, create=False)
    progress = _Progress("exported")
    out = sys.stdout  # streamed line by line: constant memory
    try:
        for doc in store.scan(node):
            out.write(doc.to_json() + "\n")
            progress.add(1)
        out.flush()
    finally:
        store.close()
    progress.report()


def _documents(lines: IO[bytes], bad: list[str]) -> Iterator[Document]:
    """The file's documents; a line that is not one (not UTF-8, not JSON, nested too deep,
    a field of the wrong type, no url) is reported with its number and skipped."""
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        try:
            yield Document.from_json(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            reason = f"not UTF-8 text (byte {exc.start})"
        except (ValueError, TypeError) as exc:
            reason = exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)
        else:
            continue
        bad.append(f"line {number}: {reason}")
        output.note(f"newsindex: skipped line {number}: {reason}")


def import_documents(store: Store, lines: IO[bytes], bad: list[str]) -> WriteResult:
    """Write a JSONL stream in batches: constant memory, whatever the file's size."""
    result = WriteResult()
    progress = _Progress("imported")
    with store.bulk():
        for batch in batches(_documents(lines, bad), BATCH):
            written = store.upsert(batch, replace=True)
            for doc_id, reason in written.errors + written.transient:
                output.note(f"newsindex: refused {doc_id}: {reason}")
            result.add(written)
            progress.add(written.written)
    store.refresh()
    progress.report()
    return result


@click.command("import")
@click.argument("path", type=click.File("rb", lazy=False))
@store_option
def import_command(path: IO[bytes], store_url: str | None) -> None:
    """Read JSONL documents from PATH (- for stdin) into the store."""
    store = open_store(store_url)
    bad: list[str] = []
    try:
        store.ensure_schema()
        result = import_documents(store, path, bad)
    finally:
        store.close()
    failed = len(bad) + len(result.errors) + len(result.transient)
    if failed:
        raise CliError(f"{failed} document(s) not imported, {result.written} imported")
