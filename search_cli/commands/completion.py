"""``newsindex completion SHELL``: the shell completion script, from click's completion support.

Install with, for instance, ``newsindex completion bash >> ~/.bashrc``
(zsh: ``~/.zshrc``; fish: ``~/.config/fish/completions/newsindex.fish``).
"""

from __future__ import annotations

import click
from click.shell_completion import get_completion_class

from search_cli import output

SHELLS: tuple[str, ...] = ("bash", "zsh", "fish")
COMPLETE_VAR = "_NEWSINDEX_COMPLETE"


@click.command("completion")
@click.argument("shell", type=click.Choice(SHELLS))
@click.pass_context
def completion(ctx: click.Context, shell: str) -> None:
    """Print the completion script for SHELL (bash, zsh or fish)."""
    cls = get_completion_class(shell)
    assert cls is not None  # every shell in SHELLS is one click supports
    script = cls(ctx.find_root().command, {}, "newsindex", COMPLETE_VAR).source()
    output.emit_line(script.rstrip("\n"))
