"""Where newsindex keeps its files: one folder under the user's data directory."""

from __future__ import annotations

import os
from pathlib import Path


def default_data_dir() -> Path:
    """``$XDG_DATA_HOME/newsindex`` (``~/.local/share/newsindex``): archive, spool, state."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "newsindex"
