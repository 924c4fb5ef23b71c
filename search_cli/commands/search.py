"""Commands that read articles: search, show, open."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from index.document import DATE_FIELDS, FACET_FIELDS, FIELD_NAMES, FIELDS, Document, document_id
from index.factory import open_store
from index.query import SORTS, And, Node, Not, Or, SearchRequest, Text, and_all, parse_query
from index.store import SearchResult, Store
from index.urls import InvalidURL, canonical_url, web_url
from search_cli import output
from search_cli.errors import CliError, ExitStatus
from search_cli.filters import Filters, filter_node
from search_cli.options import filter_options, output_options, store_option, warc_dir_option
from search_cli.output import Listing, OutputOptions
from search_cli.render import Style, document_lines, local_time, search_lines, table_lines

#: The columns of ``--format csv|tsv`` when ``--fields`` is not given.
DEFAULT_COLUMNS: tuple[str, ...] = ("id", "published", "source", "language", "title", "url")
ALL_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS)


def build_request(
    query: str,
    filters: Filters | None = None,
    facets: tuple[str, ...] = (),
    facet_size: int = 10,
    sort: str = "relevance",
    limit: int = 10,
    offset: int = 0,
    exact: bool = False,
) -> SearchRequest:
    """The query text and the flags, as one tree (``exact``: words as written, no folding)."""
    node = and_all([parse_query(query), filter_node(filters or Filters())])
    return SearchRequest(
        query=as_written(node) if exact and node is not None else node,
        facets=list(facets),
        facet_size=facet_size,
        sort=sort,  # type: ignore[arg-type]
        limit=limit,
        offset=offset,
    )


def as_written(node: Node) -> Node:
    """The tree with every word test exact: no stems, folding keys or gazetteer spellings."""
    if isinstance(node, Text):
        return replace(node, exact=True)
    if isinstance(node, And | Or):
        return type(node)(tuple(map(as_written, node.children)))
    if isinstance(node, Not):
        return Not(as_written(node.child))
    return node


def parse_fields(text: str | None) -> list[str] | None:
    """``--fields title,url`` -> ["title", "url"]; unknown names are a usage error."""
    if not text:
        return None
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in FIELD_NAMES]
    if unknown or not names:
        raise CliError(
            f"unknown field(s) in --fields: {', '.join(unknown) or repr(text)} "
            f"(fields: {', '.join(ALL_FIELDS)})",
            ExitStatus.USAGE,
        )
    return names


def local_dates(row: dict[str, Any], style: Style) -> dict[str, Any]:
    """A row with its dates in the reader's time zone, for tables."""
    return {k: local_time(v, style) if k in DATE_FIELDS else v for k, v in row.items()}


def search_listing(result: SearchResult, offset: int, fields: list[str] | None) -> Listing:
    rows = [h.document.to_dict() for h in result.hits]
    columns = fields or list(DEFAULT_COLUMNS)
    if fields:
        rows = [{k: row[k] for k in fields} for row in rows]

    def layout(style: Style) -> list[str]:
        if fields:
            shown = [local_dates(row, style) for row in rows]
            return table_lines(fields, shown, style, fixed=DATE_FIELDS)
        return search_lines(result, offset, style)

    return Listing(columns, rows, result.to_dict(fields), layout)


@click.command()
@click.argument("query", default="")
@store_option
@filter_options
@click.option(
    "--facet",
    "facets",
    multiple=True,
    type=click.Choice(FACET_FIELDS),
    help="Count hits by this field (repeatable).",
)
@click.option("--facet-size", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option(
    "--sort",
    type=click.Choice(SORTS),
    default="relevance",
    show_default=True,
    help="relevance, date (oldest first) or -date (newest first).",
)
@click.option("--limit", default=10, show_default=True, type=click.IntRange(0, 10000))
@click.option("--page", default=1, show_default=True, type=click.IntRange(1))
@click.option("--fields", "fields_text", metavar="A,B", help="Only these document fields.")
@click.option(
    "--exact",
    is_flag=True,
    help="Match words as written: no other forms, spellings or transliterations.",
)
@output_options
def search(
    query: str,
    store_url: str | None,
    filters: Filters,
    facets: tuple[str, ...],
    facet_size: int,
    sort: str,
    limit: int,
    page: int,
    fields_text: str | None,
    exact: bool,
    out: OutputOptions,
) -> None:
    """Search the archive. QUERY: words, "phrases", OR, -exclusion, field:value.

    An empty QUERY ('') matches every article. See `newsindex help query`.
    """
    fields = parse_fields(fields_text)
    offset = (page - 1) * limit
    request = build_request(query, filters, facets, facet_size, sort, limit, offset, exact)
    store = open_store(store_url, create=False)
    try:
        result = store.search(request)
    finally:
        store.close()
    output.emit(search_listing(result, request.offset, fields), out)


def find_document(store: Store, ref: str) -> Document:
    """An article by id or by URL (any form of it: the canonical URL is looked up)."""
    doc_id = document_id(canonical_url(ref)) if "://" in ref else ref
    doc = store.get(doc_id)
    if doc is None:
        raise CliError(f"no article {ref!r} in {store.url}")
    return doc


def fetch_document(store_url: str | None, ref: str) -> Document:
    store = open_store(store_url, create=False)
    try:
        return find_document(store, ref)
    finally:
        store.close()


def archived_page(doc: Document, warc_dir: Path) -> bytes:
    """The page a document was made from, as fetched (its payload, in its own charset)."""
    from index.warc import read_page  # warcio: loaded only when a page is asked for

    if not doc.warc_file or doc.warc_offset is None:
        raise CliError(f"no archived page for {doc.url}: it was stored without its WARC record")
    return read_page(warc_dir, doc.warc_file, doc.warc_offset).payload


@click.command()
@click.argument("ref", metavar="ID|URL")
@store_option
@click.option(
    "--html", "as_html", is_flag=True, help="Print the page as fetched, from the WARC archive."
)
@warc_dir_option
@output_options
def show(
    ref: str, store_url: str | None, as_html: bool, warc_dir: Path, out: OutputOptions
) -> None:
    """Show one article in full, body included, by id or URL (--html: its archived page)."""
    doc = fetch_document(store_url, ref)
    if as_html:
        output.emit_bytes(archived_page(doc, warc_dir))
        return
    row = doc.to_dict()

    def layout(style: Style) -> list[str]:
        return document_lines(local_dates(row, style), style)

    output.emit(Listing(ALL_FIELDS, [row], row, layout), out)


@click.command("open")
@click.argument("ref", metavar="ID|URL")
@store_option
@click.option("--print", "print_only", is_flag=True, help="Print the URL even on a terminal.")
def open_command(ref: str, store_url: str | None, print_only: bool) -> None:
    """Open an article's URL in the browser (on a terminal), or print it."""
    url = fetch_document(store_url, ref).url
    try:
        web_url(url)  # nothing but a web page is handed to the opener
    except InvalidURL as exc:
        raise CliError(f"not opening {url[:200]!r}: {exc}") from None
    if print_only or not sys.stdout.isatty():
        output.emit_line(url)
        return
    if click.launch(url) != 0:
        raise CliError(f"could not open a browser for {url}")
