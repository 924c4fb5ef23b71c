"""Text layout for people at a terminal: pure functions from data to lines.

Nothing here writes; ``output`` does. Widths count characters, colour is
ANSI via click.style, dates are shown in the reader's time zone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

import click

from index.document import Document
from index.store import Bucket, SearchResult

_MARK = re.compile(r"<mark>(.*?)</mark>", re.DOTALL)
ELLIPSIS = "…"
BAR = "█"


@dataclass(frozen=True)
class Style:
    """How a person's terminal shows text."""

    color: bool = False
    width: int = 100
    tz: tzinfo | None = None  # None: the system's local time zone


def bold(text: str, style: Style) -> str:
    return click.style(text, bold=True) if style.color else text


def dim(text: str, style: Style) -> str:
    return click.style(text, dim=True) if style.color else text


def truncate(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: max(width - 1, 0)] + ELLIPSIS


def fit_marked(snippet: str, width: int, style: Style) -> str:
    """A ``<mark>``-highlighted snippet cut to ``width`` visible characters, marks styled."""
    snippet = " ".join(snippet.split())
    pieces: list[tuple[str, bool]] = []
    last = 0
    for m in _MARK.finditer(snippet):
        pieces.append((snippet[last : m.start()], False))
        pieces.append((m[1], True))
        last = m.end()
    pieces.append((snippet[last:], False))
    visible = sum(len(text) for text, _ in pieces)
    budget = width if visible <= width else max(width - 1, 0)
    out: list[str] = []
    for text, marked in pieces:
        part = text[:budget]
        budget -= len(part)
        if marked and style.color and part:
            part = click.style(part, fg="yellow", bold=True)
        out.append(part)
    return "".join(out) + (ELLIPSIS if visible > width else "")


def parse_instant(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def local_time(value: str | None, style: Style, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """An ISO 8601 instant in the reader's time zone; dates without an offset stay as given."""
    instant = parse_instant(value)
    if instant is None:
        return ""
    if instant.tzinfo is not None:
        instant = instant.astimezone(style.tz)
    return instant.strftime(fmt)


# --- search ---------------------------------------------------------------

_DATE_WIDTH = len("2024-01-01 00:00")
_SOURCE_WIDTH = 14


def hit_lines(doc: Document, highlight: str | None, style: Style) -> list[str]:
    """Date, source and title; the URL; the highlighted snippet (or the lead)."""
    indent = " " * (_DATE_WIDTH + 2)
    rest = max(style.width - len(indent), 20)
    date = local_time(doc.published, style) or "-" * _DATE_WIDTH
    head = f"{date}  {truncate(doc.source, _SOURCE_WIDTH):<{_SOURCE_WIDTH}} "
    title = truncate(doc.title, max(style.width - len(head), 20))
    lines = [dim(head[:_DATE_WIDTH], style) + head[_DATE_WIDTH:] + bold(title, style)]
    lines.append(indent + dim(truncate(doc.url, rest), style))
    snippet = highlight or doc.lead
    if snippet:
        lines.append(indent + fit_marked(snippet, rest, style))
    return lines


def search_lines(result: SearchResult, offset: int, style: Style) -> list[str]:
    """Hits (date, source, title; URL; highlighted snippet) and facet counts."""
    shown = f"{offset + 1}-{offset + len(result.hits)}" if result.hits else "0"
    lines = [f"{result.total} article(s), showing {shown}"]
    for hit in result.hits:
        lines += ["", *hit_lines(hit.document, hit.highlight, style)]
    for name, values in result.facets.items():
        estimated = " (estimated counts)" if name in result.estimated_facets else ""
        lines += ["", bold(f"{name}:", style) + estimated]
        lines += [f"  {value.count:>6}  {value.value}" for value in values]
    return lines


# --- tables ---------------------------------------------------------------


def value_text(value: Any, separator: str) -> str:
    """A field's value as text: lists joined by ``separator``, None empty, booleans
    lower-case (as JSON writes them)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return separator.join(str(v) for v in value)
    return str(value)


def cell(value: Any) -> str:
    """One value as table text: on one line, lists joined by commas."""
    text = value_text(value, ", ")
    return text if isinstance(value, list | tuple) else " ".join(text.split())


def table_lines(
    columns: Sequence[str],
    rows: Iterable[dict[str, Any]],
    style: Style,
    fixed: Iterable[str] = (),
) -> list[str]:
    """An aligned table; when the terminal is too narrow the widest column not ``fixed``
    (dates, counts) gives way, down to 8 characters."""
    texts = [[cell(row.get(c)) for c in columns] for row in rows]
    widths = [max([len(c), *(len(t[i]) for t in texts)]) for i, c in enumerate(columns)]
    gap = 2
    flexible = [i for i, c in enumerate(columns) if c not in set(fixed)]
    while flexible and sum(widths) + gap * (len(widths) - 1) > style.width:
        widest = max(flexible, key=lambda i: widths[i])
        if widths[widest] <= 8:
            break
        widths[widest] -= 1
    last = len(columns) - 1

    def line(values: Sequence[str], header: bool = False) -> str:
        parts = []
        for i, value in enumerate(values):
            text = truncate(value, widths[i])
            text = text if i == last else f"{text:<{widths[i]}}"
            parts.append(bold(text, style) if header else text)
        return (" " * gap).join(parts).rstrip()

    return [line([c.upper() for c in columns], header=True)] + [line(t) for t in texts]


def record_lines(record: dict[str, Any], style: Style) -> list[str]:
    """``key: value`` lines for one record."""
    width = max((len(k) for k in record), default=0) + 2
    return [bold(f"{k + ':':<{width}}", style) + cell(v) for k, v in record.items()]


def document_lines(doc: dict[str, Any], style: Style) -> list[str]:
    """Every field, then the body in full."""
    fields = {k: v for k, v in doc.items() if k != "body"}
    return [*record_lines(fields, style), "", doc.get("body") or ""]


# --- histogram ------------------------------------------------------------

_LABELS = {"day": 10, "week": 10, "month": 7, "year": 4}


def bar_lines(
    series: dict[str, list[Bucket]], interval: str, style: Style, by: str | None = None
) -> list[str]:
    """A horizontal bar per bucket, one block per series, on one scale."""
    peak = max((b.count for buckets in series.values() for b in buckets), default=0)
    count_width = len(str(peak))
    label_width = _LABELS[interval]
    room = max(style.width - label_width - count_width - 4, 10)
    lines: list[str] = []
    for name, buckets in series.items():
        if by is not None:
            lines += [""] if lines else []
            lines.append(bold(f"{by}: {name}", style))
        for bucket in buckets:
            length = round(bucket.count / peak * room) if peak else 0
            bar = BAR * length
            if style.color:
                bar = click.style(bar, fg="cyan")
            label = bucket.start[:label_width]
            lines.append(f"{label}  {bucket.count:>{count_width}}  {bar}".rstrip())
    return lines
