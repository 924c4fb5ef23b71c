"""The archive's raw pages: reading their WARC records back (index/paths.py says where).

A crawl keeps every stored article's HTTP exchange in WARC files (ISO 28500)
under one root, and each document points at its response record by the
file's path relative to that root and the record's offset, so the whole
tree can move. Reading needs only ``warcio``: ``newsindex show --html``,
re-extraction and the import of other tools' WARC files all read through
here. A record cut short (a crawl killed mid-write, a download that
stopped) is reported as :class:`Truncated`, never read as a shorter page.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from index.errors import NewsindexError

#: Record types that hold a page: a fetched response, or a resource stored as it was.
PAGE_RECORDS = ("response", "resource")


class RecordUnreadable(NewsindexError):
    """A WARC record that is missing, cut short or not a page."""


class Truncated(RecordUnreadable):
    """The file ends inside a record: what was written before it is intact."""


def pointer(path: Path, root: Path) -> str:
    """How a document names its WARC file: relative to the root when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path.resolve())


def locate(warc_file: str, root: Path) -> Path:
    return root / warc_file


@dataclass(frozen=True)
class Page:
    """One page record: the HTTP answer (or resource) as stored, its payload decoded from
    its transfer and content codings (gzip, chunked), its bytes in the page's own charset."""

    url: str
    record_type: str  # "response" or "resource"
    fetched_at: datetime
    status: int
    headers: tuple[tuple[str, str], ...]  # HTTP headers ((): a resource record)
    content_type: str | None
    payload: bytes
    ip_address: str | None
    offset: int

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((v for k, v in self.headers if k.lower() == wanted), None)

    @property
    def is_html(self) -> bool:
        kind = (self.content_type or "").split(";")[0].strip().lower()
        return kind in ("text/html", "application/xhtml+xml")


def _date(value: str | None) -> datetime:
    if not value:
        return datetime.now(UTC)
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _rest_read(record: Any, offset: int) -> None:
    """Read the record's block to its end; Truncated when the file ends before it does."""
    if not record.rec_headers.get_header("WARC-Type"):
        raise Truncated(f"the record at offset {offset} is cut short")
    record.raw_stream.read()
    if getattr(record.raw_stream, "limit", 0) > 0:  # warcio's LimitReader: bytes still owed
        raise Truncated(f"the record at offset {offset} is cut short")


def _page(record: Any, offset: int) -> Page:
    """A page from a parsed record, read whole (Truncated when it is not)."""
    head = record.rec_headers
    http = record.http_headers
    try:
        payload = record.content_stream().read()
    except (zlib.error, EOFError, OSError) as exc:
        raise Truncated(f"the record at offset {offset} cannot be read whole: {exc}") from None
    _rest_read(record, offset)
    headers = tuple((str(k), str(v)) for k, v in http.headers) if http else ()
    status = int(http.get_statuscode() or 0) if http and record.rec_type == "response" else 200
    content_type = http.get_header("Content-Type") if http else head.get_header("Content-Type")
    return Page(
        url=head.get_header("WARC-Target-URI") or "",
        record_type=record.rec_type,
        fetched_at=_date(head.get_header("WARC-Date")),
        status=status,
        headers=headers,
        content_type=content_type,
        payload=payload,
        ip_address=head.get_header("WARC-IP-Address"),
        offset=offset,
    )


def read_page(root: Path, warc_file: str, offset: int) -> Page:
    """The page record at ``offset`` of a WARC file (a path relative to ``root``)."""
    path = locate(warc_file, root)
    try:
        with path.open("rb") as stream:
            stream.seek(offset)
            record = next(iter(ArchiveIterator(stream)), None)
            if record is None:
                raise Truncated(f"the record at offset {offset} is cut short (or missing)")
            if not record.rec_headers.get_header("WARC-Type"):
                raise Truncated(f"the record at offset {offset} is cut short")
            if record.rec_type not in PAGE_RECORDS:
                raise RecordUnreadable(f"the record at {offset} is not a page ({record.rec_type})")
            return _page(record, offset)
    except FileNotFoundError:
        raise RecordUnreadable(f"no WARC file {path}") from None
    except RecordUnreadable as exc:
        raise type(exc)(f"{path}: {exc}") from None
    except Exception as exc:  # warcio fails in many ways on a damaged record
        raise RecordUnreadable(f"{path}: no readable record at offset {offset}: {exc}") from None


@dataclass(frozen=True)
class Record:
    """One record of a file being read through: its type, and the page when it holds one."""

    record_type: str
    offset: int
    page: Page | None


def records(stream: BinaryIO, name: str) -> Iterator[Record]:
    """Every record of a WARC file (gzip or plain, WARC 1.0 or 1.1), in order; a file that
    ends inside a record raises Truncated after yielding the records before it."""
    iterator = ArchiveIterator(stream)
    last = 0
    try:
        for record in iterator:
            last = iterator.offset  # the start of the record just parsed
            if record.rec_type in PAGE_RECORDS:
                page: Page | None = _page(record, last)
            else:
                page = None
                _rest_read(record, last)
            yield Record(record.rec_type, last, page)
        end = iterator.offset
    except Truncated as exc:
        raise Truncated(f"{name}: {exc}") from None
    except Exception as exc:  # warcio fails in many ways on a record cut short
        raise Truncated(f"{name}: ends inside a record: {type(exc).__name__}: {exc}") from None
    stream.seek(end)
    if stream.read(4096).strip(b"\r\n\t \x00") or not _member_ends(stream, last):
        raise Truncated(f"{name}: ends inside the record at offset {last}")


def _member_ends(stream: BinaryIO, offset: int) -> bool:
    """Whether the gzip member at ``offset`` (the last one) is whole: its data can be
    complete while its end is cut off. True for a plain file."""
    stream.seek(offset)
    data = stream.read()
    if not data.startswith(b"\x1f\x8b"):
        return True
    member = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        member.decompress(data)
    except zlib.error:
        return False
    return member.eof
