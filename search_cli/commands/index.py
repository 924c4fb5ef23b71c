"""Commands that manage the archive: its schema, its migrations and its spool."""

from __future__ import annotations

from pathlib import Path

import click

from index.factory import open_store
from index.spool import Spool, default_spool_dir
from search_cli import output
from search_cli.errors import CliError, ExitStatus
from search_cli.options import store_option

spool_option = click.option(
    "--spool",
    "spool_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="The spool directory (default: the store's, under the user's data directory; "
    "a crawl with JOBDIR spools to JOBDIR/newsindex-spool).",
)


@click.group("index")
def index_group() -> None:
    """Create, inspect, migrate the archive; write what crawls spooled."""


@index_group.command("init")
@store_option
def index_init(store_url: str | None) -> None:
    """Create the schema (idempotent)."""
    store = open_store(store_url)
    try:
        store.ensure_schema()
        output.emit_line(f"{store.url}: ready, {store.count()} article(s)")
    finally:
        store.close()


@index_group.command("status")
@store_option
@spool_option
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
def index_status(store_url: str | None, spool_dir: Path | None, as_json: bool) -> None:
    """Store, schema version, documents, size, whether a migration is due, the spool."""
    store = open_store(store_url, create=False)
    try:
        status = store.status()
    finally:
        store.close()
    spool = Spool(spool_dir or default_spool_dir(status.url))
    data = {**status.to_dict(), "spooled": spool.pending_count(), "dead_letter": spool.dead_count()}
    if as_json:
        output.emit_json(data)
        return
    due = (
        "yes"
        if status.up_to_date
        else "no: run `newsindex index migrate` (" + ", ".join(status.pending) + ")"
    )
    output.emit_line(f"store:      {status.url} ({status.engine})")
    output.emit_line(f"schema:     {status.schema}")
    output.emit_line(f"up to date: {due}")
    output.emit_line(f"documents:  {status.documents}")
    output.emit_line(f"size:       {status.size_bytes / 1e6:.1f} MB")
    output.emit_line(f"spooled:    {data['spooled']} (written by `newsindex index flush`)")
    output.emit_line(f"dead letter: {data['dead_letter']} ({spool.dead_letter})")


@index_group.command("migrate")
@store_option
@click.option("--delete-old", is_flag=True, help="Delete the previous versioned index after.")
def index_migrate(store_url: str | None, delete_old: bool) -> None:
    """Move the archive to the current schema; searches keep working meanwhile."""
    from index.sqlite.store import SqliteStore

    store = open_store(store_url)
    try:
        if isinstance(store, SqliteStore):  # building its search index is long: show progress
            steps = store.migrate(delete_old=delete_old, progress=_indexed)
        else:
            steps = store.migrate(delete_old=delete_old)
        for step in steps:
            output.emit_line(f"{store.url}: {step}")
    finally:
        store.close()


def _indexed(done: int, total: int) -> None:
    output.note(f"indexed {done} of {total} document(s) for search")


@index_group.command("flush")
@store_option
@spool_option
def index_flush(store_url: str | None, spool_dir: Path | None) -> None:
    """Write the documents a crawl spooled while the store was down."""
    store = open_store(store_url)
    try:
        store.ensure_schema()
        spool = Spool(spool_dir or default_spool_dir(store.url))
        waiting = spool.pending_count()
        result = spool.replay(store)
    finally:
        store.close()
    output.emit_line(f"{store.url}: wrote {result.written} of {waiting} spooled document(s)")
    for doc_id, reason in result.errors:
        output.note(f"refused {doc_id}: {reason}")
    if result.errors:
        raise CliError(
            f"{len(result.errors)} document(s) refused, kept in {spool.dead_letter}",
            ExitStatus.ERROR,
        )
    if result.transient:
        raise CliError(
            f"{len(result.transient)} document(s) still spooled: the store is busy, try again",
            ExitStatus.STORE_UNAVAILABLE,
        )
