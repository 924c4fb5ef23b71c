"""Commands that read the archive: search, show."""

from __future__ import annotations

from typing import Any

import click

from index.document import FACET_FIELDS
from index.query import SORTS, Or, SearchRequest, and_all, date_range, parse_query
from index.query import Match as MatchNode
from search_cli import output
from search_cli.common import CliError, open_cli_store, store_option


def build_request(
    query: str,
    sources: tuple[str, ...] = (),
    langs: tuple[str, ...] = (),
    authors: tuple[str, ...] = (),
    date_from: str | None = None,
    date_to: str | None = None,
    facets: tuple[str, ...] = (),
    facet_size: int = 10,
    sort: str = "relevance",
    limit: int = 10,
    offset: int = 0,
) -> SearchRequest:
    """Flags become the same tree nodes as field terms in the query."""

    def any_of(field: str, values: tuple[str, ...]) -> Any:
        nodes = [MatchNode(field, v) for v in values]
        if not nodes:
            return None
        return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))

    dates = date_range("published", date_from, date_to) if (date_from or date_to) else None
    node = and_all(
        [
            parse_query(query),
            any_of("source", sources),
            any_of("language", langs),
            any_of("authors", authors),
            dates,
        ]
    )
    return SearchRequest(
        query=node,
        facets=list(facets),
        facet_size=facet_size,
        sort=sort,  # type: ignore[arg-type]
        limit=limit,
        offset=offset,
    )


@click.command()
@click.argument("query", default="")
@store_option
@click.option("--source", "sources", multiple=True, metavar="NAME", help="Only this outlet.")
@click.option("--lang", "langs", multiple=True, metavar="CODE", help="Only this language.")
@click.option("--author", "authors", multiple=True, metavar="NAME", help="Only this author.")
@click.option("--from", "date_from", metavar="DATE", help="Published on or after DATE.")
@click.option("--to", "date_to", metavar="DATE", help="Published on or before DATE.")
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
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def search(
    query: str,
    store_url: str | None,
    sources: tuple[str, ...],
    langs: tuple[str, ...],
    authors: tuple[str, ...],
    date_from: str | None,
    date_to: str | None,
    facets: tuple[str, ...],
    facet_size: int,
    sort: str,
    limit: int,
    page: int,
    as_json: bool,
) -> None:
    """Search the archive. QUERY: words, "phrases", OR, -exclusion, field:value.

    An empty QUERY ('') matches every article.
    """
    request = build_request(
        query,
        sources,
        langs,
        authors,
        date_from,
        date_to,
        facets,
        facet_size,
        sort,
        limit,
        (page - 1) * limit,
    )
    store = open_cli_store(store_url)
    try:
        result = store.search(request)
    finally:
        store.close()
    if as_json:
        output.emit_json(result.to_dict())
    else:
        output.print_search(result, request.offset)


@click.command()
@click.argument("ref")
@store_option
@click.option("--json", "as_json", is_flag=True)
def show(ref: str, store_url: str | None, as_json: bool) -> None:
    """Show one article in full, by id or URL."""
    from index.document import document_id
    from index.urls import canonical_url

    doc_id = document_id(canonical_url(ref)) if "://" in ref else ref
    store = open_cli_store(store_url)
    try:
        doc = store.get(doc_id)
    finally:
        store.close()
    if doc is None:
        raise CliError(f"no article {ref!r} in {store.url}")
    if as_json:
        output.emit_json(doc.to_dict())
    else:
        output.print_document(doc.to_dict())
