"""Whitespace and Unicode normalisation of every text field."""

from __future__ import annotations

import unicodedata

from crawler.extract.enrich import word_count
from index.document import LIST_FIELDS, TEXT_FIELDS, Document


def _clean_text(value: str) -> str:
    """NFC, no control characters or stray spaces, paragraphs kept apart by one blank line."""
    value = unicodedata.normalize("NFC", value).replace("\u00a0", " ").replace("\u200b", "")
    paragraphs = (" ".join(p.split()) for p in value.split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


class CleanPipeline:
    """Normalise whitespace and Unicode in every text field and de-duplicate lists."""

    def process_item(self, item: Document) -> Document:
        for name in TEXT_FIELDS:
            value = getattr(item, name)
            if isinstance(value, str):
                setattr(item, name, _clean_text(value) or (None if name == "lead" else ""))
        for name in LIST_FIELDS:
            values = [_clean_text(v) for v in getattr(item, name)]
            setattr(item, name, list(dict.fromkeys(v for v in values if v)))
        item.word_count = word_count(item.body)
        return item
