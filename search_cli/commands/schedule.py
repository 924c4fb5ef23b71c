"""``newsindex schedule`` and ``newsindex runs``: recurring crawls and their history.

The command is a thin layer over the scheduler package (loaded lazily: searching
never imports the crawler): it finds the schedule file and the fleet, if any,
wires signals and log output, and lists the run records.
"""

from __future__ import annotations

import logging
import os
import socket
import sys
import uuid
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from index.paths import default_data_dir
from search_cli import output
from search_cli.config import config_dir, configured
from search_cli.errors import CliError
from search_cli.options import GlobalOptions, output_options
from search_cli.output import Listing, OutputOptions

if TYPE_CHECKING:
    from scheduler.fleet.dispatch import FleetScheduler
    from scheduler.runs import RunBook
    from scheduler.spec import Fleet, Schedule

RUN_COLUMNS = (
    "id", "profile", "started", "ended", "status", "exit_code", "pages", "stored", "skipped",
    "dropped", "errors", "node", "job", "error",
)  # fmt: skip

schedule_file_option = click.option(
    "--file",
    "schedule_file",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="NEWSINDEX_SCHEDULE",
    help="The schedule file (default: NEWSINDEX_SCHEDULE, then schedule.toml beside the "
    "config file).",
)
nodes_option = click.option(
    "--node",
    "nodes",
    multiple=True,
    metavar="URL",
    envvar="NEWSINDEX_FLEET_NODES",
    help="A Scrapyd node to crawl on; repeat it (NEWSINDEX_FLEET_NODES: space-separated). "
    "Replaces the schedule file's [fleet] nodes.",
)


def default_schedule_file() -> Path:
    return config_dir() / "schedule.toml"


def runs_path() -> Path:
    return default_data_dir() / "runs.db"


def fleet_of(plan: Schedule | None, nodes: tuple[str, ...]) -> Fleet | None:
    """The fleet to crawl on: the schedule file's, its nodes replaced by ``--node``'s."""
    from scheduler.spec import Fleet, fleet_nodes

    if not nodes:
        return plan.fleet if plan else None
    urls = fleet_nodes(nodes, "--node")
    return replace(plan.fleet, nodes=urls) if plan and plan.fleet else Fleet(urls)


def fleet_scheduler(plan: Schedule, fleet: Fleet, book: RunBook) -> FleetScheduler:
    """The scheduler of a fleet: its store must be shared (Elasticsearch), profiles travel
    validated, claims keep a second scheduler from dispatching what this one does."""
    from crawler.profile_travel import profile_arguments
    from scheduler.fleet.claims import ClaimBook
    from scheduler.fleet.dispatch import FleetScheduler, claim_ttl
    from scheduler.fleet.plan import shared_store
    from scheduler.fleet.scrapyd import credentials
    from scheduler.runner import state_dir

    store = shared_store(plan, configured("store"))
    owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
    claims = ClaimBook(store, owner, claim_ttl(fleet))
    return FleetScheduler(
        plan,
        fleet,
        book,
        state_dir(default_data_dir()),
        store=store,
        claims=claims,
        profile_arguments=profile_arguments,
        auth=credentials(),
    )


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
@schedule_file_option
@nodes_option
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
    ctx: click.Context,
    schedule_file: Path | None,
    nodes: tuple[str, ...],
    once: bool,
    stop_timeout: float,
) -> None:
    """Run crawls on their schedules, in the foreground, until SIGTERM or Ctrl-C.

    Each crawl runs in its own process, never two of one profile at once;
    every run is recorded (see `newsindex runs`). With a fleet (--node, or
    [fleet] in the schedule file) each crawl is a job on the Scrapyd node with
    the fewest jobs, never two of one profile across the fleet. With --once,
    exits 1 when a run failed.
    """
    from scheduler.runner import Scheduler, install_signal_handlers, state_dir
    from scheduler.runs import RunBook
    from scheduler.spec import load_schedule

    plan = load_schedule(schedule_file or default_schedule_file())
    fleet = fleet_of(plan, nodes)
    _log_to_stderr(ctx.ensure_object(GlobalOptions).verbose)
    book = RunBook(runs_path())
    try:
        scheduler: Scheduler | FleetScheduler = (
            fleet_scheduler(plan, fleet, book)
            if fleet
            else Scheduler(plan, book, state_dir(default_data_dir()), stop_timeout=stop_timeout)
        )
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
