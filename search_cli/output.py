"""The CLI's output layer: the only place that writes to stdout.

A listing command hands over a :class:`Listing`: its rows (for ``jsonl``,
``csv``, ``tsv``), its JSON value (for ``json``; the rows unless it says
otherwise) and how to lay it out for a person (``table``). Machine formats
never carry colour; the table has colour only on a terminal, unless told.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click

from search_cli.config import config_default, configured
from search_cli.errors import CliError, ExitStatus
from search_cli.render import Style, document_lines, table_lines, value_text

Layout = Callable[[Style], list[str]]


@dataclass(frozen=True)
class OutputOptions:
    """What ``--format``, ``--json`` and ``--color`` asked for."""

    format: str = "table"
    color: str | None = None  # always, never, auto; None: NO_COLOR, config, then auto


@dataclass
class Listing:
    columns: Sequence[str]
    rows: list[dict[str, Any]]
    json_value: Any = None  # what --format json prints, when not just the rows
    layout: Layout | None = None  # the table for people; a plain aligned table when None


def use_color(when: str | None = None) -> bool:
    """A flag decides; else NO_COLOR (non-empty) turns colour off; else config; else a tty."""
    if when is None:
        if os.environ.get("NO_COLOR"):
            return False
        when = config_default("color") or "auto"
    if when == "auto":
        return sys.stdout.isatty()
    return when == "always"


def terminal_style(options: OutputOptions = OutputOptions()) -> Style:
    tz = None
    name = configured("timezone")
    if name and name != "local":
        try:
            tz = ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise CliError(f"unknown time zone {name!r}", ExitStatus.USAGE) from None
    width = shutil.get_terminal_size((100, 24)).columns
    return Style(color=use_color(options.color), width=width, tz=tz)


# --- machine formats (pure) -----------------------------------------------


def flat(value: Any) -> str:
    """One CSV/TSV cell: lists joined by "; " (commas are common inside values)."""
    return value_text(value, "; ")


def to_csv(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([flat(row.get(c)) for c in columns] for row in rows)
    return buf.getvalue()


def to_tsv(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> str:
    """Tab-separated, unquoted: tabs and line breaks inside values become spaces."""

    def clean(value: Any) -> str:
        return " ".join(flat(value).replace("\t", " ").splitlines())

    lines = ["\t".join(columns)]
    lines += ["\t".join(clean(row.get(c)) for c in columns) for row in rows]
    return "\n".join(lines) + "\n"


def to_jsonl(rows: Iterable[dict[str, Any]]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def render(listing: Listing, options: OutputOptions) -> str:
    """The listing's text in the asked format."""
    fmt = options.format
    if fmt == "json":
        return to_json(listing.rows if listing.json_value is None else listing.json_value)
    if fmt == "jsonl":
        return to_jsonl(listing.rows)
    if fmt == "csv":
        return to_csv(listing.columns, listing.rows)
    if fmt == "tsv":
        return to_tsv(listing.columns, listing.rows)
    style = terminal_style(options)
    if listing.layout is not None:
        lines = listing.layout(style)
    else:
        lines = table_lines(listing.columns, listing.rows, style)
    return "".join(line + "\n" for line in lines)


# --- writing --------------------------------------------------------------


def emit(listing: Listing, options: OutputOptions) -> None:
    click.echo(render(listing, options), nl=False, color=True)  # colour is decided above


def emit_json(data: Any) -> None:
    click.echo(to_json(data), nl=False)


def emit_line(text: str) -> None:
    click.echo(text)


def emit_bytes(data: bytes) -> None:
    """Bytes as they are (an archived page in its own charset), nothing added."""
    click.echo(data, nl=False)


def note(text: str) -> None:
    """Progress and remarks for people: stderr, so stdout stays data."""
    click.echo(text, err=True)


def print_document(doc: dict[str, Any], options: OutputOptions = OutputOptions()) -> None:
    style = terminal_style(options)
    click.echo("".join(line + "\n" for line in document_lines(doc, style)), nl=False, color=True)


def print_summary(summary: dict[str, Any]) -> None:
    dropped = ", ".join(f"{k} {v}" for k, v in summary["dropped"].items()) or "none"
    click.echo(
        f"Crawl finished ({summary['finish_reason']}): {summary['pages']} pages fetched, "
        f"{summary['stored']} articles stored, {summary['skipped_known']} skipped as known, "
        f"dropped: {dropped}, errors: {summary['http_errors'] + summary['download_errors']} "
        f"download, {summary['store_errors']} store",
        err=True,
    )
    if summary["lost"]:
        click.echo(
            f"{summary['lost']} article(s) could be neither stored nor spooled (see the log): "
            "free space or fix the store, then crawl again to fetch them",
            err=True,
        )
    if summary["spool_pending"]:
        click.echo(
            f"{summary['spool_pending']} article(s) wait in the spool: once the store is back, "
            "run `newsindex index flush`",
            err=True,
        )
