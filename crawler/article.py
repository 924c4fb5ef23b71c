"""One article page -> the document a crawl stores: the one assembly of a document.

The spider (in its extraction workers) and ``newsindex extract`` both call
:func:`article`, so a saved page and a crawled page give the same document.
Extraction (crawler/extract/) reads the page's fields; this makes them a
document: the canonical URL (the page's own ``rel=canonical`` when the
profile says it is an article), the outlet, the crawl times, normalised
text, the word count and the near-duplicate keys. Pure: no Scrapy.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime

from crawler.extract import extract
from crawler.extract.enrich import word_count
from crawler.extract.parse import decode_html
from crawler.extract.version import EXTRACTOR_VERSION
from crawler.fingerprint import fingerprints
from crawler.pagebounds import check_nesting
from crawler.profile import Profile
from index.document import LIST_FIELDS, TEXT_FIELDS, Document
from index.urls import InvalidURL, canonical_url, web_url


def document_url(url: str, declared: str | None, profile: Profile | None) -> str:
    """The canonical URL of the page fetched from ``url`` that declares ``declared``."""
    if profile is None:
        return canonical_url(url)
    if declared:
        try:
            own = profile.canonical(web_url(declared, url))
            if profile.is_article(own):
                return own
        except InvalidURL:
            pass  # a malformed or non-web rel=canonical is the page's mistake: keep the URL
    return profile.canonical(url)


def clean_text(value: str) -> str:
    """NFC, no control characters or stray spaces, paragraphs kept apart by one blank line."""
    value = unicodedata.normalize("NFC", value).replace("\u00a0", " ").replace("\u200b", "")
    paragraphs = (" ".join(p.split()) for p in value.split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def clean(doc: Document) -> Document:
    """Normalise every text field, de-duplicate lists, count the body's words."""
    for name in TEXT_FIELDS:
        value = getattr(doc, name)
        if isinstance(value, str):
            setattr(doc, name, clean_text(value) or (None if name == "lead" else ""))
    for name in LIST_FIELDS:
        values = [clean_text(v) for v in getattr(doc, name)]
        setattr(doc, name, list(dict.fromkeys(v for v in values if v)))
    doc.word_count = word_count(doc.body)
    return doc


def article(html: str | bytes, url: str, profile: Profile | None, fetched_at: datetime) -> Document:
    """The document of the page fetched from ``url`` at ``fetched_at``, as a crawl stores it
    (less what needs the archive: ``duplicate_of``). PageRejected for a page nested too deep
    to extract in reasonable time (crawler/pagebounds.py)."""
    check_nesting(html)
    fields = extract(html, url, profile, fetched_at)
    declared = fields.pop("canonical_url", None)
    fields["url"] = document_url(url, declared, profile)
    stamp = fetched_at.isoformat(timespec="seconds")
    doc = clean(
        Document(
            source=profile.name if profile else "",
            source_name=profile.source_name if profile else "",
            crawled_at=stamp,
            first_seen=stamp,
            last_seen=stamp,
            extractor_version=EXTRACTOR_VERSION,
            **fields,
        )
    )
    doc.fingerprints = fingerprints(doc.body)
    return doc


def page_text(body: bytes, content_type: str | None) -> str:
    """An archived page's text, decoded as the crawl decoded it when it was fetched."""
    return decode_html(body, content_type)
