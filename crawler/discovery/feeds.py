"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds -> the article links they list, with dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from crawler.discovery.xml import child_text, local_name, parse_date, parse_xml


@dataclass(frozen=True)
class Entry:
    """One listed URL, with the date the feed or sitemap gives for it (if any)."""

    url: str
    published: datetime | None = None


def _atom_link(entry: object) -> str | None:
    links = [child for child in entry if local_name(child) == "link"]  # type: ignore[attr-defined]
    for link in links:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return str(link.get("href")).strip()
    return None


def parse_feed(body: bytes) -> list[Entry] | None:
    """The items of a feed, in feed order; None when the body is not a feed."""
    root = parse_xml(body)
    if root is None or local_name(root) not in ("rss", "rdf", "feed"):
        return None
    entries: list[Entry] = []
    for item in root.iter():
        name = local_name(item)
        if name == "item":
            url = child_text(item, "link") or _guid_link(item)
            date = child_text(item, "pubdate", "date", "published", "updated")
        elif name == "entry":
            url = _atom_link(item)
            date = child_text(item, "published", "updated")
        else:
            continue
        if url:
            entries.append(Entry(url, parse_date(date)))
    return entries


def _guid_link(item: object) -> str | None:
    for child in item:  # type: ignore[attr-defined]
        if local_name(child) == "guid" and child.get("isPermaLink", "true") != "false":
            text = (child.text or "").strip()
            if text.startswith(("http://", "https://")):
                return text
    return None
