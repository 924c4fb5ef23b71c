"""Metadata a page declares: JSON-LD, OpenGraph and meta tags, read from a parsed tree."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from lxml import html as lxml_html

from index.names import name_key

ARTICLE_TYPES = {
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "blogposting",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "report",
    "webpage",
}


@dataclass
class PageMetadata:
    """What the page says about itself, before any judgement."""

    json_ld: dict[str, Any] = field(default_factory=dict)
    meta: dict[str, list[str]] = field(default_factory=dict)
    title_tag: str | None = None
    h1: str | None = None
    canonical: str | None = None
    html_lang: str | None = None
    rel_authors: list[str] = field(default_factory=list)
    time_datetimes: list[str] = field(default_factory=list)

    def first(self, *keys: str) -> str | None:
        for key in keys:
            for value in self.meta.get(key.lower(), []):
                if value.strip():
                    return value.strip()
        return None

    def all(self, key: str) -> list[str]:
        return [v.strip() for v in self.meta.get(key.lower(), []) if v.strip()]


def _walk_json_ld(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, list):
        return [d for item in node for d in _walk_json_ld(item)]
    if not isinstance(node, dict):
        return []
    found = [node]
    if "@graph" in node:
        found.extend(_walk_json_ld(node["@graph"]))
    if isinstance(node.get("mainEntity"), dict):
        found.extend(_walk_json_ld(node["mainEntity"]))
    return found


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type", [])
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds}


def article_json_ld(tree: lxml_html.HtmlElement) -> dict[str, Any]:
    """The page's JSON-LD article object, preferring news types over a plain WebPage."""
    best: dict[str, Any] = {}
    best_rank = 99
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            continue
        for node in _walk_json_ld(data):
            kinds = _types(node) & ARTICLE_TYPES
            if not kinds:
                continue
            rank = 2 if kinds == {"webpage"} else (0 if "newsarticle" in kinds else 1)
            if rank < best_rank:
                best, best_rank = node, rank
    return best


def read_metadata(tree: lxml_html.HtmlElement) -> PageMetadata:
    meta: dict[str, list[str]] = {}
    for el in tree.xpath("//meta[@content]"):
        key = el.get("property") or el.get("name") or el.get("itemprop")
        if key:
            meta.setdefault(key.strip().lower(), []).append(el.get("content", ""))
    for el in tree.xpath("//*[@itemprop and not(self::meta)]"):
        key = el.get("itemprop", "").lower()
        if key in ("datepublished", "datemodified"):
            value = el.get("datetime") or el.get("content") or el.text_content()
            meta.setdefault(key, []).append(value)
    title = tree.findtext(".//title")
    h1 = tree.xpath("string(//h1[1])")
    canonical = tree.xpath('string(//link[@rel="canonical"]/@href)') or None
    lang = tree.get("lang") or tree.xpath("string(//html/@lang)") or None
    rel_authors = [" ".join(a.text_content().split()) for a in tree.xpath('//a[@rel="author"]')]
    times = [t.get("datetime", "") for t in tree.xpath("//time[@datetime]")]
    return PageMetadata(
        json_ld=article_json_ld(tree),
        meta=meta,
        title_tag=" ".join(title.split()) if title else None,
        h1=" ".join(h1.split()) or None,
        canonical=canonical,
        html_lang=lang,
        rel_authors=[a for a in rel_authors if a],
        time_datetimes=[t for t in times if t],
    )


def json_ld_names(value: Any) -> list[str]:
    """Names from a JSON-LD author/publisher value (a string, an object or a list)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        return [name] if isinstance(name, str) else []
    if isinstance(value, list):
        return [n for item in value for n in json_ld_names(item)]
    return []


def json_ld_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list) and value and isinstance(value[0], str):
        return value[0].strip() or None
    if isinstance(value, dict):
        return json_ld_text(value.get("url") or value.get("name"))
    return None


# What separates a headline from the outlet's name in <title> and og:title.
_TITLE_SEPARATOR = re.compile(r"\s+(?:[–—»-]|::)\s+|\s*\|\s*")
_PIPE_LIKE = re.compile(r"^\s*(?:[|»]|::)\s*$")
_WORD = re.compile(r"\w+")


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
    """The headline: the profile's pick, else the page's <h1> when a declared title holds it.

    Declared titles (JSON-LD, og:title, <title>) are cleaned of the outlet's
    name; the <h1> wins when it is most of one of them, as it is the headline
    readers see (declared ones are sometimes shortened for social networks).
    """
    if selected:
        return selected[0]
    h1 = meta.h1
    declared = [
        json_ld_text(meta.json_ld.get("headline")),
        meta.first("og:title", "twitter:title"),
        meta.title_tag,
    ]
    for candidate in declared:
        cleaned = clean_title(candidate, outlets)
        if not cleaned:
            continue
        if h1 and h1 in (candidate or "") and len(h1) >= len(cleaned) * 0.6:
            return h1
        return cleaned
    return h1
