"""The ``newsindex`` command.

``main()`` translates errors into one-line messages and exit codes, once;
the commands (one module per group) only say what to do, as httpie's
``main``/``program`` split does.
"""

from __future__ import annotations

import logging
import re
import sys
from typing import NoReturn

import click

from index.errors import SchemaMissing, SchemaOutdated, StoreError, StoreUnavailable
from index.query import QueryError
from search_cli import (
    archive,
    completion,
    config,
    crawl,
    help,
    histogram,
    index,
    kibana,
    schedule,
    search,
    sites,
    sources,
    watch,
)
from search_cli.common import CliError, ExitStatus


def _one_line(message: str) -> str:
    message = re.sub(r"\s+", " ", message).strip()
    return message if len(message) <= 300 else message[:297] + "..."


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
    # The handler's own level filters Scrapy's loggers too (Scrapy sets them to DEBUG).
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.setLevel(level)
    logging.root.handlers = [handler]
    logging.root.setLevel(level)
    # The Elasticsearch client logs every retry with a traceback; the error boundary
    # already says in one line when the store cannot be reached.
    logging.getLogger("elastic_transport").setLevel(level if verbose else logging.ERROR)


for command in (
    search.search,
    search.show,
    search.open_command,
    histogram.histogram,
    sources.sources,
    sources.stats,
    watch.watch_group,
    config.config_group,
    completion.completion,
    help.help_command,
    crawl.crawl,
    crawl.demo,
    crawl.extract_command,
    sites.sites_group,
    schedule.schedule,
    schedule.runs,
    kibana.kibana_group,
    index.index_group,
    archive.export,
    archive.import_command,
):
    cli.add_command(command)


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
    if isinstance(exc, SchemaMissing):
        return f"{exc}: run `newsindex index init`", ExitStatus.ERROR
    if isinstance(exc, SchemaOutdated):
        return f"{exc}: run `newsindex index migrate`", ExitStatus.ERROR
    if isinstance(exc, StoreError):
        return str(exc), ExitStatus.ERROR
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": "), ExitStatus.ERROR
    name = type(exc).__name__
    return f"{name}: {exc} (run with --traceback for details)", ExitStatus.ERROR
