"""The article's main text: its paragraphs, in order, and nothing around them."""

from __future__ import annotations

import re
from typing import Any

import trafilatura
from lxml import html as lxml_html
from trafilatura.settings import use_config

from crawler.extract.authors import byline_names

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


# Trafilatura's defaults give up on short news items (a few paragraphs) and fall
# back to the whole page's text; wire stories are often that short.
_CONFIG = use_config()
_CONFIG.set("DEFAULT", "MIN_EXTRACTED_SIZE", "40")
_CONFIG.set("DEFAULT", "MIN_OUTPUT_SIZE", "20")


def split_paragraphs(text: str) -> list[str]:
    return [p for p in (" ".join(line.split()) for line in text.splitlines()) if p]


def clean_paragraphs(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """Drop credits, bylines, disclaimers and trailing story lists.

    Returns the kept paragraphs and the author names found in bylines, so the
    names are not lost with the lines that carried them.
    """
    kept: list[str] = []
    names: list[str] = []
    for para in paragraphs:
        if _END_RE.match(para) and kept:
            break
        if (found := byline_names(para)) is not None and len(para) < 140:
            names.extend(found)
            continue
        if _CREDIT_RE.match(para) and len(para) < 160:
            continue
        if _DISCLAIMER_RE.match(para) or _INLINE_READ_ALSO_RE.match(para):
            continue
        kept.append(para)
    return kept, names


def algorithmic_text(tree_or_html: Any, url: str | None = None) -> str:
    """Main text by trafilatura, paragraphs separated by newlines."""
    text = trafilatura.extract(
        tree_or_html,
        url=url,
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_precision=False,
        deduplicate=False,
        with_metadata=False,
        config=_CONFIG,
    )
    return text or ""


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


def main_text(html: str, url: str) -> str:
    """The benchmarkable entry point: main text of a page, paragraphs separated by a blank line."""
    kept, _ = clean_paragraphs(split_paragraphs(algorithmic_text(html, url)))
    return "\n\n".join(kept)
