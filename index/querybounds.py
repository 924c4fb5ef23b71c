"""The bounds of a query from a person, the same on every store.

At most ``MAX_QUERY_LENGTH`` characters, ``MAX_TERMS`` terms (flags count
too) and ``MAX_NESTING`` levels of parentheses and exclusions, and results no
deeper than ``MAX_RESULT_WINDOW`` (page times limit). Past a bound it is a
usage error, not minutes of work, a crash, or an answer that differs by store.
"""

from __future__ import annotations

from typing import TypeVar

from index.errors import QueryError

MAX_QUERY_LENGTH = 10_000
MAX_TERMS = 256
MAX_NESTING = 32
MAX_RESULT_WINDOW = 10_000  # Elasticsearch's own default for from + size
N = TypeVar("N")


def check_length(text: str) -> None:
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(
            f"query of {len(text):,} characters, more than {MAX_QUERY_LENGTH:,}",
            hint="search for fewer words",
        )


def check_size(node: N) -> N:
    """The tree (index.query's nodes), when it holds at most ``MAX_TERMS`` terms."""
    terms, stack = 0, [node] if node is not None else []
    while stack:
        current = stack.pop()
        if children := getattr(current, "children", None):  # And, Or
            stack.extend(children)
        elif (child := getattr(current, "child", None)) is not None:  # Not
            stack.append(child)
        else:
            terms += 1
    if terms > MAX_TERMS:
        raise QueryError(f"{terms} terms in one query, more than {MAX_TERMS}", hint="split it")
    return node


def check_window(offset: int, limit: int) -> None:
    if offset + limit > MAX_RESULT_WINDOW:
        raise QueryError(
            f"results past the first {MAX_RESULT_WINDOW:,} cannot be paged to",
            hint="narrow the query, sort by date, or use `newsindex export`",
        )
