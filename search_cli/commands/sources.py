"""``newsindex sources`` and ``newsindex stats``: what the archive holds, per outlet and overall.

Both are composed from the Store API (facets, sorted searches, scans), so
they answer the same on every store.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import click

from index.factory import open_store
from index.query import DateRange, Match, Node, SearchRequest, and_all
from index.querydates import parse_date_bound
from index.store import FacetValue, Store
from index.urls import mask_url
from search_cli import output
from search_cli.options import output_options, store_option
from search_cli.output import Listing, OutputOptions
from search_cli.render import Style, local_time, parse_instant, record_lines, table_lines

MAX_SOURCES = 10_000


@dataclass
class Coverage:
    """What the archive holds for one query: counts, languages, dates."""

    documents: int
    languages: dict[str, int]
    first_published: str | None
    last_published: str | None
    last_crawl: str | None


def latest(values: list[str | None]) -> str | None:
    """The latest of some ISO 8601 instants, compared as instants."""
    dated = [(parse_instant(v), v) for v in values if v and parse_instant(v) is not None]
    if not dated:
        return None
    return max(dated, key=lambda pair: pair[0].timestamp())[1]  # type: ignore[union-attr]


def coverage(store: Store, query: Node | None) -> Coverage:
    """Counts and languages from a facet; first and last from sorted searches.

    The last crawl is the latest ``crawled_at`` among the articles crawled no
    earlier than the newest article (usually the last crawl's batch): a
    short scan instead of the whole archive.
    """
    oldest = store.search(
        SearchRequest(
            query, facets=["language"], facet_size=100, sort="date", limit=1, highlight=False
        )
    )
    newest = store.search(SearchRequest(query, sort="-date", limit=1, highlight=False))
    first = oldest.hits[0].document if oldest.hits else None
    last = newest.hits[0].document if newest.hits else None
    recent = query
    if last is not None and last.crawled_at:
        recent = and_all([query, DateRange("crawled_at", gte=parse_date_bound(last.crawled_at))])
    crawled = latest([doc.crawled_at for doc in store.scan(recent)]) if last else None
    return Coverage(
        documents=oldest.total,
        languages={v.value: v.count for v in oldest.facets.get("language", [])},
        first_published=first.published if first else None,
        last_published=last.published if last else None,
        last_crawl=crawled,
    )


def outlets(store: Store) -> list[FacetValue]:
    """Every outlet in the archive, with its number of documents."""
    request = SearchRequest(None, facets=["source"], facet_size=MAX_SOURCES, limit=0)
    return store.search(request).facets["source"]


def _languages(counts: dict[str, int]) -> str:
    return ", ".join(f"{lang} {n}" for lang, n in counts.items())


def _dates(row: dict[str, Any], style: Style) -> dict[str, Any]:
    dated = ("first_published", "last_published", "last_crawl")
    return {k: local_time(v, style) if k in dated else v for k, v in row.items()}


SOURCE_COLUMNS = (
    "source", "source_name", "documents", "languages",
    "first_published", "last_published", "last_crawl",
)  # fmt: skip


_FIXED = ("documents", "first_published", "last_published", "last_crawl")


@click.command()
@store_option
@output_options
def sources(store_url: str | None, out: OutputOptions) -> None:
    """Per outlet: documents, languages, first and last published, last crawl."""
    store = open_store(store_url, create=False)
    try:
        rows = []
        for value in sorted(outlets(store), key=lambda v: v.value):
            query = Match("source", value.value)
            sample = store.search(SearchRequest(query, limit=1, highlight=False)).hits
            cov = asdict(coverage(store, query))
            name = sample[0].document.source_name if sample else ""
            rows.append({"source": value.value, "source_name": name, **cov})
    finally:
        store.close()

    def layout(style: Style) -> list[str]:
        shown = [_dates({**r, "languages": _languages(r["languages"])}, style) for r in rows]
        return table_lines(SOURCE_COLUMNS, shown, style, fixed=_FIXED)

    flat_rows = [{**r, "languages": list(r["languages"])} for r in rows]
    output.emit(Listing(SOURCE_COLUMNS, flat_rows, rows, layout), out)


@click.command()
@store_option
@output_options
def stats(store_url: str | None, out: OutputOptions) -> None:
    """The archive at a glance: documents, outlets, languages, dates."""
    store = open_store(store_url, create=False)
    try:
        cov = coverage(store, None)
        facet = outlets(store)
        url = store.url
    finally:
        store.close()
    record: dict[str, Any] = {
        "store": mask_url(url),
        "documents": cov.documents,
        "sources": len(facet),
        **{k: v for k, v in asdict(cov).items() if k != "documents"},
    }

    def layout(style: Style) -> list[str]:
        shown = {**record, "languages": _languages(cov.languages)}
        return record_lines(_dates(shown, style), style)

    row = {**record, "languages": list(cov.languages)}
    output.emit(Listing(list(record), [row], record, layout), out)
