"""Commands that manage the archive's schema."""

from __future__ import annotations

import click

from search_cli.common import open_cli_store, store_option


@click.group("index")
def index_group() -> None:
    """Create and inspect the archive's schema."""


@index_group.command("init")
@store_option
def index_init(store_url: str | None) -> None:
    """Create the schema (idempotent)."""
    store = open_cli_store(store_url)
    try:
        store.ensure_schema()
        click.echo(f"{store.url}: ready, {store.count()} article(s)")
    finally:
        store.close()
