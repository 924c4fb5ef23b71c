"""Who wrote the article, from what the page declares and from its byline.

In order of evidence, the first that names someone:

1. the profile's selector (with the bylines and signatures found in the text);
2. what the page declares: the JSON-LD article's ``author`` (``@id``
   references resolved) and the author meta keys (``author``, ``byl``,
   ``parsely-author``, ``sailthru.author``, ``twitter:data1`` under a "Written
   by" label ..., and ``dc.creator`` or ``citation_author`` written family name
   first), with the bylines and signatures found in the text itself;
3. the byline in the article's block (crawler/extract/layout.py): elements
   marked as author or byline (``rel=author``, ``itemprop=author``, classes
   such as ``byline``, ``author-name``, ``vcard``), nearest the headline,
   read at their finest (``<a class=author-link>`` inside ``div.author``
   rather than the whole block with a job title), or a "By ..." line just
   after the headline; never a teaser's author or a commenter;
4. trafilatura's reading (crawler/extract/libraries.py): its meta and JSON-LD
   authors, then its search of the byline markup of the article's document
   (the block without the teasers and asides).

Every candidate goes through the name filter of crawler/extract/authors.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import html as lxml_html

import crawler.extract.jsonld as jsonld
import crawler.extract.libraries as libraries
from crawler.extract.authors import byline_names, clean_authors
from crawler.extract.layout import Layout
from crawler.extract.metadata import PageMetadata

AUTHOR_META = (
    "author",
    "article:author",
    "article:author_name",
    "og:article:author",
    "byl",
    "byline",
    "author_name",
    "parsely-author",
    "sailthru.author",
    "cxenseparse:author",
)
# Keys whose values are written family name first: "Jong, Michiel de".
INVERTED_META = ("dc.creator", "dcterms.creator", "citation_author")
_INVERTED = re.compile(r"^\s*([^,]+?),\s*([^,]+?)\s*$")
_LINK = re.compile(r"^\s*(?:https?:|www\.)\S*\s*$", re.IGNORECASE)  # a profile page, not a name
_WRITTEN_BY = re.compile(r"written by|author|автор|autor|auteur|muallif", re.IGNORECASE)
# Elements marked as a byline: rel=author, itemprop=author, classes or ids such as these.
_AUTHOR_MARK = re.compile(
    r"author|byline|byl|auteur|autor|writer|reporter|journalist|contributor|vcard|creator",
    re.IGNORECASE,
)
# Parts of an author box that are not the name: a photo, a bio, a job title, a date.
_NOT_NAME = re.compile(
    r"bio|avatar|image|img|photo|pic|thumb|follow|social|twitter|mail|date|time|title|desc|"
    r"about|more|count|share|label|role|job|position|comment|posts",
    re.IGNORECASE,
)
MAX_BYLINE = 200  # characters: longer is an author box or a list, not a byline
FIRST_CANDIDATES = 12  # elements nearest the headline that are looked at
AFTER_HEADLINE = 25  # elements after the headline searched for a "By ..." line


def declared(meta: PageMetadata, outlets: Sequence[str]) -> list[str]:
    """The authors the page declares in JSON-LD and meta tags."""
    values = jsonld.names(meta.json_ld.get("author"))
    values += [v for key in AUTHOR_META for v in meta.all(key) if not _LINK.match(v)]
    values += [_INVERTED.sub(r"\2 \1", v) for key in INVERTED_META for v in meta.all(key)]
    if _WRITTEN_BY.search(meta.first("twitter:label1") or ""):
        values += meta.all("twitter:data1")
    return clean_authors(values, outlets, trusted=True)


def _text(el: lxml_html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


def _key(name: str) -> str:
    return re.sub(r"\W+", "", name.casefold())


def _inside(el: lxml_html.HtmlElement, other: lxml_html.HtmlElement) -> bool:
    return any(a is other for a in el.iterancestors())


def _marked_as_author(_: lxml_html.HtmlElement, attributes: str) -> bool:
    return bool(_AUTHOR_MARK.search(attributes))


def layout_byline(page: Layout, outlets: Sequence[str]) -> list[str]:
    """The names of the byline in the article's block, nearest the headline."""
    candidates = [
        el
        for el, _ in page.near_headline(_marked_as_author)
        if not _NOT_NAME.search(f"{el.get('class', '')} {el.get('id', '')}")
        and len(_text(el)) <= MAX_BYLINE
    ][:FIRST_CANDIDATES]
    for el in candidates:
        inner = [c for c in candidates if c is not el and _inside(c, el)]
        leaves = [c for c in inner if not any(_inside(d, c) for d in inner if d is not c)]
        finest = clean_authors([_text(leaf) for leaf in leaves], outlets)
        whole = clean_authors([_text(el)], outlets)
        # The whole byline when it holds every finer name ("X (avec Y et Z)"), else the
        # finer names ("Ben Silverman" rather than "Ben Silverman Games Editor").
        if whole and {_key(n) for n in finest} <= {_key(n) for n in whole}:
            return whole
        if names := finest or whole:
            return names
    return _by_line(page.heading) if page.heading is not None else []


def _by_line(heading: lxml_html.HtmlElement) -> list[str]:
    """A "By X" line among the elements just after the headline."""
    for el in heading.xpath(f"following::*[position() <= {AFTER_HEADLINE}]"):
        if el.tag in ("script", "style"):
            continue
        text = _text(el)
        if text and len(text) <= 100 and (names := byline_names(text)):
            return names
    return []


def page_authors(
    page: Layout,
    declared_names: Sequence[str],
    outlets: Sequence[str],
    selected: Sequence[str] = (),
    in_text: Sequence[str] = (),
) -> list[str]:
    """The article's authors, by the order of evidence in this module's docstring.

    *declared_names*: :func:`declared`'s; *in_text*: names of the bylines and
    signatures taken out of the body.
    """
    if selected:
        return clean_authors([*selected, *in_text], outlets, trusted=True)
    found = clean_authors([*declared_names, *in_text], outlets, trusted=True)
    if found:
        return found
    if found := layout_byline(page, outlets):
        return found
    if found := clean_authors(libraries.declared_authors(page.tree), outlets, trusted=True):
        return found
    return clean_authors(libraries.byline_authors(page.article), outlets)
