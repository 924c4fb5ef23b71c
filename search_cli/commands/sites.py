"""``newsindex sites``: the built-in outlet profiles, and a live check of one."""

from __future__ import annotations

from typing import Any

import click

from search_cli import output
from search_cli.errors import CliError
from search_cli.options import GlobalOptions, output_options
from search_cli.output import Listing, OutputOptions


@click.group("sites", invoke_without_command=True)
@output_options
@click.pass_context
def sites_group(ctx: click.Context, out: OutputOptions) -> None:
    """The built-in site profiles: name, outlet, languages, how articles are found."""
    if ctx.invoked_subcommand is not None:
        return
    from crawler.profile import builtin_profiles, load_profile

    rows = []
    for name in builtin_profiles():
        profile = load_profile(name)
        rows.append(
            {
                "name": profile.name,
                "outlet": profile.source_name,
                "languages": list(profile.languages),
                "discovery": list(profile.discovery),
            }
        )
    output.emit(Listing(["name", "outlet", "languages", "discovery"], rows), out)


@sites_group.command("check")
@click.argument("profile")
@click.option("--max-pages", type=click.IntRange(1), default=1, show_default=True)
@output_options
@click.pass_context
def check(ctx: click.Context, profile: str, max_pages: int, out: OutputOptions) -> None:
    """Run a profile's discovery against the live site: article links found per start point.

    Fetches list pages, feeds and sitemaps (robots.txt obeyed), no article.
    """
    from crawler.profile import load_profile
    from crawler.run import run_crawl

    loaded = load_profile(profile)
    overrides: dict[str, Any] = {
        "NEWSINDEX_DISCOVER_ONLY": True,
        "NEWSINDEX_SKIP_KNOWN": False,
        "ITEM_PIPELINES": {},
        "LOG_LEVEL": "INFO" if ctx.ensure_object(GlobalOptions).verbose else "WARNING",
    }
    stats = run_crawl(loaded, None, max_pages=max_pages, overrides=overrides)
    found: dict[str, list[str]] = stats.get("newsindex/check/found") or {}
    starts = [*loaded.lists.urls, *loaded.feeds, *loaded.sitemaps]
    starts += [chain for chain in found if chain not in starts]
    rows = [
        {
            "start": start,
            "articles": len(found.get(start, [])),
            "examples": found.get(start, [])[:3],
        }
        for start in starts
    ]
    output.emit(Listing(["start", "articles", "examples"], rows), out)
    if not any(found.values()):
        raise CliError(f"{loaded.name}: discovery found no article links")
