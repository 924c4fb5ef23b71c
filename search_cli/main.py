"""The ``newsindex`` command.

``main()`` turns errors into one line and an exit status, once, through the
table in errors.py; the commands (one module per group, in commands/) only
say what to do, as httpie's ``main``/``program`` split does.
"""

from __future__ import annotations

import logging
import re
import sys
from typing import NoReturn

import click

from search_cli.commands import (
    archive,
    completion,
    config,
    crawl,
    fleet,
    help,
    histogram,
    index,
    kibana,
    schedule,
    search,
    sites,
    sources,
    warc,
    watch,
)
from search_cli.errors import ExitStatus, classify
from search_cli.options import GlobalOptions


def _one_line(message: str) -> str:
    message = re.sub(r"\s+", " ", message).strip()
    return message if len(message) <= 300 else message[:297] + "..."


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--traceback", is_flag=True, help="Show the full traceback of errors.")
@click.option("-v", "--verbose", count=True, help="More log output on stderr.")
@click.version_option(package_name="newsindex")
@click.pass_obj
def cli(options: GlobalOptions, traceback: bool, verbose: int) -> None:
    """Crawl regional news sites, index every article, search the archive."""
    options.traceback = traceback
    options.verbose = verbose
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
    fleet.fleet_group,
    kibana.kibana_group,
    index.index_group,
    archive.export,
    archive.import_command,
    warc.reextract,
    warc.import_warc,
):
    cli.add_command(command)


# --- error boundary -------------------------------------------------------------


def _fail(message: str, status: ExitStatus) -> NoReturn:
    click.echo(f"newsindex: error: {_one_line(message)}", err=True)
    sys.exit(int(status))


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning known errors into one line and an exit code."""
    args = sys.argv[1:] if argv is None else argv
    for number, arg in enumerate(args, 1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:  # bytes that are not UTF-8 arrive as lone surrogates
            _fail(f"argument {number} is not valid UTF-8 text", ExitStatus.USAGE)
    options = GlobalOptions()
    try:
        cli.main(args=args, prog_name="newsindex", standalone_mode=False, obj=options)
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
        if options.traceback:
            raise
        _fail(*classify(exc))
