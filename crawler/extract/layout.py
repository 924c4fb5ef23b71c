"""Where the article sits on its page: its headline, the block around it, and what in
that block belongs to other stories.

Dates and bylines are read in the article's own block, so that a teaser's
date or a sidebar's author is not taken for the article's. The headline is
the ``<h1>`` that shares most words with the declared title (an ``<h2>``
when the page's only ``<h1>`` is the site's name). The block is the
headline's nearest ancestor that is an ``<article>`` or ``<main>``, or that
holds the text (a few real paragraphs). Inside it, nested articles, asides,
navigation and wrappers named like related-story lists or comments are
someone else's, except what holds most of the text itself (an ``<article>``
beside the headline that is the article's body), and an ``<aside>`` of an
``<article>`` block (its author and date box). Only wrappers *inside* the
block are judged: a page-wide "content-with-sidebar" wrapper that holds the
headline says nothing about the article.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass
from functools import cached_property

from lxml import html as lxml_html

ROOT_TAGS = frozenset({"article", "main"})
OTHER_TAGS = frozenset({"aside", "nav", "article"})
OTHER_CLASS = re.compile(
    r"related|similar|sidebar|widget|latest|popular|comment|recommend|recirc|teaser|\bnav|menu|"
    r"more-?(?:news|stories|articles|posts|from)|read-?also|also-?read|newsletter|"
    r"promo|trending|most-?read|ticker|carousel|slider|breadcrumb",
    re.IGNORECASE,
)
# A block holds the text when it has this many paragraphs of a sentence or more.
TEXT_PARAGRAPHS = 2
LONG_PARAGRAPH = 60  # characters
_PARAGRAPHS = f"count(.//p[string-length(normalize-space()) > {LONG_PARAGRAPH}])"
_FIRST_PARAGRAPH = f"(.//p[string-length(normalize-space()) > {LONG_PARAGRAPH}])[1]"
_DECLARED = "//meta | //title | //script[@type='application/ld+json']"
_MARKED = ".//*[@class or @id or @itemprop or @rel] | .//time | .//abbr | $marks"
_RE = {"re": "http://exslt.org/regular-expressions"}
_OTHER = (
    f".//aside | .//nav | .//article | .//*[re:test(@class, '{OTHER_CLASS.pattern}', 'i') or "
    f"re:test(@id, '{OTHER_CLASS.pattern}', 'i')]"
)
_WORD = re.compile(r"\w+")
MATCHING = 0.5  # share of the title's words a heading must hold to be its headline
NEAREST = 30  # elements near the headline worth reading for a date or a byline


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.casefold()))


def headline(tree: lxml_html.HtmlElement, title: str | None = None) -> lxml_html.HtmlElement | None:
    """The heading readers see as the headline: see the module's docstring."""
    h1s = [h for h in tree.iter("h1") if h.text_content().strip()]
    if not title:
        return h1s[0] if h1s else None
    wanted = _words(title)

    def overlap(el: lxml_html.HtmlElement) -> float:
        return len(wanted & _words(el.text_content())) / max(1, len(wanted))

    best = max(h1s, key=overlap, default=None)
    if best is not None and overlap(best) >= MATCHING:
        return best
    h2 = max((h for h in tree.iter("h2")), key=overlap, default=None)
    if h2 is not None and overlap(h2) >= MATCHING:
        return h2
    return best


def article_root(
    tree: lxml_html.HtmlElement, heading: lxml_html.HtmlElement | None
) -> lxml_html.HtmlElement:
    """The block that holds the article: see the module's docstring."""
    if heading is not None:
        for node in heading.iterancestors():
            if node.tag in ROOT_TAGS or node.xpath(_PARAGRAPHS) >= TEXT_PARAGRAPHS:
                return node
    for tag in ("article", "main"):
        if (found := tree.find(f".//{tag}")) is not None:
            return found
    body = tree.find("body")
    return body if body is not None else tree


@dataclass
class Layout:
    """A parsed page with its headline and article block, found once for every reader."""

    tree: lxml_html.HtmlElement
    heading: lxml_html.HtmlElement | None
    root: lxml_html.HtmlElement

    @classmethod
    def of(cls, tree: lxml_html.HtmlElement, title: str | None) -> Layout:
        heading = headline(tree, title)
        return cls(tree, heading, article_root(tree, heading))

    @cached_property
    def text_start(self) -> lxml_html.HtmlElement | None:
        """The block's first paragraph of a sentence or more: where the text begins."""
        found = self.root.xpath(_FIRST_PARAGRAPH)
        return found[0] if found else None

    @cached_property
    def _paragraphs(self) -> float:
        count: float = self.root.xpath(_PARAGRAPHS)
        return count

    def _holds_text(self, node: lxml_html.HtmlElement) -> bool:
        """Whether *node* holds most of the block's paragraphs (it is the article's body)."""
        count: float = node.xpath(_PARAGRAPHS)
        return count >= 1 and 2 * count >= self._paragraphs

    @cached_property
    def _judged(self) -> dict[tuple[int, frozenset[str]], bool]:
        return {}

    def _other(self, node: lxml_html.HtmlElement, tags: frozenset[str]) -> bool:
        key = (id(node), tags)
        if (known := self._judged.get(key)) is None:
            known = self._judged[key] = self._judge(node, tags)
        return known

    def _judge(self, node: lxml_html.HtmlElement, tags: frozenset[str]) -> bool:
        if node.tag in tags and not (node.tag == "aside" and self.root.tag == "article"):
            return not self._holds_text(node)
        if node.tag == "header" and self.root.tag == "body" and node.find(".//h1") is None:
            return True  # the site's header (the date of the visit), not the article's
        if OTHER_CLASS.search(f"{node.get('class', '')} {node.get('id', '')}"):
            return not self._holds_text(node)
        return False

    def elsewhere(self, el: lxml_html.HtmlElement, tags: frozenset[str] = OTHER_TAGS) -> bool:
        """Whether *el* belongs to something other than the article (or is inside an
        element of one of *tags*): outside the block, or in another story's part of it."""
        node: lxml_html.HtmlElement | None = el
        while node is not None and node is not self.root:
            if self._other(node, tags):
                return True
            node = node.getparent()
        return node is None

    @cached_property
    def _marked(self) -> list[tuple[lxml_html.HtmlElement, str]]:
        """The block's elements that carry a class, an id, an itemprop or a rel, or are a
        ``<time>``/``<abbr>``, in page order, each with those attributes as one string
        (read once for every reader); the headline and the text's start among them."""
        marks = [m for m in (self.heading, self.text_start) if m is not None]
        found = self.root.xpath(_MARKED, marks=marks)
        return [
            (
                el,
                f"{el.get('class', '')} {el.get('id', '')} {el.get('itemprop', '')} "
                f"{el.get('rel', '')}",
            )
            for el in found
        ]

    def near_headline(
        self,
        wanted: Callable[[lxml_html.HtmlElement, str], bool],
        tags: frozenset[str] = OTHER_TAGS,
        limit: int = NEAREST,
    ) -> list[tuple[lxml_html.HtmlElement, bool]]:
        """The *limit* elements of the block nearest the headline (those after it in page
        order, then those before it) that are *wanted* (by the element and its attributes,
        see ``_marked``), none of another story's; each with whether it comes before the
        text (in the article's header)."""
        marked = self._marked
        at = {
            id(el): i
            for i, (el, _) in enumerate(marked)
            if el is self.heading or el is self.text_start
        }
        text_at = at.get(id(self.text_start), len(marked))
        order = list(range(len(marked)))
        if (head_at := at.get(id(self.heading))) is not None:
            order = order[head_at + 1 :] + order[:head_at][::-1]
        out: list[tuple[lxml_html.HtmlElement, bool]] = []
        for i in order:
            el, attributes = marked[i]
            if el is self.text_start or el is self.heading or not wanted(el, attributes):
                continue
            if self.elsewhere(el, tags):
                continue
            out.append((el, i < text_at))
            if len(out) >= limit:
                break
        return out

    @cached_property
    def article(self) -> lxml_html.HtmlElement:
        """A new document of what the page declares (meta tags, title, JSON-LD) and the
        article's block without the parts that belong to other stories."""
        doc = lxml_html.document_fromstring("<html><head></head><body></body></html>")
        head, body = doc[0], doc[1]
        for el in self.tree.xpath(_DECLARED):
            copied = deepcopy(el)
            copied.tail = None
            head.append(copied)
        others = [o for o in self.root.xpath(_OTHER, namespaces=_RE) if self._other(o, OTHER_TAGS)]
        marked = {id(o) for o in others}
        outermost = [o for o in others if not any(id(a) in marked for a in o.iterancestors())]
        # Copy the block without them: detach, copy, put back in page order (the page
        # stays as it was).
        places = [(o, o.getparent()) for o in outermost]
        at = [(o, parent, parent.index(o)) for o, parent in places if parent is not None]
        for other, parent, _ in at:
            parent.remove(other)
        try:
            body.append(deepcopy(self.root))
        finally:
            for other, parent, i in at:
                parent.insert(i, other)
        return doc
