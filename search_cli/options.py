"""The options many commands share, each defined once: the store, the filters, the output.

``GlobalOptions`` carries what the ``newsindex`` group's own options asked
for (``--traceback``, ``-v``) to every command, as click's context object.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from index.paths import default_warc_dir
from search_cli.config import COLORS, FORMATS, config_default
from search_cli.filters import FLAGS, Filters
from search_cli.output import OutputOptions

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class GlobalOptions:
    """``newsindex --traceback -v ...``: read by the error boundary and by commands."""

    traceback: bool = False
    verbose: int = 0


store_option = click.option(
    "--store",
    "store_url",
    envvar="NEWSINDEX_STORE",
    default=lambda: config_default("store"),
    show_default=False,
    metavar="URL",
    help="sqlite:///PATH or http(s)://HOST:9200[/ALIAS] (default: NEWSINDEX_STORE, then the "
    "config file, then an SQLite file in the user's data directory).",
)


warc_dir_option = click.option(
    "--warc-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="NEWSINDEX_WARC_DIR",
    default=lambda: default_warc_dir(),
    show_default=False,
    help="Where the WARC files are (default: NEWSINDEX_WARC_DIR, else warc/ in the user's "
    "data directory).",
)


def filter_options(func: F) -> F:
    """``--source --lang --author --section --tag --country --title --from --to``."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        names = [f for f in Filters.__dataclass_fields__ if f in kwargs]
        filters = Filters(**{name: kwargs.pop(name) for name in names})
        return func(*args, filters=filters, **kwargs)

    helps = {
        "sources": ("NAME", "Only this outlet (profile name)."),
        "langs": ("CODE", "Only this language (ISO 639-1)."),
        "authors": ("NAME", "Only this author."),
        "sections": ("NAME", "Only this section."),
        "tags": ("TAG", "Only with this tag."),
        "countries": ("CC", "Only about this country (ISO 3166-1 alpha-2)."),
        "titles": ("WORDS", "These words in the title."),
    }
    options = [
        click.option(FLAGS[name], name, multiple=True, metavar=metavar, help=text)
        for name, (metavar, text) in helps.items()
    ]
    options += [
        click.option("--from", "date_from", metavar="DATE", help="Published on or after DATE."),
        click.option("--to", "date_to", metavar="DATE", help="Published on or before DATE."),
    ]
    decorated: Any = wrapper
    for option in reversed(options):
        decorated = option(decorated)
    return decorated  # type: ignore[no-any-return]


def output_options(func: F) -> F:
    """``--format table|json|jsonl|csv|tsv`` (``--json`` for short) and ``--color``.

    One decorator for every listing command, so they all print the same ways.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        as_json = kwargs.pop("as_json", False)
        fmt = kwargs.pop("output_format", None) or "table"
        color = kwargs.pop("color", None)
        return func(*args, out=OutputOptions("json" if as_json else fmt, color), **kwargs)

    decorated: Any = wrapper
    for option in (
        click.option(
            "--color",
            type=click.Choice(COLORS),
            envvar="NEWSINDEX_COLOR",
            help="Colour the table: auto (on a terminal, unless NO_COLOR), always, never.",
        ),
        click.option("--json", "as_json", is_flag=True, help="Same as --format json."),
        click.option(
            "--format",
            "output_format",
            type=click.Choice(FORMATS),
            envvar="NEWSINDEX_FORMAT",
            default=lambda: config_default("format"),
            help="table (for people; the default), json, jsonl (one object a line), csv, tsv.",
        ),
    ):
        decorated = option(decorated)
    return decorated  # type: ignore[no-any-return]
