"""The Elasticsearch write path's pieces: bulk sizes, and what a refused bulk item means.

A bulk item that fails with a transient status (429, 502, 503, 504) may pass
later and is spooled; any other failure is final and goes to the dead-letter
file with its reason (the offending field named). Oversized documents are
written alone (store.py), so their refusal costs no other document.
"""

from __future__ import annotations

import logging
from typing import Any

from index.document import Document
from index.elasticsearch.client import TRANSIENT_STATUSES
from index.store import WriteResult

logger = logging.getLogger("index.elasticsearch.store")

CHUNK_DOCS = 500
CHUNK_BYTES = 10 * 1024 * 1024
#: Text (title, lead, body) past which a document is written on its own: its bulk action
#: (the text in the update and again in the upsert) runs to several times this.
LARGE_TEXT = 1_000_000


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
