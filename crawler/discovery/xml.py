"""Parse untrusted XML (feeds, sitemaps) without entities, DTDs or network access.

A feed can declare ``<!ENTITY x SYSTEM "file:///etc/passwd">`` (XXE) or a
chain of nested entities that expands to gigabytes ("billion laughs").
The document type declaration is cut off before parsing, and the parser
resolves no entities, loads no DTD and reaches no network, so neither can
read a file or exhaust memory.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from lxml import etree

# The DOCTYPE with its internal subset: ``<!DOCTYPE name [ ... ]>`` or ``<!DOCTYPE name ...>``.
DOCTYPE = re.compile(rb"<!DOCTYPE[^\[>]*(\[.*?\]\s*)?>", re.IGNORECASE | re.DOTALL)
MAX_XML_BYTES = 50 * 1024 * 1024


def _parser() -> Any:
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        recover=True,
        remove_comments=True,
        remove_pis=True,
    )


def parse_xml(body: bytes) -> Any | None:
    """The root element of an untrusted XML document, or None when it is not XML."""
    body = body[:MAX_XML_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n")
    body = DOCTYPE.sub(b"", body, count=1)
    try:
        root = etree.fromstring(body, parser=_parser())
    except (etree.XMLSyntaxError, ValueError):
        return None
    return root


def local_name(element: Any) -> str:
    """The tag without its namespace: ``{http://www.w3.org/2005/Atom}entry`` -> ``entry``."""
    tag = element.tag
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def child_text(element: Any, *names: str) -> str | None:
    """The text of the first direct child with one of these local names."""
    for child in element:
        if local_name(child) in names:
            text = "".join(child.itertext()).strip()
            if text:
                return text
    return None


def parse_date(text: str | None) -> datetime | None:
    """An RFC 822 or ISO 8601 date as an aware datetime (UTC when no offset is given)."""
    if not text:
        return None
    text = text.strip()
    value: datetime | None = None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            value = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value
