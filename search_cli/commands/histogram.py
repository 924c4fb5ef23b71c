"""``newsindex histogram``: how many matching articles per day, week, month or year."""

from __future__ import annotations

from datetime import date, timedelta
from typing import cast

import click

from index.document import FACET_FIELDS
from index.factory import open_store
from index.query import INTERVALS, Interval, Match, SearchRequest, and_all
from index.store import Bucket
from search_cli import output
from search_cli.commands.search import build_request
from search_cli.filters import Filters, filter_node
from search_cli.options import filter_options, output_options, store_option
from search_cli.output import Listing, OutputOptions
from search_cli.render import Style, bar_lines


def next_start(start: date, interval: str) -> date:
    if interval == "day":
        return start + timedelta(days=1)
    if interval == "week":
        return start + timedelta(days=7)
    if interval == "month":
        return date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return date(start.year + 1, 1, 1)


def fill_gaps(buckets: list[Bucket], interval: str, first: str, last: str) -> list[Bucket]:
    """Every bucket from ``first`` to ``last``, empty ones counted 0, so bars share an axis."""
    counts = {b.start: b.count for b in buckets}
    filled: list[Bucket] = []
    current, stop = date.fromisoformat(first), date.fromisoformat(last)
    while current <= stop:
        filled.append(Bucket(current.isoformat(), counts.get(current.isoformat(), 0)))
        current = next_start(current, interval)
    return filled


def fill_series(series: dict[str, list[Bucket]], interval: str) -> dict[str, list[Bucket]]:
    starts = [b.start for buckets in series.values() for b in buckets]
    if not starts:
        return {name: [] for name in series}
    first, last = min(starts), max(starts)
    return {name: fill_gaps(b, interval, first, last) for name, b in series.items()}


@click.command()
@click.argument("query", default="")
@store_option
@filter_options
@click.option(
    "--interval",
    type=click.Choice(INTERVALS),
    default="month",
    show_default=True,
    help="The width of a bar (buckets start in UTC).",
)
@click.option("--by", type=click.Choice(FACET_FIELDS), help="One series per value of FIELD.")
@click.option(
    "--top",
    default=10,
    show_default=True,
    type=click.IntRange(1, 100),
    help="With --by: the most frequent values only.",
)
@output_options
def histogram(
    query: str,
    store_url: str | None,
    filters: Filters,
    interval: str,
    by: str | None,
    top: int,
    out: OutputOptions,
) -> None:
    """Count matching articles over time (by publication date), drawn as bars."""
    node = and_all([build_request(query).query, filter_node(filters)])
    width = cast(Interval, interval)
    store = open_store(store_url, create=False)
    try:
        if by is None:
            series = {"": store.histogram(node, width)}
        else:
            facets = store.search(SearchRequest(node, facets=[by], facet_size=top, limit=0))
            series = {
                v.value: store.histogram(and_all([node, Match(by, v.value)]), width)
                for v in facets.facets[by]
            }
    finally:
        store.close()
    series = fill_series(series, interval)
    if by is None:
        columns = ["start", "count"]
        rows = [{"start": b.start, "count": b.count} for b in series[""]]
    else:
        columns = [by, "start", "count"]
        rows = [
            {by: name, "start": b.start, "count": b.count}
            for name, buckets in series.items()
            for b in buckets
        ]

    def layout(style: Style) -> list[str]:
        return bar_lines(series, interval, style, by)

    output.emit(Listing(columns, rows, None, layout), out)
