"""Metadata a page declares: JSON-LD, OpenGraph and meta tags, read from a parsed tree."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from lxml import html as lxml_html

import crawler.extract.jsonld as jsonld
from crawler.extract.parse import unescape
from index.names import name_key


@dataclass
class PageMetadata:
    """What the page says about itself, before any judgement."""

    json_ld: dict[str, Any] = field(default_factory=dict)  # the article node (jsonld.py)
    meta: dict[str, list[str]] = field(default_factory=dict)
    title_tag: str | None = None
    h1: str | None = None
    canonical: str | None = None
    html_lang: str | None = None

    def first(self, *keys: str) -> str | None:
        for key in keys:
            for value in self.meta.get(key.lower(), []):
                if value.strip():
                    return value.strip()
        return None

    def all(self, key: str) -> list[str]:
        return [v.strip() for v in self.meta.get(key.lower(), []) if v.strip()]


def read_metadata(tree: lxml_html.HtmlElement) -> PageMetadata:
    meta: dict[str, list[str]] = {}
    for el in tree.xpath("//meta[@content]"):
        key = el.get("property") or el.get("name") or el.get("itemprop")
        if key:
            meta.setdefault(key.strip().lower(), []).append(unescape(el.get("content", "")))
    for el in tree.xpath("//*[@itemprop and not(self::meta)]"):
        key = el.get("itemprop", "").lower()
        if key in ("datepublished", "datemodified"):
            value = el.get("datetime") or el.get("content") or el.text_content()
            meta.setdefault(key, []).append(value)
    title = tree.findtext(".//title")
    h1 = tree.xpath("string(//h1[1])")
    canonical = tree.xpath('string(//link[@rel="canonical"]/@href)') or None
    lang = tree.get("lang") or tree.xpath("string(//html/@lang)") or None
    return PageMetadata(
        json_ld=jsonld.read_graph(tree).article(),
        meta=meta,
        title_tag=unescape(" ".join(title.split())) if title else None,
        h1=unescape(" ".join(h1.split())) or None,
        canonical=canonical,
        html_lang=lang,
    )


# What separates a headline from the outlet's name in <title> and og:title.
_TITLE_SEPARATOR = re.compile(r"\s+(?:[–—»-]|::)\s+|\s*\|\s*")
_PIPE_LIKE = re.compile(r"^\s*(?:[|»]|::)\s*$")
_WORD = re.compile(r"\w+")
SEARCH_WORD = 4  # letters of the shortest word worth making searchable


def _keys(text: str) -> frozenset[str]:
    """Folded word keys, so "Радио Азаттык" and "Azattyq" share one."""
    return frozenset(name_key(w) for w in _WORD.findall(text.casefold()))


def outlet_keys(names: Iterable[str], url: str | None = None) -> list[frozenset[str]]:
    """Word keys of each outlet name, and of the site's own domain label (``kaztag``)."""
    found = [_keys(n) for n in names if n and n.strip()]
    if url and (host := urlsplit(url).hostname):
        labels = host.split(".")[:-1]
        if labels:
            found.append(_keys(max(labels, key=len)))
    return [k for k in found if k]


def _names_outlet(part: str, outlets: list[frozenset[str]]) -> bool:
    words = _keys(part)
    return 0 < len(words) <= 5 and any(keys <= words for keys in outlets)


def clean_title(title: str | None, outlets: list[frozenset[str]]) -> str | None:
    """The headline without the outlet's name before or after it ("… | Orda.kz").

    A part is dropped when it names the outlet, or when it is one to three
    words after a pipe (sites put their name there); a dash alone is not
    enough, as headlines use dashes themselves ("Токаев — о реформах").
    """
    if not title:
        return None
    title = " ".join(title.split())
    pieces = _TITLE_SEPARATOR.split(title)
    seps = _TITLE_SEPARATOR.findall(title)
    while len(pieces) > 1:
        last, sep = pieces[-1], seps[-1]
        if _names_outlet(last, outlets) or (
            _PIPE_LIKE.match(sep) and len(_WORD.findall(last)) <= 3
        ):
            pieces, seps = pieces[:-1], seps[:-1]
        elif _names_outlet(pieces[0], outlets):
            pieces, seps = pieces[1:], seps[1:]
        else:
            break
    kept = pieces[0] + "".join(s + p for s, p in zip(seps, pieces[1:], strict=True))
    return kept.strip() or None


def choose_title(
    meta: PageMetadata, outlets: list[frozenset[str]], selected: Sequence[str] = ()
) -> str | None:
    """The headline: the profile's pick, else the page's <h1> when a declared title holds
    it or is a shortening of it.

    Declared titles (JSON-LD, og:title, <title>) are cleaned of the outlet's
    name; the <h1> wins when it is most of one of them, or holds every word of
    it, as it is the headline readers see (declared ones are sometimes
    shortened for social networks).
    """
    if selected:
        return selected[0]
    h1 = meta.h1
    declared = [
        jsonld.text(meta.json_ld.get("headline")),
        meta.first("og:title", "twitter:title"),
        meta.title_tag,
    ]
    for candidate in declared:
        cleaned = clean_title(candidate, outlets)
        if not cleaned:
            continue
        if h1 and h1 in (candidate or "") and len(h1) >= len(cleaned) * 0.6:
            return h1
        if h1 and _keys(cleaned) < _keys(h1) and len(h1) <= 3 * len(cleaned):
            return h1
        return cleaned
    return h1


def _shares_most_words(visible: str, title: str) -> bool:
    said = {w.casefold() for w in _WORD.findall(title)}
    return 2 * len(said & {w.casefold() for w in _WORD.findall(visible)}) >= len(said)


def headlines(title: str | None, visible: str | None) -> list[str]:
    """The lines the body must not repeat as its first paragraph: the headline readers see,
    when it is this story's (it holds half of the title's words or more), else the title
    too. A declared title the page does not show (a social headline) is often a
    standfirst in the text, which stays."""
    if visible and title and _shares_most_words(visible, title):
        return [visible]
    return [h for h in (title, visible) if h]


def unseen_headline(title: str | None, visible: str | None, shown: Sequence[str]) -> str | None:
    """The headline readers see, when the chosen title words it differently and no text
    of the document (*shown*: lead, body) holds it, so that a search for it finds the
    article. None when it is the title, adds no word a search would use (only short
    ones such as "is", "the"), or is not this story's headline (it holds under half of
    the title's words: a site's name)."""
    if not visible or not title:
        return None
    words = {w.casefold() for w in _WORD.findall(visible)}
    said = {w.casefold() for w in _WORD.findall(title)}
    if not any(len(w) >= SEARCH_WORD for w in words - said) or not _shares_most_words(
        visible, title
    ):
        return None
    if any(visible in text for text in shown):
        return None
    return visible
