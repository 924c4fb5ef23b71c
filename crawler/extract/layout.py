"""Where the article sits on its page: its headline, the block around it, and what in
that block belongs to other stories.

Dates and bylines are read in the article's own block, so that a teaser's
date or a sidebar's author is not taken for the article's. The block is the
headline's nearest ancestor that is an ``<article>`` or ``<main>``, or that
holds the text (a few real paragraphs); inside it, nested articles, asides,
navigation, and wrappers named like related-story lists, comments or share
bars are someone else's. Only the wrappers *inside* the block are judged: a
page-wide wrapper called "content-with-sidebar" that holds the headline says
nothing about the article.
"""

from __future__ import annotations

import re
from copy import deepcopy

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
_PARAGRAPHS = "count(.//p[string-length(normalize-space()) > 60])"
_WORD = re.compile(r"\w+")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.casefold()))


def headline(tree: lxml_html.HtmlElement, title: str | None = None) -> lxml_html.HtmlElement | None:
    """The ``<h1>`` readers see as the headline: the one sharing most words with the title."""
    h1s = [h for h in tree.iter("h1") if h.text_content().strip()]
    if len(h1s) <= 1 or not title:
        return h1s[0] if h1s else None
    wanted = _words(title)
    return max(h1s, key=lambda h: len(wanted & _words(h.text_content())))


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


def elsewhere(
    el: lxml_html.HtmlElement, root: lxml_html.HtmlElement, tags: frozenset[str] = OTHER_TAGS
) -> bool:
    """Whether *el*, inside *root*, belongs to something other than the article (or to
    an element of one of *tags*)."""
    node: lxml_html.HtmlElement | None = el
    while node is not None and node is not root:
        if node.tag in tags:
            return True
        if node.tag == "header" and root.tag == "body" and node.find(".//h1") is None:
            return True  # the site's header (the date of the visit), not the article's
        if OTHER_CLASS.search(f"{node.get('class', '')} {node.get('id', '')}"):
            return True
        node = node.getparent()
    return node is None  # not inside root at all


_DECLARED = "//meta | //title | //script[@type='application/ld+json']"
_RE = {"re": "http://exslt.org/regular-expressions"}
_OTHER = (
    f".//aside | .//nav | .//article | .//*[re:test(@class, '{OTHER_CLASS.pattern}', 'i') or "
    f"re:test(@id, '{OTHER_CLASS.pattern}', 'i')]"
)


def article_document(
    tree: lxml_html.HtmlElement, root: lxml_html.HtmlElement
) -> lxml_html.HtmlElement:
    """A new document of what the page declares (meta tags, title, JSON-LD) and the
    article's block without the parts that belong to other stories."""
    doc = lxml_html.document_fromstring("<html><head></head><body></body></html>")
    head, body = doc[0], doc[1]
    for el in tree.xpath(_DECLARED):
        copied = deepcopy(el)
        copied.tail = None
        head.append(copied)
    block = deepcopy(root)
    for other in block.xpath(_OTHER, namespaces=_RE):
        if other is not block and other.getparent() is not None:
            other.drop_tree()
    body.append(block)
    return doc
