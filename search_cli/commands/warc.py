"""Commands over the archived pages: reextract from them, import other tools' WARC files."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import click

from index.factory import open_store
from index.query import and_all, date_range, parse_query
from search_cli import output
from search_cli.errors import CliError
from search_cli.filters import Filters, filter_node
from search_cli.options import GlobalOptions, filter_options, store_option, warc_dir_option

PROGRESS_SECONDS = 1.0


class _Progress:
    """``reextract: 1200/5000 document(s), 310 changed (45/s)`` on stderr, once a second."""

    def __init__(self, total: int):
        self.total = total
        self.started = self.last = time.monotonic()

    def __call__(self, summary: Any) -> None:
        now = time.monotonic()
        if now - self.last >= PROGRESS_SECONDS:
            self.last = now
            self.report(summary)

    def report(self, summary: Any) -> None:
        rate = summary.documents / max(time.monotonic() - self.started, 1e-9)
        output.note(
            f"reextract: {summary.documents}/{self.total} document(s), "
            f"{summary.changed} changed ({rate:.0f}/s)"
        )


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.items()) or "none"


@click.command()
@click.argument("query", default="")
@store_option
@filter_options
@click.option("--since", metavar="DATE", help="Only documents crawled on or after DATE.")
@click.option(
    "--profile",
    "profile_names",
    multiple=True,
    metavar="NAME|FILE",
    help="The profile of an outlet's documents (repeatable; default: the built-in profile "
    "named as the outlet).",
)
@click.option("--dry-run", is_flag=True, help="Count what would change; write nothing.")
@warc_dir_option
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
def reextract(
    query: str,
    store_url: str | None,
    filters: Filters,
    since: str | None,
    profile_names: tuple[str, ...],
    dry_run: bool,
    warc_dir: Path,
    as_json: bool,
) -> None:
    """Run today's extraction again on the archived pages of the selected documents.

    Documents keep their id, first_seen and last_seen; those whose fields
    change are updated in place (the summary counts the changes per field).
    A run stopped at any point is finished by running it again.
    """
    from crawler.profile import load_profile
    from crawler.reextract import Profiles
    from crawler.reextract import reextract as run

    crawled = date_range("crawled_at", since, None) if since else None
    node = and_all([parse_query(query), filter_node(filters), crawled])
    profiles = Profiles(load_profile(name) for name in profile_names)
    store = open_store(store_url, create=False)
    try:
        progress = _Progress(store.count(node))
        summary = run(store, node, warc_dir, profiles, dry_run=dry_run, progress=progress)
    finally:
        store.close()
    progress.report(summary)
    for cut in summary.truncated:
        output.note(f"newsindex: skipped a record cut short: {cut}")
    verb = "would change" if dry_run else "changed"
    output.note(
        f"Re-extracted {summary.documents} document(s): {summary.changed} {verb}, "
        f"{summary.unchanged} unchanged; fields: {_counts(summary.to_dict()['fields'])}; "
        f"skipped: {_counts(summary.to_dict()['skipped'])}"
    )
    if as_json:
        output.emit_json({**summary.to_dict(), "dry_run": dry_run})


@click.command("import-warc")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@store_option
@click.option(
    "--profile",
    "profile_names",
    multiple=True,
    metavar="NAME|FILE",
    help="The outlet(s) whose pages to take (repeatable; default: every built-in profile).",
)
@click.option(
    "--all", "every_page", is_flag=True, help="Every HTML page of the outlets, not only articles."
)
@click.option(
    "--set",
    "set_values",
    multiple=True,
    metavar="KEY=VALUE",
    help="A Scrapy setting for this run, as for crawl.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def import_warc(
    ctx: click.Context,
    files: tuple[Path, ...],
    store_url: str | None,
    profile_names: tuple[str, ...],
    every_page: bool,
    set_values: tuple[str, ...],
    as_json: bool,
) -> None:
    """Import the article pages of WARC files made by any tool (wget, Browsertrix, CC-NEWS...).

    FILES: gzip or plain, WARC 1.0 or 1.1. HTML answers with status 200 (and
    HTML resource records) whose URL matches the profile's article pattern
    become documents through the crawl's own extraction and pipelines; the
    rest is skipped and counted. Exit status as for crawl.
    """
    from crawler.profile import load_profile
    from crawler.run import run_import
    from crawler.summary import import_summary, pipeline_failure
    from search_cli.commands.crawl import run_settings, scrapy_settings

    profiles = [load_profile(name) for name in profile_names]
    settings = run_settings(ctx.ensure_object(GlobalOptions).verbose, scrapy_settings(set_values))
    stats = run_import(
        [str(f) for f in files],
        store_url,
        profiles=profiles,
        every_page=every_page,
        overrides=settings,
    )
    summary = import_summary(stats)
    output.note(
        f"Import finished: {summary['records']} records read, {summary['pages']} article pages, "
        f"{summary['stored']} stored; skipped: {_counts(summary['skipped'])}"
    )
    if summary["truncated"]:
        output.note(
            f"newsindex: {summary['truncated']} file(s) end inside a record: "
            "the records before it were imported (see -v)"
        )
    if as_json:
        output.emit_json(summary)
    if reason := pipeline_failure(summary):
        raise CliError(reason)
