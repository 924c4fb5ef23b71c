"""``newsindex watch``: saved searches that print only what is new, for cron-driven alerts.

The watches and the ids each has already reported live in one SQLite file
in the user's data directory (``watch.db``). "New" means not reported by
this watch before, whatever the article's dates say, so an article a crawl
adds late is still reported once.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import click

from index.document import Document
from index.factory import open_store
from index.query import and_all, parse_query
from index.urls import mask_url
from index.watches import Watch, WatchBook, default_watch_path
from search_cli import output
from search_cli.filters import Filters, filter_node
from search_cli.options import filter_options, output_options, store_option
from search_cli.output import Listing, OutputOptions
from search_cli.render import Style, bold, hit_lines, local_time, table_lines

RUN_COLUMNS = ("watch", "published", "source", "title", "url", "id")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def open_book() -> WatchBook:
    return WatchBook(default_watch_path())


def new_documents(watch: Watch, store_url: str | None, book: WatchBook) -> list[Document]:
    """The watch's matching articles it has not reported yet, oldest first."""
    node = and_all([parse_query(watch.query), filter_node(Filters.from_dict(watch.filters))])
    store = open_store(watch.store or store_url, create=False)
    try:
        matching = {doc.id: doc for doc in store.scan(node)}
    finally:
        store.close()
    fresh = book.unseen(watch.name, matching)
    return sorted((matching[i] for i in fresh), key=lambda d: (d.published or "", d.id))


@click.group("watch")
def watch_group() -> None:
    """Saved searches that report only new articles (for cron)."""


@watch_group.command("add")
@click.argument("name")
@click.argument("query")
@click.option("--store", "store_url", metavar="URL", help="Watch this store (default: the one "
              "`watch run` is given).")  # fmt: skip
@filter_options
def watch_add(name: str, query: str, store_url: str | None, filters: Filters) -> None:
    """Save a search as NAME (QUERY in the search language, filters as flags)."""
    and_all([parse_query(query), filter_node(filters)])  # a bad query fails now, not at 3 a.m.
    book = open_book()
    try:
        book.add(Watch(name, query, filters.to_dict(), store_url, _now()))
    finally:
        book.close()
    output.note(f"watch {name!r} saved: `newsindex watch run {name}` prints what is new")


@watch_group.command("remove")
@click.argument("name")
def watch_remove(name: str) -> None:
    """Forget a watch and what it has reported."""
    book = open_book()
    try:
        book.remove(name)
    finally:
        book.close()


WATCH_COLUMNS = ("name", "query", "filters", "store", "created", "last_run", "seen")


@watch_group.command("list")
@output_options
def watch_list(out: OutputOptions) -> None:
    """The saved watches."""
    book = open_book()
    try:
        rows: list[dict[str, Any]] = [
            {
                "name": w.name,
                "query": w.query,
                "filters": w.filters,
                "store": mask_url(w.store) if w.store else None,
                "created": w.created,
                "last_run": w.last_run,
                "seen": book.seen_count(w.name),
            }
            for w in book.all()
        ]
        described = {w.name: Filters.from_dict(w.filters).describe() for w in book.all()}
    finally:
        book.close()

    def layout(style: Style) -> list[str]:
        shown = [
            {
                **r,
                "filters": described[r["name"]],
                "created": local_time(r["created"], style),
                "last_run": local_time(r["last_run"], style),
            }
            for r in rows
        ]
        return table_lines(WATCH_COLUMNS, shown, style, fixed=("created", "last_run", "seen"))

    flat = [{**r, "filters": described[r["name"]]} for r in rows]
    output.emit(Listing(WATCH_COLUMNS, flat, rows, layout), out)


@watch_group.command("run")
@click.argument("name", required=False)
@store_option
@output_options
def watch_run(name: str | None, store_url: str | None, out: OutputOptions) -> None:
    """Print the articles new since the last run (of NAME, or of every watch).

    Prints nothing when nothing is new. Articles count as reported once printed.
    """
    book = open_book()
    try:
        watches = [book.get(name)] if name else book.all()
        found = [(w, new_documents(w, store_url, book)) for w in watches]
        rows = [{"watch": w.name, **doc.to_dict()} for w, docs in found for doc in docs]

        def layout(style: Style) -> list[str]:
            lines: list[str] = []
            for w, docs in found:
                if docs:
                    lines += [""] if lines else []
                    lines.append(bold(f"{w.name}: {len(docs)} new article(s)", style))
                    for doc in docs:
                        lines += ["", *hit_lines(doc, None, style)]
            return lines

        if rows or out.format in ("json", "csv", "tsv"):
            output.emit(Listing(RUN_COLUMNS, rows, None, layout), out)
        when = _now()
        for w, docs in found:
            book.mark_seen(w.name, (d.id for d in docs), when)
    finally:
        book.close()
