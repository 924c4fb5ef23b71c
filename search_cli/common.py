"""What every command shares: exit statuses, the store option, filters, output options."""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import click

from index.factory import open_store
from index.query import DateRange, Match, Node, Or, Text, and_all, date_range
from index.store import Store

F = TypeVar("F", bound=Callable[..., Any])


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


def _config_store() -> str | None:
    from search_cli.config import config_default

    return config_default("store")


store_option = click.option(
    "--store",
    "store_url",
    envvar="NEWSINDEX_STORE",
    default=_config_store,
    show_default=False,
    metavar="URL",
    help="sqlite:///PATH or http(s)://HOST:9200[/ALIAS] (default: NEWSINDEX_STORE, then the "
    "config file, then an SQLite file in the user's data directory).",
)


def open_cli_store(store_url: str | None) -> Store:
    return open_store(store_url)


# --- filters --------------------------------------------------------------


@dataclass(frozen=True)
class Filters:
    """The flags that mirror the query language's field terms."""

    sources: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The filters that are set, for saving (watch) and showing."""
        out: dict[str, Any] = {}
        for name, value in vars(self).items():
            if value:
                out[name] = list(value) if isinstance(value, tuple) else value
        return out

    def describe(self) -> str:
        """The filters as the flags that set them: ``--source=kaztag --from=2024``."""
        flags = []
        for name, value in self.to_dict().items():
            values = value if isinstance(value, list) else [value]
            flags += [f"{FLAGS[name]}={v}" for v in values]
        return " ".join(flags)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Filters:
        values: dict[str, Any] = {
            k: tuple(v) if isinstance(v, list) else v for k, v in data.items()
        }
        return cls(**values)


#: Filter parameter -> its flag.
FLAGS: dict[str, str] = {
    "sources": "--source",
    "langs": "--lang",
    "authors": "--author",
    "sections": "--section",
    "tags": "--tag",
    "countries": "--country",
    "titles": "--title",
    "date_from": "--from",
    "date_to": "--to",
}

#: Flag parameter -> the document field its values match (every value: any of them).
_KEYWORD_FLAGS: dict[str, str] = {
    "sources": "source",
    "langs": "language",
    "authors": "authors",
    "sections": "section",
    "tags": "tags",
    "countries": "countries",
}


def filter_node(filters: Filters) -> Node | None:
    """Flags become the same tree nodes as field terms: OR within a flag, AND across flags."""
    nodes: list[Node | None] = []
    for param, field_name in _KEYWORD_FLAGS.items():
        values: tuple[str, ...] = getattr(filters, param)
        nodes.append(_any_of([Match(field_name, v) for v in values]))
    nodes.append(_any_of([Text(v, "title") for v in filters.titles]))
    if filters.date_from or filters.date_to:
        dates: DateRange = date_range("published", filters.date_from, filters.date_to)
        nodes.append(dates)
    return and_all(nodes)


def _any_of(nodes: list[Node]) -> Node | None:
    if not nodes:
        return None
    return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))


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


# --- output ---------------------------------------------------------------


def _config_format() -> str | None:
    from search_cli.config import config_default

    return config_default("format")


def output_options(func: F) -> F:
    """``--format table|json|jsonl|csv|tsv`` (``--json`` for short) and ``--color``.

    One decorator for every listing command, so they all print the same ways.
    """
    from search_cli.output import COLORS, FORMATS, OutputOptions

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
            default=_config_format,
            help="table (for people; the default), json, jsonl (one object a line), csv, tsv.",
        ),
    ):
        decorated = option(decorated)
    return decorated  # type: ignore[no-any-return]
