"""The errors newsindex reports: one vocabulary, read by the CLI's table of exit statuses.

Messages say what went wrong and where; they never name a command. The
command line adds its hints (which command fixes what) at its boundary.
"""


class NewsindexError(Exception):
    """A failure newsindex reports as one line."""


class InvalidInput(NewsindexError, ValueError):
    """Input a person can correct: a query, a profile, a schedule, a watch's name."""


class QueryError(InvalidInput):
    """A malformed query or filter; ``position`` points into the query text."""

    def __init__(self, message: str, position: int | None = None, hint: str | None = None):
        self.message = message
        self.position = position
        self.hint = hint
        super().__init__(self.describe())

    def describe(self) -> str:
        where = f" at position {self.position + 1}" if self.position is not None else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.message}{where}{hint}"


class StoreError(NewsindexError):
    """A store could not do what was asked."""


class StoreUnavailable(StoreError):
    """The store cannot be reached, or is too busy to answer for now."""


class SchemaMissing(StoreError):
    """The store is reachable but holds no newsindex schema yet."""


class SchemaOutdated(StoreError):
    """The archive's schema is older than the one this newsindex writes."""


class KibanaError(NewsindexError):
    """Kibana could not be reached or refused the objects, or a field cannot be shown."""
