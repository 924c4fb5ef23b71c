"""Run the CLI in-process, exactly as the console script does (errors, exit codes)."""

from __future__ import annotations

from dataclasses import dataclass

from click.testing import CliRunner

from search_cli.main import main


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str


def run_cli(*args: str, stdin: str | None = None) -> Outcome:
    runner = CliRunner()
    with runner.isolation(input=stdin) as (out, err, _):
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        return Outcome(code, out.getvalue().decode(), err.getvalue().decode())
