"""Highlights on Elasticsearch, by Elasticsearch: the unified highlighter over each text field
and its subfields, read back as the spans of the words it marked.

Elasticsearch decides what to mark (each match of the query in a field, its
stems or its folded names; a phrase as one span); the snippet is then cut
around the marks by index/highlight.py's ``fragment``, as on SQLite, so that a
hit shows the same snippet on either store.
"""

from __future__ import annotations

import html
import logging
from typing import Any

from index.document import Document
from index.elasticsearch.schema import SUBFIELDS
from index.highlight import SNIPPET_FIELDS, Span, first_snippet

logger = logging.getLogger(__name__)

PRE_TAG, POST_TAG = "<mark>", "</mark>"
#: Elasticsearch re-analyses a field to highlight it; beyond this many characters it stops
#: (the index's own limit) instead of failing the search.
MAX_ANALYZED_OFFSET = 1_000_000


def highlight_clause(queries: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The ``highlight`` of a search: each snippet field whole, marked by the matches of its
    query (``queries``: field -> query) in it and its subfields (``matched_fields``),
    HTML-escaped so that the marks are the only tags."""
    return {
        "type": "unified",
        "encoder": "html",
        "number_of_fragments": 0,
        "pre_tags": [PRE_TAG],
        "post_tags": [POST_TAG],
        "max_analyzed_offset": MAX_ANALYZED_OFFSET,
        "fields": {
            name: {
                "matched_fields": [name, *(f"{name}.{kind}" for kind in SUBFIELDS)],
                "highlight_query": queries[name],
            }
            for name in SNIPPET_FIELDS
            if name in queries
        },
    }


def marked(highlighted: str) -> tuple[str, list[Span]]:
    """A field as Elasticsearch highlighted it: the plain text, and (start, end) of each mark."""
    head, *rest = highlighted.split(PRE_TAG)
    parts = [html.unescape(head)]
    spans: list[Span] = []
    position = len(parts[0])
    for chunk in rest:
        inside, _, after = chunk.partition(POST_TAG)
        inside, after = html.unescape(inside), html.unescape(after)
        spans.append((position, position + len(inside)))
        parts += [inside, after]
        position += len(inside) + len(after)
    return "".join(parts), spans


def snippet(document: Document, highlight: dict[str, list[str]]) -> str | None:
    """A hit's snippet from the ``highlight`` of its search hit."""

    def marks(field: str, text: str) -> list[Span]:
        if not (found := highlight.get(field)):
            return []
        plain, spans = marked(found[0])
        if not text.startswith(plain):  # never seen; a snippet without marks is no snippet
            logger.warning("Elasticsearch highlighted another text of %s's %s", document.id, field)
            return []
        return spans

    return first_snippet(document, marks)
