"""The Elasticsearch write path's pieces: bulk sizes, and what a refused bulk item means.

A bulk item that fails with a transient status (429, 502, 503, 504) may pass
later and is spooled; any other failure is final and goes to the dead-letter
file with its reason (the offending field named). Oversized documents are
written alone (store.py), so their refusal costs no other document. A batch's
requests go a few at a time: the node indexes each on one write thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from index.batches import batches
from index.document import Document
from index.elasticsearch.client import TRANSIENT_STATUSES
from index.store import WriteResult

logger = logging.getLogger("index.elasticsearch.store")

CHUNK_DOCS = 500
CHUNK_BYTES = 10 * 1024 * 1024
#: Text (title, lead, body) past which a document is written on its own: its bulk action
#: (the text in the update and again in the upsert) runs to several times this.
LARGE_TEXT = 1_000_000
#: Bulk requests in flight at once. Two loaded 3,000 benchmark documents 1.9 times as fast
#: as one on a two-core node with a core to spare; each request is retried on its own, and
#: writes are idempotent, so the order they land in does not matter.
WRITERS = 2


def in_flight(
    write: Callable[[list[Document]], WriteResult], batch: list[Document], writers: int
) -> WriteResult:
    """A batch written as requests of ``CHUNK_DOCS``, ``writers`` of them in flight. The
    first request that cannot reach the node fails the batch, as one request would: the
    requests not yet sent are dropped, those in flight end first."""
    chunks = list(batches(batch, CHUNK_DOCS))
    if len(chunks) == 1 or writers < 2:
        return write(batch)
    result = WriteResult()
    with ThreadPoolExecutor(min(writers, len(chunks))) as pool:
        futures = [pool.submit(write, chunk) for chunk in chunks]
        try:
            for future in futures:
                result.add(future.result())
        except BaseException:
            for future in futures:
                future.cancel()
            raise
    return result


def failure_reason(error: Any) -> str:
    """``type: reason``, with the cause, of a bulk item's error (names the offending field)."""
    if not isinstance(error, dict):
        return str(error)
    reason = f"{error.get('type', 'error')}: {error.get('reason', '')}"
    cause = error.get("caused_by")
    if isinstance(cause, dict) and cause.get("reason") and cause["reason"] not in reason:
        reason += f" ({cause.get('type', '')}: {cause['reason']})"
    return reason


def text_size(doc: Document) -> int:
    return len(doc.title) + len(doc.lead or "") + len(doc.body)


def record_failure(result: WriteResult, item: dict[str, Any]) -> None:
    info = next(iter(item.values()))
    doc_id = str(info.get("_id"))
    reason = failure_reason(info.get("error", info.get("exception", "unknown error")))
    status = int(info.get("status", 0) or 0)
    if status in TRANSIENT_STATUSES:
        result.transient.append((doc_id, reason))
        logger.warning("Elasticsearch could not take %s for now: %s", doc_id, reason)
    else:
        result.errors.append((doc_id, reason))
        logger.error("Elasticsearch rejected %s: %s", doc_id, reason)
