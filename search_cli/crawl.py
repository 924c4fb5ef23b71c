"""Commands that fetch pages: crawl, demo, extract."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from index.document import Document
from index.store import default_data_dir
from search_cli import output
from search_cli.common import CliError, open_cli_store, store_option
from search_cli.search import search


@click.command()
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

    store = open_cli_store(store_url)  # fail here, with a clear message, before Scrapy starts
    try:
        store.ensure_schema()
    finally:
        store.close()
    settings = {"LOG_LEVEL": "INFO" if verbose else "WARNING", **(overrides or {})}
    summary = summarize(run_crawl(profile, store.url, max_pages=max_pages, overrides=settings))
    output.print_summary(summary)
    return summary


@click.command()
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


@click.command("extract")
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
