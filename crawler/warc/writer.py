"""WARC files of one profile: ``<root>/<profile>/<profile>-<UTC timestamp>-<serial>.warc.gz``.

Each file starts with a ``warcinfo`` record naming the software and the
profile, and every record is its own gzip member, so a reader can seek to
any record's offset. A file is rotated once it passes its size limit.

Crash discipline: an exchange's records are built in memory and written
with one ``write`` call, so after a kill the file ends at a record boundary
or inside the last member (which readers detect and skip); a write that
fails (a full disk) is cut back off the file, which stays well-formed.
:meth:`WarcWriter.sync` puts what was written on the disk (``fsync``); the
store pipeline calls it before each bulk write, so a stored document's
record is on the disk before the document is. A new file never replaces an
existing one (``O_EXCL``): two writers cannot share a file.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from io import BytesIO
from pathlib import Path

from warcio.warcwriter import WARCWriter

from crawler.warc.exchange import Exchange, exchange_records
from index.warc import pointer

logger = logging.getLogger(__name__)

WARC_VERSION = "1.1"
#: gzip level of each record. warcio's own gzip (level 9) spent 16 ms of the crawl's CPU on
#: a typical 120 KB news page; level 3 spends 4 ms for 12 % more bytes (benchmarks/crawl.py).
GZIP_LEVEL = 3


def software() -> str:
    """``newsindex/0.1.0 (warcio/1.8.1)``; a deployed egg (Scrapyd) has no package metadata."""
    names = []
    for package in ("newsindex", "warcio"):
        try:
            names.append(f"{package}/{version(package)}")
        except PackageNotFoundError:
            names.append(package)
    return f"{names[0]} ({names[1]})"


@dataclass(frozen=True)
class Written:
    """Where an exchange's response record went: the file (relative to the root), offset."""

    warc_file: str
    offset: int
    size: int  # bytes of the exchange's records
    records: int  # how many: a response, and a request when it was known


class WarcWriter:
    """Append exchanges to the profile's current WARC file, rotating by size."""

    def __init__(self, root: Path, profile: str, max_size: int):
        self.root = root
        self.profile = profile
        self.max_size = max_size
        self.serial = 0
        self.path: Path | None = None
        self.fd: int | None = None
        self.size = 0
        self.records = 0  # exchange records in the current file
        self.unsynced = False
        self.name = ""  # the current file, as documents name it
        # Exchanges are encoded in any thread; appends, rotation and syncs take turns.
        self.lock = threading.Lock()

    @staticmethod
    def _encode(records: list[object]) -> bytes:
        """The records, each its own gzip member."""
        out = bytearray()
        for record in records:
            buffer = BytesIO()
            WARCWriter(buffer, gzip=False, warc_version=WARC_VERSION).write_record(record)
            member = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
            out += member.compress(buffer.getvalue()) + member.flush()
        return bytes(out)

    def _open(self) -> None:
        folder = self.root / self.profile
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        while True:
            path = folder / f"{self.profile}-{stamp}-{self.serial:05d}.warc.gz"
            self.serial += 1
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o644)
                break
            except FileExistsError:
                continue
        self.path, self.fd, self.size, self.records = path, fd, 0, 0
        self.name = pointer(path, self.root)
        builder = WARCWriter(BytesIO(), warc_version=WARC_VERSION)
        info = {"software": software(), "format": "WARC File Format 1.1"}
        info.update({"hostname": socket.gethostname(), "profile": self.profile})
        self._append(self._encode([builder.create_warcinfo_record(path.name, info)]))
        self._sync_directory(folder)
        logger.info("Writing WARC %(path)s", {"path": str(path)})

    def _append(self, data: bytes) -> int:
        """Write ``data`` at the end of the file; on failure cut the file back to its size."""
        assert self.fd is not None
        start = self.size
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(self.fd, view) :]
        except OSError:
            os.ftruncate(self.fd, start)
            raise
        self.size += len(data)
        self.unsynced = True
        return start

    def write(self, exchange: Exchange) -> Written:
        """Write the exchange's records; where its response record is. Thread-safe: the
        records are built and compressed (most of the cost, mostly outside the GIL) before
        the turn to append them."""
        records = exchange_records(WARCWriter(BytesIO(), warc_version=WARC_VERSION), exchange)
        data = self._encode(records)
        with self.lock:
            if self.fd is not None and self.records and self.size + len(data) > self.max_size:
                self._close()
            if self.fd is None:
                self._open()
            offset = self._append(data)
            self.records += len(records)
            return Written(self.name, offset, len(data), len(records))

    def sync(self) -> None:
        """Put everything written so far on the disk."""
        with self.lock:
            self._sync()

    def _sync(self) -> None:
        if self.fd is not None and self.unsynced:
            os.fsync(self.fd)
            self.unsynced = False

    @staticmethod
    def _sync_directory(folder: Path) -> None:
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def close(self) -> None:
        with self.lock:
            self._close()

    def _close(self) -> None:
        if self.fd is None:
            return
        try:
            self._sync()
        finally:
            os.close(self.fd)
            self.fd = None
