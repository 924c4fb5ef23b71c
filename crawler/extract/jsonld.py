"""The page's JSON-LD, read as publishers actually write it, and its article node.

Blocks come wrapped in CDATA or HTML comments, followed by stray semicolons
or a second object, with raw control characters in strings; nodes refer to
each other by ``@id`` (Yoast's graph: the article's ``author`` is
``{"@id": ".../#/schema/person/1"}``, the Person node elsewhere holds the
name). Every node is indexed by its ``@id`` so references resolve, and the
article node is the best-ranked one: a news type, then any article type,
then any node that carries a publication date (a WebPage, a VideoObject).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from lxml import html as lxml_html

from crawler.extract.parse import unescape

NEWS_TYPES = frozenset(
    {
        "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
        "backgroundnewsarticle", "reviewnewsarticle", "askpublicnewsarticle",
        "liveblogposting",
    }
)  # fmt: skip
ARTICLE_TYPES = frozenset(
    {
        "article", "blogposting", "report", "socialmediaposting", "discussionforumposting",
        "techarticle", "scholarlyarticle", "medicalscholarlyarticle", "satiricalarticle",
        "posting",
    }
)  # fmt: skip
# Keys an article node lacks that the page node it belongs to may carry.
INHERITED = ("datePublished", "dateModified", "author", "headline", "description")

_WRAPPER = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$|^\s*<!--|-->\s*$")
_DECODER = json.JSONDecoder(strict=False)


def _values(raw: str) -> Iterator[Any]:
    """The JSON values of one block, tolerating wrappers, trailing junk and a second value."""
    text = _WRAPPER.sub("", raw).strip()
    at = 0
    while at < len(text):
        try:
            value, end = _DECODER.raw_decode(text, at)
        except ValueError:
            return
        yield value
        at = end
        while at < len(text) and text[at] in " \t\r\n;,":
            at += 1


# Where a page's own nodes are; other nested objects (a list's items, related
# links) may be other articles.
OWN_KEYS = ("@graph", "mainEntity")


def objects(node: Any, keys: tuple[str, ...] | None = None) -> Iterator[dict[str, Any]]:
    """The objects in a JSON value, depth first: all of them, or only those reached
    through *keys* (``OWN_KEYS``: the page's own, top level, @graph and mainEntity)."""
    if isinstance(node, list):
        for item in node:
            yield from objects(item, keys)
    elif isinstance(node, dict):
        yield node
        for key, value in node.items():
            if isinstance(value, dict | list) and (keys is None or key in keys):
                yield from objects(value, keys)


def types(node: dict[str, Any]) -> set[str]:
    """The node's ``@type`` values, lower case, without a schema.org prefix."""
    kind = node.get("@type", [])
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower().rsplit("/", 1)[-1] for k in kinds}


class Graph:
    """The page's own JSON-LD objects, and every object indexed by ``@id``."""

    def __init__(self, values: list[Any]):
        self.nodes = [node for value in values for node in objects(value, OWN_KEYS)]
        self.by_id: dict[str, dict[str, Any]] = {}
        for node in objects(values):
            ref = node.get("@id")
            if isinstance(ref, str) and len(node) > 1:  # a definition, not a bare reference
                self.by_id.setdefault(ref, node)

    def resolve(self, value: Any) -> Any:
        """A reference ``{"@id": X}`` replaced by the node it names (lists item by item)."""
        if isinstance(value, list):
            return [self.resolve(item) for item in value]
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and "@id" in value:
            return self.by_id.get(str(value["@id"]), value)
        return value

    def article(self) -> dict[str, Any]:
        """The article node, references in its main keys resolved; {} when there is none."""
        best: dict[str, Any] = {}
        best_rank = 99
        for node in self.nodes:
            kinds = types(node)
            if kinds & NEWS_TYPES:
                rank = 0
            elif kinds & ARTICLE_TYPES:
                rank = 1
            elif "datePublished" in node or "webpage" in kinds:
                rank = 2 if "datePublished" in node else 3
            else:
                continue
            if rank < best_rank:
                best, best_rank = node, rank
        if not best:
            return {}
        article = {key: self.resolve(value) for key, value in best.items()}
        for parent_key in ("mainEntityOfPage", "isPartOf"):
            parent = self.resolve(article.get(parent_key))
            if isinstance(parent, dict):
                for key in INHERITED:
                    if key not in article and key in parent:
                        article[key] = self.resolve(parent[key])
        return article


def read_graph(tree: lxml_html.HtmlElement) -> Graph:
    scripts = tree.xpath('//script[@type="application/ld+json"]')
    return Graph([value for script in scripts for value in _values(script.text or "")])


def names(value: Any) -> list[str]:
    """Names from a resolved author/publisher value (a string, an object or a list)."""
    if isinstance(value, str):
        return [unescape(value)]
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, list):
            return [unescape(n) for n in name if isinstance(n, str)]
        if isinstance(name, str):
            return [unescape(name)]
        given, family = value.get("givenName"), value.get("familyName")
        if isinstance(given, str) and isinstance(family, str):
            return [unescape(f"{given} {family}")]
        return []
    if isinstance(value, list):
        return [n for item in value for n in names(item)]
    return []


def text(value: Any) -> str | None:
    """The text of a value: a string, the first string of a list, an object's url or name."""
    if isinstance(value, str):
        return unescape(value).strip() or None
    if isinstance(value, list) and value:
        return text(value[0])
    if isinstance(value, dict):
        return text(value.get("url") or value.get("name") or value.get("@value"))
    return None
