"""Re-extraction: today's extraction, run on the archived pages of stored documents.

Each selected document's page is read back from its WARC record and goes
through the one document assembly (crawler/article.py) with its profile,
as of when it was fetched. What the archive knows and the page does not
stays: the id, URL and outlet, the crawl times (``first_seen``,
``last_seen``), ``duplicate_of`` and the record's pointer. A document whose
fields come out the same is not written; the others are updated in place.
So a run killed at any point is finished by running it again: what it had
updated now comes out the same and is skipped, and nothing is written twice.
"""

from __future__ import annotations

import functools
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crawler.article import article, page_text
from crawler.pagebounds import PageRejected, within
from crawler.profile import Profile, ProfileError, load_profile
from index.document import FIELDS, Document
from index.errors import StoreError
from index.query import Node
from index.store import Store
from index.warc import RecordUnreadable, Truncated, read_page

logger = logging.getLogger(__name__)

#: What the archive knows about a document that its page cannot tell.
KEPT: tuple[str, ...] = (
    "id",
    "url",
    "source",
    "source_name",
    "crawled_at",
    "first_seen",
    "last_seen",
    "duplicate_of",
    "warc_file",
    "warc_offset",
)
BATCH = 200  # documents per write, or what a second gathered: a killed run loses little
WRITE_SECONDS = 1.0


@dataclass
class Summary:
    """What a re-extraction did: documents read, updated, left as they were, skipped."""

    documents: int = 0
    changed: int = 0
    unchanged: int = 0
    fields: Counter[str] = field(default_factory=Counter)  # documents whose field changed
    skipped: Counter[str] = field(default_factory=Counter)  # by reason
    truncated: list[str] = field(default_factory=list)  # records cut short, named

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "fields": dict(sorted(self.fields.items())),
            "skipped": dict(sorted(self.skipped.items())),
            "truncated": self.truncated,
        }


class Profiles:
    """Profiles by outlet: those given, else the built-in profile of that name."""

    def __init__(self, given: Iterable[Profile] = ()):
        self.known: dict[str, Profile | None] = {p.name: p for p in given}

    def __call__(self, source: str) -> Profile | None:
        if source not in self.known:
            try:
                self.known[source] = load_profile(source) if source else None
            except ProfileError:
                self.known[source] = None
        return self.known[source]


def changed_fields(old: Document, new: Document) -> list[str]:
    return [f.name for f in FIELDS if getattr(old, f.name) != getattr(new, f.name)]


def reextracted(stored: Document, root: Path, profile: Profile, seconds: float) -> Document:
    """The document as today's extraction makes it from its archived page."""
    assert stored.warc_file is not None and stored.warc_offset is not None
    page = read_page(root, stored.warc_file, stored.warc_offset)
    html = page_text(page.payload, page.content_type)
    work = functools.partial(article, html, page.url, profile, page.fetched_at)
    fresh = within(seconds, work)
    for name in KEPT:
        setattr(fresh, name, getattr(stored, name))
    return fresh


def _fresh_documents(
    docs: Iterable[Document],
    root: Path,
    profiles: Callable[[str], Profile | None],
    summary: Summary,
    seconds: float,
) -> Iterator[Document]:
    """The documents whose re-extraction differs, counting every outcome in ``summary``."""
    for doc in docs:
        summary.documents += 1
        if not doc.warc_file or doc.warc_offset is None:
            summary.skipped["no_record"] += 1
            continue
        profile = profiles(doc.source)
        if profile is None:
            summary.skipped["no_profile"] += 1
            continue
        try:
            fresh = reextracted(doc, root, profile, seconds)
        except Truncated as exc:
            summary.skipped["truncated"] += 1
            summary.truncated.append(str(exc))
            continue
        except RecordUnreadable as exc:
            summary.skipped["unreadable"] += 1
            logger.warning("Cannot read the page of %(url)s: %(e)s", {"url": doc.url, "e": exc})
            continue
        except PageRejected as exc:
            summary.skipped[exc.reason] += 1
            continue
        except Exception as exc:  # one page's failure is counted and reported, never fatal
            summary.skipped["extract"] += 1
            logger.warning("Cannot extract %(url)s: %(e)s", {"url": doc.url, "e": exc})
            continue
        if not fresh.title.strip() or not fresh.body.strip():
            summary.skipped["no_title_or_body"] += 1  # never replace an article by nothing
            continue
        changes = changed_fields(doc, fresh)
        if not changes:
            summary.unchanged += 1
            continue
        summary.changed += 1
        summary.fields.update(changes)
        yield fresh


def reextract(
    store: Store,
    query: Node | None,
    root: Path,
    profiles: Callable[[str], Profile | None],
    *,
    dry_run: bool = False,
    seconds: float = 30.0,
    progress: Callable[[Summary], None] = lambda summary: None,
) -> Summary:
    """Re-extract the documents ``query`` selects and write those that changed."""
    summary = Summary()
    batch: list[Document] = []
    last_write = time.monotonic()
    docs = _watched(store.scan(query), summary, progress)
    for fresh in _fresh_documents(docs, root, profiles, summary, seconds):
        if dry_run:
            continue
        batch.append(fresh)
        if len(batch) >= BATCH or time.monotonic() - last_write >= WRITE_SECONDS:
            _write(store, batch)
            batch, last_write = [], time.monotonic()
    if batch:
        _write(store, batch)
    store.refresh()
    return summary


def _watched(
    docs: Iterator[Document], summary: Summary, progress: Callable[[Summary], None]
) -> Iterator[Document]:
    for doc in docs:
        yield doc
        progress(summary)


def _write(store: Store, batch: list[Document]) -> None:
    result = store.upsert(batch)  # keeps first_seen; last_seen is the stored one
    failed = result.errors + result.transient
    if failed:
        doc_id, reason = failed[0]
        raise StoreError(f"{len(failed)} document(s) not updated, e.g. {doc_id}: {reason}")
