"""Commands that fetch pages: crawl, demo, extract."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from index.paths import default_data_dir
from search_cli import output
from search_cli.commands.search import search
from search_cli.errors import CliError
from search_cli.options import GlobalOptions, store_option


def scrapy_settings(values: tuple[str, ...]) -> dict[str, str]:
    """``--set KEY=VALUE`` pairs as Scrapy settings."""
    settings = {}
    for value in values:
        key, sep, setting = value.partition("=")
        if not sep or not key.strip() or not key.strip().isupper():
            raise click.BadParameter(f"expected KEY=VALUE, got {value!r}", param_hint="--set")
        settings[key.strip()] = setting.strip()
    return settings


@click.command()
@click.argument("profile")
@store_option
@click.option(
    "--max-pages", type=click.IntRange(1), help="List pages to walk (overrides the profile)."
)
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Stop paging once lists, feeds and sitemaps hold only items older than DATE.",
)
@click.option(
    "--refresh",
    is_flag=True,
    help="Re-fetch stored articles with conditional requests; update the changed ones.",
)
@click.option(
    "--jobdir",
    type=click.Path(file_okay=False),
    help="Keep the crawl's state here: a crawl stopped (even killed) resumes from it.",
)
@click.option(
    "--set",
    "set_values",
    multiple=True,
    metavar="KEY=VALUE",
    help="A Scrapy setting for this run, e.g. --set AUTOTHROTTLE_ENABLED=false.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the crawl summary as JSON.")
@click.pass_context
def crawl(
    ctx: click.Context,
    profile: str,
    store_url: str | None,
    max_pages: int | None,
    since: datetime | None,
    refresh: bool,
    jobdir: str | None,
    set_values: tuple[str, ...],
    as_json: bool,
) -> None:
    """Crawl one site profile (a built-in name or a .toml file) into the store.

    Only articles the store lacks are fetched; --refresh re-checks the known
    ones. Exit status: 0 when the crawl stored or skipped what it found, 1 when
    an article could not be stored or extracted, none was stored, or no start
    page could be read, 2 for a usage or profile error, 3 when the store is
    unreachable.
    """
    from crawler.profile import load_profile
    from crawler.summary import failure

    overrides: dict[str, Any] = scrapy_settings(set_values)
    if refresh:
        overrides["NEWSINDEX_REFRESH"] = True
    if jobdir:
        overrides["JOBDIR"] = jobdir
    loaded = load_profile(profile)
    summary = _crawl(
        loaded,
        store_url,
        max_pages,
        ctx.ensure_object(GlobalOptions).verbose,
        overrides,
        since=since.date().isoformat() if since else None,
    )
    if as_json:
        output.emit_json(summary)
    if reason := failure(summary):
        raise CliError(reason)


def _crawl(
    profile: Any,
    store_url: str | None,
    max_pages: int | None,
    verbose: int,
    overrides: dict[str, Any] | None = None,
    since: str | None = None,
) -> dict[str, Any]:
    from crawler.run import run_crawl
    from crawler.summary import summarize

    settings = run_settings(verbose, overrides)
    # A store that cannot be opened stops the crawl before anything is fetched.
    stats = run_crawl(profile, store_url, max_pages=max_pages, since=since, overrides=settings)
    summary = summarize(stats)
    output.print_summary(summary)
    return summary


def run_settings(verbose: int, overrides: dict[str, Any] | None) -> dict[str, Any]:
    """The settings of a crawl (or import) the command line runs: its log and progress
    line follow ``-v`` and the terminal; ``overrides`` (``--set``) come last."""
    return {
        "LOG_LEVEL": "INFO" if verbose else "WARNING",
        "NEWSINDEX_PROGRESS": bool(verbose) or sys.stderr.isatty(),
        **(overrides or {}),
    }


@click.command()
@store_option
@click.option("--query", default="", help="The search to show after the crawl.")
@click.pass_context
def demo(ctx: click.Context, store_url: str | None, query: str) -> None:
    """Serve a demo news site on 127.0.0.1, crawl it, and run a faceted search."""
    from crawler.demo.server import LocalSite
    from crawler.demo.site import demo_profile_toml, demo_site
    from crawler.profile import parse_profile_text

    if not store_url:
        demo_db = default_data_dir() / "demo.db"
        for stale in (demo_db, Path(f"{demo_db}-wal"), Path(f"{demo_db}-shm")):
            stale.unlink(missing_ok=True)  # the demo site's port changes: start afresh
        store_url = f"sqlite:///{demo_db}"
    with LocalSite(demo_site()) as site:
        click.echo(f"Serving the demo site at {site.url}/news/", err=True)
        profile = parse_profile_text(demo_profile_toml(site.url), "demo profile")
        _crawl(
            profile,
            store_url,
            None,
            ctx.ensure_object(GlobalOptions).verbose,
            {"AUTOTHROTTLE_ENABLED": False},
        )
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
    """Run the crawler's extraction on one saved page (PATH or - for stdin).

    The page goes through the crawler's own document assembly (the bytes
    decoded, the URL made canonical, the text cleaned), so the document
    printed is the one a crawl would store, but for its crawl times and
    what needs the archive (duplicate_of).
    """
    from crawler.article import article
    from crawler.extract import ExtractionError
    from crawler.profile import load_profile

    profile = load_profile(profile_name) if profile_name else None
    try:
        doc = article(path.read(), url, profile, datetime.now(UTC))
    except ExtractionError as exc:
        raise CliError(f"{getattr(path, 'name', '<stdin>')}: {exc}") from None
    if as_json:
        output.emit_json(doc.to_dict())
    else:
        output.print_document(doc.to_dict())
