"""``newsindex kibana``: put the archive's data view, searches and dashboard into Kibana."""

from __future__ import annotations

from urllib.parse import urlsplit

import click

from search_cli import output
from search_cli.options import store_option

DEFAULT_ALIAS = "newsindex"


def alias_of(store_url: str | None) -> str:
    """The alias an Elasticsearch store URL names (``http://host:9200/ALIAS``)."""
    if not store_url or not store_url.startswith(("http://", "https://")):
        return DEFAULT_ALIAS
    return urlsplit(store_url).path.strip("/") or DEFAULT_ALIAS


@click.group("kibana")
def kibana_group() -> None:
    """Browse the archive in Kibana: data view, saved searches, dashboard."""


@kibana_group.command("setup")
@click.option(
    "--kibana-url",
    envvar="NEWSINDEX_KIBANA_URL",
    default="http://localhost:5601",
    show_default=True,
    help="Kibana's base URL (or NEWSINDEX_KIBANA_URL).",
)
@click.option("--space", help="A Kibana space id (default: the default space).")
@store_option
def setup(kibana_url: str, space: str | None, store_url: str | None) -> None:
    """Import the saved objects through Kibana's API; safe to repeat (they are overwritten).

    Credentials: NEWSINDEX_KIBANA_API_KEY, or NEWSINDEX_KIBANA_USERNAME and
    NEWSINDEX_KIBANA_PASSWORD; else the NEWSINDEX_ES_* ones.
    """
    from index.kibana.api import import_request, send
    from index.kibana.objects import saved_objects, to_ndjson

    alias = alias_of(store_url)
    count = send(import_request(kibana_url, to_ndjson(saved_objects(alias)), space=space))
    output.note(
        f"Imported {count} saved objects for {alias!r}: open Kibana at {kibana_url}, "
        f"Dashboards > News archive ({alias})"
    )


@kibana_group.command("objects")
@store_option
def objects(store_url: str | None) -> None:
    """Print the saved objects as NDJSON (for Kibana's Saved Objects > Import)."""
    from index.kibana.objects import saved_objects, to_ndjson

    output.emit_line(to_ndjson(saved_objects(alias_of(store_url))).rstrip("\n"))
