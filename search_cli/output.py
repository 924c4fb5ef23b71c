"""The CLI's output layer: the only place that writes to stdout."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from typing import Any

import click

from index.store import SearchResult

_MARK = re.compile(r"<mark>(.*?)</mark>", re.DOTALL)


def use_color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _highlight(snippet: str, color: bool) -> str:
    snippet = " ".join(snippet.split())
    if color:
        return _MARK.sub(lambda m: click.style(m[1], fg="yellow", bold=True), snippet)
    return _MARK.sub(r"\1", snippet)


def _truncate(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def print_search(result: SearchResult, offset: int = 0) -> None:
    """Hits and facets for a person at a terminal."""
    color = use_color()
    width = shutil.get_terminal_size((100, 24)).columns
    shown = f"{offset + 1}-{offset + len(result.hits)}" if result.hits else "0"
    click.echo(f"{result.total} article(s), showing {shown}")
    for hit in result.hits:
        doc = hit.document
        date = (doc.published or "")[:10] or "----------"
        head = f"{date}  {doc.source:<14} "
        title = _truncate(doc.title, max(width - len(head), 20))
        click.echo("")
        click.echo(head + (click.style(title, bold=True) if color else title))
        click.echo(" " * 12 + _truncate(doc.url, max(width - 12, 20)))
        snippet = hit.highlight or doc.lead
        if snippet:
            click.echo(" " * 12 + _highlight(_truncate(snippet, max(width - 12, 40)), color))
    for name, values in result.facets.items():
        click.echo("")
        click.echo(click.style(f"{name}:", bold=True) if color else f"{name}:")
        for value in values:
            click.echo(f"  {value.count:>6}  {value.value}")


def print_summary(summary: dict[str, Any]) -> None:
    dropped = ", ".join(f"{k} {v}" for k, v in summary["dropped"].items()) or "none"
    click.echo(
        f"Crawl finished ({summary['finish_reason']}): {summary['pages']} pages fetched, "
        f"{summary['stored']} articles stored, {summary['skipped_known']} skipped as known, "
        f"dropped: {dropped}, errors: {summary['http_errors'] + summary['download_errors']} "
        f"download, {summary['store_errors']} store",
        err=True,
    )


def print_document(doc: dict[str, Any]) -> None:
    for key, value in doc.items():
        if key == "body":
            continue
        if isinstance(value, list):
            value = ", ".join(value)
        click.echo(f"{key + ':':<16}{'' if value is None else value}")
    click.echo("")
    click.echo(doc.get("body", ""))
