"""``newsindex config``: the configuration file and the settings in effect."""

from __future__ import annotations

import click

from index.factory import builtin_store_url
from search_cli import output
from search_cli.config import config_path, effective_settings
from search_cli.options import output_options
from search_cli.output import Listing, OutputOptions


@click.group("config")
def config_group() -> None:
    """The configuration file and the settings in effect."""


@config_group.command("show")
@output_options
def config_show(out: OutputOptions) -> None:
    """Every setting, its value and where it comes from (secrets masked)."""
    rows = [vars(s) for s in effective_settings(builtin_store_url())]
    value = {row["key"]: row["value"] for row in rows}
    output.emit(Listing(("key", "value", "origin"), rows, value), out)


@config_group.command("path")
def config_path_command() -> None:
    """Where the configuration file is read from (it may not exist)."""
    output.emit_line(str(config_path()))
