"""Helpers for the WARC tests: where a crawl's files are, and warcio's own command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from index.document import Document
from index.factory import open_store
from index.warc import Record, records

WARCIO = str(Path(sys.executable).parent / "warcio")


def warc_root(home: Path) -> Path:
    """The WARC root of a crawl run with ``home`` as its user directories (crawl_env)."""
    return home / "xdg_data_home" / "newsindex" / "warc"


def warc_files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.warc.gz"))


def warcio(*args: str) -> subprocess.CompletedProcess[str]:
    """``warcio ARGS``: the library's own command line, as archivists run it."""
    return subprocess.run([WARCIO, *args], capture_output=True, text=True, timeout=120, check=False)


def read_all(path: Path) -> list[Record]:
    with path.open("rb") as stream:
        return list(records(stream, path.name))


def stored(store_url: str) -> list[Document]:
    store = open_store(store_url)
    try:
        store.refresh()
        return list(store.scan())
    finally:
        store.close()
