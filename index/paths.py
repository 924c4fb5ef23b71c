"""Where newsindex keeps its files: one folder under the user's data directory."""

from __future__ import annotations

import os
from pathlib import Path


def default_data_dir() -> Path:
    """``$XDG_DATA_HOME/newsindex`` (``~/.local/share/newsindex``): archive, spool, state."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "newsindex"


WARC_ENV = "NEWSINDEX_WARC_DIR"


def default_warc_dir() -> Path:
    """Where the WARC files of every stored page are: ``NEWSINDEX_WARC_DIR``, else ``warc``
    in the data directory."""
    return Path(os.environ.get(WARC_ENV) or default_data_dir() / "warc")
