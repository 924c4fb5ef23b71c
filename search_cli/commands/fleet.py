"""``newsindex fleet``: the Scrapyd nodes a fleet-mode schedule crawls on.

``deploy`` builds the project's egg once and uploads it to every node;
``status`` shows each node's state. The nodes are ``--node``'s (or
NEWSINDEX_FLEET_NODES), else the schedule file's ``[fleet]``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from search_cli import output
from search_cli.commands.schedule import (
    default_schedule_file,
    fleet_of,
    nodes_option,
    schedule_file_option,
)
from search_cli.errors import CliError, ExitStatus
from search_cli.options import output_options
from search_cli.output import Listing, OutputOptions

if TYPE_CHECKING:
    from scheduler.fleet.nodes import Nodes

DEPLOY_COLUMNS = ("node", "version", "spiders", "error")
STATUS_COLUMNS = (
    "node", "reachable", "deployed", "pending", "running", "finished", "version", "current",
    "error",
)  # fmt: skip


def _nodes(schedule_file: Path | None, nodes: tuple[str, ...]) -> Nodes:
    """The fleet's nodes: ``--node``'s (the project from a schedule file given too), else
    the schedule file's."""
    from scheduler.fleet.nodes import Nodes
    from scheduler.fleet.scrapyd import credentials
    from scheduler.spec import load_schedule

    plan = None
    if schedule_file or not nodes:
        plan = load_schedule(schedule_file or default_schedule_file())
    fleet = fleet_of(plan, nodes)
    if fleet is None:
        raise CliError(
            "no fleet: give --node URL, or a [fleet] table in the schedule file", ExitStatus.USAGE
        )
    return Nodes(fleet.nodes, fleet.project, credentials(), fleet.timeout.total_seconds())


@click.group("fleet")
def fleet_group() -> None:
    """Scrapyd nodes to crawl on: put the project on them, see how they are."""


@fleet_group.command("deploy")
@schedule_file_option
@nodes_option
@output_options
def deploy(schedule_file: Path | None, nodes: tuple[str, ...], out: OutputOptions) -> None:
    """Build the project's egg once and upload it to every node as its newest version.

    Exits 1 when a node could not take it (the others have it).
    """
    from scheduler.fleet.egg import build_egg

    fleet, egg = _nodes(schedule_file, nodes), build_egg()
    output.note(
        f"Uploading the egg ({len(egg.data) // 1024} KiB, code {egg.digest}) to "
        f"{len(fleet.clients)} node(s)..."
    )
    rows = fleet.deploy(egg, datetime.now(UTC))
    output.emit(Listing(DEPLOY_COLUMNS, rows), out)
    failed = [row for row in rows if row["error"]]
    if failed:
        raise CliError(f"{len(failed)} of {len(rows)} node(s) not deployed: {failed[0]['error']}")


@fleet_group.command("status")
@schedule_file_option
@nodes_option
@output_options
def status(schedule_file: Path | None, nodes: tuple[str, ...], out: OutputOptions) -> None:
    """Each node: reachable or not, its pending, running and finished jobs, the version it
    runs, and whether that is this installation's code (current)."""
    from scheduler.fleet.egg import build_egg

    rows = _nodes(schedule_file, nodes).status(build_egg().digest)
    output.emit(Listing(STATUS_COLUMNS, rows), out)
