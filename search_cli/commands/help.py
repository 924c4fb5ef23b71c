"""``newsindex help [TOPIC]``: the query language guide, or a command's help.

:data:`QUERY_GUIDE` is the one description of the language; the README's
table says the same (a test compares them).
"""

from __future__ import annotations

import click

from search_cli import output
from search_cli.errors import CliError, ExitStatus

#: (examples, what they find): one row of the guide each.
QUERY_GUIDE: tuple[tuple[tuple[str, ...], str], ...] = (
    (("cyber attacks",), "articles with both words (title, lead or body)"),
    (('"press freedom"',), "the exact phrase"),
    (("oil OR gas",), "either word"),
    (("media -sport", '-"press release"'), "exclusion: a word, a phrase or a group"),
    (("(oil OR gas) kazakhstan",), "grouping"),
    (("title:law", 'body:"media law"'), "words in one field: title, lead or body"),
    (
        (
            "source:kaztag",
            "lang:ru",
            'author:"Alina Yesenalina"',
            "section:Politics",
            "tag:oil",
            "country:KZ",
            "cited:CPJ",
            'entity:"Kassym-Jomart Tokayev"',
        ),
        "exact field values, case-insensitive",
    ),
    (
        (
            "published:2023-01-01..2023-06-30",
            "published:>=2024-01",
            "published:<2025",
            "published:2024-03",
        ),
        "date ranges, whole days, months or years (UTC)",
    ),
)

QUERY_NOTES = """\
An empty query ('') matches every article. OR binds looser than the
implicit AND: `a b OR c` is `(a b) OR c`. AND and NOT are also accepted.

Flags do the same as field terms, and combine with the query by AND:
--source, --lang, --author, --section, --tag, --country, --title,
--from DATE, --to DATE (both inclusive: --to 2024-03 includes March).
A flag given twice accepts either value.

A malformed query stops with one line pointing at the position, e.g.
  newsindex: error: unclosed quote at position 7 (close the phrase with ")"""


def query_help() -> str:
    width = max(len(e) for examples, _ in QUERY_GUIDE for e in examples) + 4
    lines = ["The query language (the same on every store):", ""]
    for examples, meaning in QUERY_GUIDE:
        lines.append(f"  {examples[0]:<{width}}{meaning}")
        lines += [f"  {example}" for example in examples[1:]]
    return "\n".join([*lines, "", QUERY_NOTES])


TOPICS = {"query": query_help}


@click.command("help")
@click.argument("topic", required=False)
@click.pass_context
def help_command(ctx: click.Context, topic: str | None) -> None:
    """Help on a TOPIC (query: the query language) or a command."""
    root = ctx.find_root()
    group = root.command
    if topic is None:
        output.emit_line(group.get_help(root))
        return
    if topic in TOPICS:
        output.emit_line(TOPICS[topic]())
        return
    assert isinstance(group, click.Group)
    command = group.get_command(root, topic)
    if command is None:
        known = ", ".join(["query", *group.list_commands(root)])
        raise CliError(f"no help topic {topic!r} (topics: {known})", ExitStatus.USAGE)
    with click.Context(command, info_name=topic, parent=root) as sub:
        output.emit_line(command.get_help(sub))
