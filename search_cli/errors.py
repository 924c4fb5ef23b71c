"""Exit statuses, the CLI's own error, and the one table from domain errors to both.

The bottom of the command line: it imports only the library's error
classes, so every other CLI module may import it. The library's messages
say what went wrong; the hints here add which command fixes it.
"""

from __future__ import annotations

import enum
from collections.abc import Callable

from index.errors import (
    InvalidInput,
    NewsindexError,
    SchemaMissing,
    SchemaOutdated,
    StoreUnavailable,
)
from index.watches import UnknownWatch, WatchExists


class ExitStatus(enum.IntEnum):
    OK = 0
    ERROR = 1
    USAGE = 2
    STORE_UNAVAILABLE = 3


class CliError(NewsindexError):
    """A failure a command reports as one line, with its exit status."""

    def __init__(self, message: str, status: ExitStatus = ExitStatus.ERROR):
        super().__init__(message)
        self.status = status


#: Domain errors and the exit status each means; the first that matches decides.
EXIT_STATUSES: tuple[tuple[type[Exception], ExitStatus], ...] = (
    (StoreUnavailable, ExitStatus.STORE_UNAVAILABLE),
    (InvalidInput, ExitStatus.USAGE),
    (NewsindexError, ExitStatus.ERROR),
    (OSError, ExitStatus.ERROR),
)

#: What the command line adds to a domain error's message: the command that helps.
HINTS: tuple[tuple[type[Exception], Callable[[Exception], str]], ...] = (
    (SchemaMissing, lambda exc: ": run `newsindex index init`"),
    (SchemaOutdated, lambda exc: ": run `newsindex index migrate`"),
    (WatchExists, lambda exc: f": `newsindex watch remove {getattr(exc, 'name', 'NAME')}` first"),
    (UnknownWatch, lambda exc: " (see `newsindex watch list`)"),
)


def _message(exc: Exception) -> str:
    if isinstance(exc, OSError) and not isinstance(exc, NewsindexError):
        return f"{exc.strerror or exc}: {exc.filename or ''}".rstrip(": ")
    text = str(exc)
    for kind, hint in HINTS:
        if isinstance(exc, kind):
            return text + hint(exc)
    return text


def classify(exc: Exception) -> tuple[str, ExitStatus]:
    """The one-line message and exit status of an error, decided once for every command."""
    if isinstance(exc, CliError):
        return str(exc), exc.status
    for kind, status in EXIT_STATUSES:
        if isinstance(exc, kind):
            return _message(exc), status
    name = type(exc).__name__
    return f"{name}: {exc} (run with --traceback for details)", ExitStatus.ERROR
