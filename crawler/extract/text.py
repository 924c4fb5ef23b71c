"""The article's main text: its paragraphs, in order, and nothing around them.

Three extractors vote, chosen on the shared article-extraction benchmark
(``benchmarks/extraction.py``). trafilatura in its fast mode is the primary:
the best text of the three, at twice the speed of its default cascade.
resiliparse's main-content mode, a tenth of trafilatura's cost, is an
independent second opinion: when most of trafilatura's text is also in
resiliparse's, the page is easy and trafilatura's text stands. When it is not,
trafilatura has probably swept in navigation, teasers or the whole page, and
readability (run on those pages only, under a tenth of them) arbitrates: when
one text nests in the other, both found the same article and readability's
edges are the better ones.

Short wire stories (a few lines) fall under trafilatura's minimum size, and
it then returns the whole page's text as one run-on paragraph. Lowering the
minimum for every page costs quality on ordinary pages, so it is lowered only
for pages whose text looks like that fallback: the headline buried inside a
longer paragraph.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC
from functools import lru_cache
from typing import Any

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from readability import Document  # type: ignore[import-untyped]
from resiliparse.extract.html2text import extract_plain_text
from trafilatura.settings import use_config

import crawler.extract.jsonld as jsonld
from crawler.extract.authors import byline_names, signature_names
from crawler.extract.dates import parse_date
from crawler.extract.parse import parse_html

# Paragraphs that are never article text.
_CREDIT_RE = re.compile(
    r"^(?:photo|photos|фото|фотография|сурет|foto|illustration|иллюстрация|image|video|видео)"
    r"\s*(?:credit)?\s*[:©]|^©",
    re.IGNORECASE,
)
_DISCLAIMER_RE = re.compile(
    r"^(?:disclaimer\b|this is a translated piece|please refer to the original)",
    re.IGNORECASE,
)
# Headings after which the page lists other stories: the article has ended.
_END_RE = re.compile(
    r"^(?:latest news|related news|related articles|more news|read more|also read|"
    r"последние новости|другие новости|похожие новости|читайте также|новости по теме|"
    r"соңғы жаңалықтар|тағы оқыңыз|so'nggi yangiliklar|you may also like)\s*:?$",
    re.IGNORECASE,
)
_INLINE_READ_ALSO_RE = re.compile(r"^(?:читайте также|read also|тағы оқыңыз)\s*:", re.IGNORECASE)

# trafilatura's options: no comment section, no cascade of fallback extractors.
_PRIMARY: dict[str, Any] = {"fast": True, "include_comments": False, "deduplicate": False}
_DEFAULT_CONFIG = use_config()
# For the short-story retry only (trafilatura's defaults are 250 and 1).
_SHORT_CONFIG = use_config()
_SHORT_CONFIG.set("DEFAULT", "MIN_EXTRACTED_SIZE", "40")
_SHORT_CONFIG.set("DEFAULT", "MIN_OUTPUT_SIZE", "20")

HEADLINE_WITHIN = 4  # paragraphs from the top the headline may be found at
DATELINE_MAX = 40  # characters of a paragraph that is only a date
AGREEMENT = 0.9  # share of trafilatura's shingles resiliparse must also have
FRAGMENT = 0.5  # below this share of another's words, trafilatura's text is a fragment
LIST_ITEM = 250  # characters: longer paragraphs after an end heading are still the article
NESTED, APART = 0.95, 0.8  # containment of a text that nests / of one that does not

_TOKEN_RE = re.compile(r"\w+")
_SENTENCE_END = frozenset('.!?…"»”)')
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td",
        "th", "tr", "ul",
    }
)  # fmt: skip


@lru_cache(maxsize=8)
def _tokens(text: str) -> tuple[str, ...]:
    """The words of *text*, kept for the few texts a page compares several times."""
    return tuple(_TOKEN_RE.findall(text))


@lru_cache(maxsize=8)
def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """The multiset of *n*-word shingles of *text* (a shorter text is one shingle).

    Cached for the comparisons of one page: callers must not change it.
    """
    words = _tokens(text)
    if len(words) < n:
        return Counter([tuple(words)] if words else [])
    return Counter(zip(*(words[i:] for i in range(n)), strict=False))


def containment(text: str, other: str) -> float:
    """Share of *text*'s shingles also in *other*: 1.0 when *other* holds all of it."""
    mine = shingles(text)
    total = mine.total()
    return (mine & shingles(other)).total() / total if total else 0.0


def nested_choice(primary: str, second: str) -> str:
    """*second* when one text holds the other and not the reverse, else *primary*."""
    if not second.strip():
        return primary
    second_in, primary_in = containment(second, primary), containment(primary, second)
    if (second_in >= NESTED and primary_in < APART) or (primary_in >= NESTED and second_in < APART):
        return second
    return primary


def block_text(root: etree._Element) -> str:
    """Text of a tree, one line per block element (paragraph, heading, list item...)."""
    parts: list[str] = []

    def walk(el: etree._Element) -> None:
        block = isinstance(el.tag, str) and el.tag.lower() in _BLOCK_TAGS
        if block:
            parts.append("\n")
        if el.text and isinstance(el.tag, str):
            parts.append(el.text)
        for child in el:
            walk(child)
        if block:
            parts.append("\n")
        if el.tail:
            parts.append(el.tail)

    walk(root)
    return "\n".join(p for p in split_paragraphs("".join(parts)))


def trafilatura_text(tree: lxml_html.HtmlElement, url: str | None, short: bool = False) -> str:
    """trafilatura's main text (it copies the tree before cleaning it)."""
    config = _SHORT_CONFIG if short else _DEFAULT_CONFIG
    return trafilatura.extract(tree, url=url, config=config, **_PRIMARY) or ""


def resiliparse_text(html: str) -> str:
    return extract_plain_text(html, main_content=True)


def readability_text(html: str) -> str:
    """readability's article, without a URL (absolute links cost time and change no text)."""
    summary = Document(html).summary(html_partial=True)
    return block_text(lxml_html.fragment_fromstring(summary, create_parent="div"))


def looks_like_page_dump(text: str, headline: str | None) -> bool:
    """Whether *text* is trafilatura's whole-page fallback: the headline inside a run-on line."""
    if not headline:
        return False
    return any(headline in line and len(line) > len(headline) + 20 for line in text.splitlines())


def _words(text: str) -> int:
    return len(_tokens(text))


def algorithmic_text(html: str, tree: lxml_html.HtmlElement, url: str | None = None) -> str:
    """The main text found by the three extractors, paragraphs separated by newlines.

    trafilatura's text stands when resiliparse has most of it, unless it is a
    fragment (a fragment is always "contained"): under half of the words of
    resiliparse's text and of readability's. Otherwise readability arbitrates.
    """
    headline = " ".join(tree.xpath("string(//h1[1])").split())
    primary = trafilatura_text(tree, url)
    if looks_like_page_dump(primary, headline):
        primary = trafilatura_text(tree, url, short=True) or primary
    return combined(primary, resiliparse_text(html), lambda: readability_text(html))


def combined(primary: str, check: str, third: Callable[[], str]) -> str:
    """The text :func:`algorithmic_text` keeps, from trafilatura's (*primary*),
    resiliparse's (*check*) and readability's (*third*, made only when needed)."""
    agree = containment(primary, check) >= AGREEMENT
    if agree and _words(primary) >= FRAGMENT * _words(check):
        return primary
    arbiter = third()
    if agree and _words(primary) >= FRAGMENT * _words(arbiter):
        return primary  # resiliparse swept in more than the article, readability did not
    return nested_choice(primary, arbiter)


def split_paragraphs(text: str) -> list[str]:
    return [p for p in (" ".join(line.split()) for line in text.splitlines()) if p]


def drop_headline(paragraphs: list[str], titles: list[str]) -> list[str]:
    """The paragraphs after the headline, when the headline is near the top.

    What precedes it (breadcrumbs, a section label) and date lines right after
    it are page furniture, never article text.
    """
    names = {folded for t in titles if (folded := _fold(t))}
    start = 0
    for i, para in enumerate(paragraphs[:HEADLINE_WITHIN]):
        if _fold(para) in names:
            start = i + 1
    while start < len(paragraphs) and _is_dateline(paragraphs[start]):
        start += 1
    return paragraphs[start:]


def _is_dateline(para: str) -> bool:
    return len(para) <= DATELINE_MAX and parse_date(para, UTC) is not None


def _fold(text: str) -> str:
    return " ".join(_TOKEN_RE.findall(text.casefold()))


def _story_list_follows(after: list[str], before: list[str]) -> bool:
    """Whether the paragraphs after an end heading are a list of other stories, not the
    rest of the article (a "Read more" box in the middle of it): short lines, mostly
    not sentences (headlines), or less text than the article had before it."""
    if any(len(p) > LIST_ITEM for p in after):
        return False
    sentences = sum(1 for p in after if p.rstrip()[-1:] in _SENTENCE_END)
    return 2 * sentences < len(after) or sum(map(len, after)) < sum(map(len, before))


def clean_paragraphs(
    paragraphs: list[str], known_authors: Sequence[str] = ()
) -> tuple[list[str], list[str]]:
    """Drop credits, bylines, disclaimers and trailing story lists.

    Returns the kept paragraphs and the author names found in bylines, so the
    names are not lost with the lines that carried them. *known_authors*: names
    the page gives elsewhere, which a bare last line may sign.
    """
    kept: list[str] = []
    names: list[str] = []
    for i, para in enumerate(paragraphs):
        if _END_RE.match(para) and kept:
            if _story_list_follows(paragraphs[i + 1 :], kept):
                break
            continue
        if (found := byline_names(para)) is not None and len(para) < 140:
            names.extend(found)
            continue
        if _CREDIT_RE.match(para) and len(para) < 160:
            continue
        if _DISCLAIMER_RE.match(para) or _INLINE_READ_ALSO_RE.match(para):
            continue
        kept.append(para)
    # An end-of-article signature ("— Алина Есеналина") names the author, it is not text.
    signed = signature_names(kept[-1], known=known_authors) if kept and len(kept[-1]) < 80 else None
    if signed is not None:
        kept.pop()
        names.extend(signed)
    return kept, names


def selector_text(tree: lxml_html.HtmlElement, css: str) -> str:
    """Text of the profile's body selector, one paragraph per block element."""
    blocks: list[str] = []
    for root in tree.cssselect(css):
        paras = root.xpath(".//p|.//h2|.//h3|.//h4|.//li|.//blockquote")
        if not paras:
            paras = [root]
        for p in paras:
            if (
                p.getparent() is not None
                and p.getparent().tag in ("li", "blockquote")
                and p.tag == "p"
            ):
                continue
            text = " ".join(p.text_content().split())
            if text:
                blocks.append(text)
    return "\n".join(blocks)


def declared_or_found(found: str, declared: str | None) -> str:
    """The page's JSON-LD ``articleBody`` only where the extractors missed most of it.

    Declared bodies are often one run-on paragraph, a summary, or carry
    captions and boilerplate: on the benchmark's pages that have one, they
    score 0.80 F1 against 0.98 for the extractors. So the declared body is
    a rescue, taken when the found text is empty, or nests in it and covers
    less than half of it.
    """
    if not declared or len(declared) < 400:
        return found
    if "<" in declared:
        declared = block_text(lxml_html.fragment_fromstring(declared, create_parent="div"))
    if not found.strip():
        return declared
    if containment(found, declared) >= NESTED and containment(declared, found) < 0.5:
        return declared
    return found


def article_paragraphs(
    html: str,
    tree: lxml_html.HtmlElement,
    url: str | None,
    headlines: list[str],
    declared: str | None = None,
    known_authors: Sequence[str] = (),
) -> tuple[list[str], list[str]]:
    """The article's paragraphs, and the names of the bylines taken out of them.

    The headline is not part of the body; a standfirst the page shows above
    the text is, as its first paragraph (it is also the ``lead`` field).
    """
    text = declared_or_found(algorithmic_text(html, tree, url), declared)
    return clean_paragraphs(drop_headline(split_paragraphs(text), headlines), known_authors)


def main_text(html: str, url: str) -> str:
    """The body ``extract`` gives a page without a profile, paragraphs separated by a blank line."""
    tree = parse_html(html)
    headline = " ".join(tree.xpath("string(//h1[1])").split())
    declared = jsonld.text(jsonld.read_graph(tree).article().get("articleBody"))
    paragraphs, _ = article_paragraphs(html, tree, url, [headline], declared)
    return "\n\n".join(paragraphs)
