"""What every command shares: exit statuses, the store option, opening a store."""

from __future__ import annotations

import enum

import click

from index.store import Store, open_store


class ExitStatus(enum.IntEnum):
    OK = 0
    ERROR = 1
    USAGE = 2
    STORE_UNAVAILABLE = 3


class CliError(Exception):
    """A failure a command reports as one line, with its exit status."""

    def __init__(self, message: str, status: ExitStatus = ExitStatus.ERROR):
        super().__init__(message)
        self.status = status


store_option = click.option(
    "--store",
    "store_url",
    envvar="NEWSINDEX_STORE",
    metavar="URL",
    help="sqlite:///PATH or http(s)://HOST:9200[/ALIAS] (default: NEWSINDEX_STORE, else "
    "an SQLite file in the user's data directory).",
)


def open_cli_store(store_url: str | None) -> Store:
    return open_store(store_url)
