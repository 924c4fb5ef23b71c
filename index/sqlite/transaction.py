"""SQLite write transactions for connections in autocommit mode (``isolation_level=None``)."""

from __future__ import annotations

import contextlib
import sqlite3


class WriteTransaction:
    """COMMIT on success, ROLLBACK on error.

    On some errors (a full disk, an I/O error) SQLite has already rolled the
    transaction back; a ROLLBACK then fails with "no transaction is active",
    which would hide the error that matters. So the rollback happens only while
    a transaction is open, and never replaces the original error.
    """

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        return self.db

    def __exit__(self, exc_type: object, *_: object) -> None:
        if exc_type is None:
            try:
                self.db.execute("COMMIT")
                return
            except sqlite3.Error:
                self._rollback()
                raise
        self._rollback()

    def _rollback(self) -> None:
        if self.db.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")


def write_transaction(db: sqlite3.Connection) -> WriteTransaction:
    """Takes the write lock at once (``BEGIN IMMEDIATE``): a transaction that reads before
    it writes then never fails halfway because another connection wrote first."""
    db.execute("BEGIN IMMEDIATE")
    return WriteTransaction(db)
