"""``newsindex schedule`` and ``newsindex runs``: recurring crawls and their history.

The command is a thin layer over the scheduler package (loaded lazily: searching
never imports the crawler): it finds the schedule file, wires signals and
log output, and lists the run records.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from index.paths import default_data_dir
from search_cli import output
from search_cli.config import config_dir
from search_cli.errors import CliError
from search_cli.options import GlobalOptions, output_options
from search_cli.output import Listing, OutputOptions

RUN_COLUMNS = (
    "id", "profile", "started", "ended", "status", "exit_code", "pages", "stored", "skipped",
    "dropped", "errors",
)  # fmt: skip


def default_schedule_file() -> Path:
    return config_dir() / "schedule.toml"


def runs_path() -> Path:
    return default_data_dir() / "runs.db"


def _log_to_stderr(verbose: int) -> None:
    """The scheduler says what it starts and how runs end, even without ``-v``."""
    if verbose:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log = logging.getLogger("scheduler")
    log.handlers = [handler]
    log.setLevel(logging.INFO)
    log.propagate = False


@click.command()
@click.option(
    "--file",
    "schedule_file",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="NEWSINDEX_SCHEDULE",
    help="The schedule file (default: NEWSINDEX_SCHEDULE, then schedule.toml beside the "
    "config file).",
)
@click.option("--once", is_flag=True, help="Run what is due, wait for it, and exit (for cron).")
@click.option(
    "--stop-timeout",
    type=click.FloatRange(0),
    default=300.0,
    show_default=True,
    help="Seconds a stopped crawl gets to finish its current items before it is killed.",
)
@click.pass_context
def schedule(
    ctx: click.Context, schedule_file: Path | None, once: bool, stop_timeout: float
) -> None:
    """Run crawls on their schedules, in the foreground, until SIGTERM or Ctrl-C.

    Each crawl runs in its own process, never two of one profile at once;
    every run is recorded (see `newsindex runs`). With --once, exits 1 when
    a run failed.
    """
    from scheduler.runner import Scheduler, install_signal_handlers, state_dir
    from scheduler.runs import RunBook
    from scheduler.spec import load_schedule

    plan = load_schedule(schedule_file or default_schedule_file())
    _log_to_stderr(ctx.ensure_object(GlobalOptions).verbose)
    book = RunBook(runs_path())
    try:
        scheduler = Scheduler(plan, book, state_dir(default_data_dir()), stop_timeout=stop_timeout)
        install_signal_handlers(scheduler)
        failed = scheduler.run(once=once)
    finally:
        book.close()
    if once and failed:
        raise CliError(f"{failed} scheduled crawl(s) failed (see `newsindex runs --failed`)")


@click.command()
@click.option("--profile", help="Only the runs of this scheduled crawl.")
@click.option("--failed", is_flag=True, help="Only failed runs (errors and timeouts).")
@click.option(
    "--limit", type=click.IntRange(1), default=50, show_default=True, help="Newest runs to show."
)
@output_options
def runs(profile: str | None, failed: bool, limit: int, out: OutputOptions) -> None:
    """The recorded runs of scheduled crawls, newest first."""
    from scheduler.runs import RunBook

    path = runs_path()
    if not path.exists():
        output.emit(Listing(RUN_COLUMNS, []), out)
        return
    book = RunBook(path)
    try:
        rows = [run.to_dict() for run in book.runs(profile, failed=failed, limit=limit)]
    finally:
        book.close()
    output.emit(Listing(RUN_COLUMNS, rows, json_value=rows), out)
