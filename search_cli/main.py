"""The ``newsindex`` command.

``main()`` translates errors into one-line messages and exit codes, once;
the commands below only say what to do (as httpie's ``main``/``program``).
"""

from __future__ import annotations

import enum
import logging
import re
import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from index.document import FACET_FIELDS, Document
from index.errors import SchemaMissing, StoreError, StoreUnavailable
from index.query import SORTS, QueryError, SearchRequest, and_all, date_range, parse_query
from index.query import Match as MatchNode
from index.store import Store, default_data_dir, open_store
from search_cli import output


class ExitStatus(enum.IntEnum):
    OK = 0
    ERROR = 1
    USAGE = 2
    STORE_UNAVAILABLE = 3


class CliError(Exception):
    def __init__(self, message: str, status: ExitStatus = ExitStatus.ERROR):
        super().__init__(message)
        self.status = status


def _one_line(message: str) -> str:
    message = re.sub(r"\s+", " ", message).strip()
    return message if len(message) <= 300 else message[:297] + "..."


store_option = click.option(
    "--store",
    "store_url",
    envvar="NEWSINDEX_STORE",
    metavar="URL",
    help="sqlite:///PATH or http(s)://HOST:9200[/ALIAS] (default: NEWSINDEX_STORE, else "
    "an SQLite file in the user's data directory).",
)


def _open(store_url: str | None) -> Store:
    return open_store(store_url)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--traceback", is_flag=True, help="Show the full traceback of errors.")
@click.option("-v", "--verbose", count=True, help="More log output on stderr.")
@click.version_option(package_name="newsindex")
@click.pass_context
def cli(ctx: click.Context, traceback: bool, verbose: int) -> None:
    """Crawl regional news sites, index every article, search the archive."""
    ctx.ensure_object(dict)
    ctx.obj["traceback"] = traceback
    ctx.obj["verbose"] = verbose
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )


# --- search -------------------------------------------------------------------


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
    from index.query import Or

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


@cli.command()
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
    store = _open(store_url)
    try:
        result = store.search(request)
    finally:
        store.close()
    if as_json:
        output.emit_json(result.to_dict())
    else:
        output.print_search(result, request.offset)


@cli.command()
@click.argument("ref")
@store_option
@click.option("--json", "as_json", is_flag=True)
def show(ref: str, store_url: str | None, as_json: bool) -> None:
    """Show one article in full, by id or URL."""
    from index.document import document_id
    from index.urls import canonical_url

    doc_id = document_id(canonical_url(ref)) if "://" in ref else ref
    store = _open(store_url)
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


# --- crawling -------------------------------------------------------------------


@cli.command()
@click.argument("profile")
@store_option
@click.option(
    "--max-pages", type=click.IntRange(1), help="List pages to walk (overrides the profile)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the crawl summary as JSON.")
@click.pass_context
def crawl(
    ctx: click.Context, profile: str, store_url: str | None, max_pages: int | None, as_json: bool
) -> None:
    """Crawl one site profile (a built-in name or a .toml file) into the store."""
    from crawler.profile import load_profile

    loaded = load_profile(profile)
    summary = _crawl(loaded, store_url, max_pages, ctx.obj["verbose"])
    if as_json:
        output.emit_json(summary)
    if summary["stored"] == 0 and summary["article_pages"] > 0:
        raise CliError("the crawl fetched articles but stored none")
    if summary["store_errors"]:
        raise CliError(f"{summary['store_errors']} article(s) could not be stored")


def _crawl(
    profile: Any,
    store_url: str | None,
    max_pages: int | None,
    verbose: int,
    overrides: dict[str, Any] | None = None,
) -> dict[str, Any]:
    from crawler.run import run_crawl, summarize

    store = _open(store_url)  # fail here, with a clear message, before Scrapy starts
    try:
        store.ensure_schema()
    finally:
        store.close()
    settings = {"LOG_LEVEL": "INFO" if verbose else "WARNING", **(overrides or {})}
    summary = summarize(run_crawl(profile, store.url, max_pages=max_pages, overrides=settings))
    output.print_summary(summary)
    return summary


@cli.command()
@store_option
@click.option("--query", default="", help="The search to show after the crawl.")
@click.pass_context
def demo(ctx: click.Context, store_url: str | None, query: str) -> None:
    """Serve a demo news site on 127.0.0.1, crawl it, and run a faceted search."""
    from crawler.demo_site import demo_profile_toml, demo_site
    from crawler.localsite import LocalSite
    from crawler.profile import parse_profile_text

    if not store_url:
        demo_db = default_data_dir() / "demo.db"
        for stale in (demo_db, Path(f"{demo_db}-wal"), Path(f"{demo_db}-shm")):
            stale.unlink(missing_ok=True)  # the demo site's port changes: start afresh
        store_url = f"sqlite:///{demo_db}"
    with LocalSite(demo_site()) as site:
        click.echo(f"Serving the demo site at {site.url}/news/", err=True)
        profile = parse_profile_text(demo_profile_toml(site.url), "demo profile")
        _crawl(profile, store_url, None, ctx.obj["verbose"], {"AUTOTHROTTLE_ENABLED": False})
    click.echo(f"Archive: {store_url}", err=True)
    click.echo(
        f"$ newsindex search {query!r} --facet source --facet language --facet authors\n", err=True
    )
    ctx.invoke(
        search,
        query=query,
        store_url=store_url,
        sources=(),
        langs=(),
        authors=(),
        date_from=None,
        date_to=None,
        facets=("source", "language", "authors"),
        facet_size=10,
        sort="-date",
        limit=5,
        page=1,
        as_json=False,
    )


@cli.command("extract")
@click.argument("path", type=click.File("rb"))
@click.option("--url", required=True, help="The URL the page was fetched from.")
@click.option("--profile", "profile_name", help="Site profile (name or .toml) for selectors.")
@click.option("--json", "as_json", is_flag=True)
def extract_command(path: Any, url: str, profile_name: str | None, as_json: bool) -> None:
    """Run the crawler's extraction on one saved page (PATH or - for stdin)."""
    from crawler.extract import extract
    from crawler.profile import load_profile

    profile = load_profile(profile_name) if profile_name else None
    fields = extract(path.read(), url, profile)
    fields.pop("canonical_url", None)
    doc = Document(
        source=profile.name if profile else "",
        source_name=profile.source_name if profile else "",
        **fields,
    )
    if as_json:
        output.emit_json(doc.to_dict())
    else:
        output.print_document(doc.to_dict())


# --- the index ------------------------------------------------------------------


@cli.group("index")
def index_group() -> None:
    """Create and inspect the archive's schema."""


@index_group.command("init")
@store_option
def index_init(store_url: str | None) -> None:
    """Create the schema (idempotent)."""
    store = _open(store_url)
    try:
        store.ensure_schema()
        click.echo(f"{store.url}: ready, {store.count()} article(s)")
    finally:
        store.close()


# --- error boundary -------------------------------------------------------------


def _fail(message: str, status: ExitStatus) -> NoReturn:
    click.echo(f"newsindex: error: {_one_line(message)}", err=True)
    sys.exit(int(status))


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning known errors into one line and an exit code."""
    args = sys.argv[1:] if argv is None else argv
    show_traceback = "--traceback" in args
    try:
        cli.main(args=args, prog_name="newsindex", standalone_mode=False)
    except click.exceptions.Abort:
        _fail("aborted", ExitStatus.ERROR)
    except click.UsageError as exc:
        hint = f" (see: newsindex {exc.ctx.info_name if exc.ctx else ''} --help)"
        _fail(exc.format_message() + hint, ExitStatus.USAGE)
    except click.ClickException as exc:
        _fail(exc.format_message(), ExitStatus.ERROR)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception as exc:
        if show_traceback:
            raise
        _fail(*_classify(exc))


def _classify(exc: Exception) -> tuple[str, ExitStatus]:
    """The message and exit status of an error, decided once for every command."""
    from crawler.profile import ProfileError  # stdlib-only module: no Scrapy import

    if isinstance(exc, CliError):
        return str(exc), exc.status
    if isinstance(exc, QueryError | ProfileError):
        return str(exc), ExitStatus.USAGE
    if isinstance(exc, StoreUnavailable):
        return str(exc), ExitStatus.STORE_UNAVAILABLE
    if isinstance(exc, SchemaMissing | StoreError):
        return str(exc), ExitStatus.ERROR
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), ExitStatus.ERROR
    name = type(exc).__name__
    return f"{name}: {exc} (run with --traceback for details)", ExitStatus.ERROR
