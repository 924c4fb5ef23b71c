"""One parse of a page, shared by metadata, dates and main-text extraction."""

from __future__ import annotations

import html
import re

from lxml import etree
from lxml import html as lxml_html

from crawler.encoding import declared_encoding, effective_encoding, evident_utf8

# Comments and processing instructions dropped at parse time: left in, they
# split paragraphs for trafilatura (measured: 4 of the benchmark's 181 pages
# lost a third of their text or more). Ids are not needed for lookups.
PARSER = lxml_html.HTMLParser(
    collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True
)
# lxml refuses a str that starts with an XML declaration naming an encoding.
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


class ExtractionError(ValueError):
    """The page cannot be read as HTML at all."""


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """The page's text, decoded as the crawler decodes responses.

    UTF-8 when the bytes are UTF-8 (whatever is declared), else the declared
    encoding when the bytes fit it, else the single-byte Cyrillic encoding that
    reads as words, else UTF-8 with replacement characters.
    """
    if (text := evident_utf8(body)) is not None:
        return text
    encoding = effective_encoding(content_type, body) or declared_encoding(content_type, body)
    try:
        return body.decode(encoding or "utf-8", errors="replace")
    except LookupError:  # a declared encoding Python does not know
        return body.decode("utf-8", errors="replace")


def parse_html(html: str) -> lxml_html.HtmlElement:
    try:
        return lxml_html.document_fromstring(_XML_DECLARATION.sub("", html, count=1), PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"not an HTML page: {exc}") from None


_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+\d*);", re.IGNORECASE)


def unescape(text: str) -> str:
    """Text with its HTML entities decoded: JSON-LD is not decoded by the HTML parser,
    and some pages escape meta values twice (``&amp;quot;``)."""
    return html.unescape(text) if _ENTITY.search(text) else text
