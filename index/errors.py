"""Store errors, translated to messages and exit codes once, at the CLI boundary."""


class StoreError(Exception):
    """A store could not do what was asked."""


class StoreUnavailable(StoreError):
    """The store cannot be reached (exit code 3)."""


class SchemaMissing(StoreError):
    """The store is reachable but holds no newsindex schema yet."""


class DocumentRejected(StoreError):
    """The store refused a document for a reason retrying will not fix."""
