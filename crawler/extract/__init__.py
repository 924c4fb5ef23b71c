"""Turn one fetched page into the fields of a document.

Pure functions, no Scrapy: ``newsindex extract`` and the tests call
:func:`extract` directly. What the page declares (JSON-LD, meta tags) is
used first, the profile's selectors override it, and a main-text algorithm
fills in what is left.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from lxml import html as lxml_html

import crawler.extract.enrich as enrich
import crawler.extract.jsonld as jsonld
from crawler.extract.bylines import declared, page_authors
from crawler.extract.dates import iso, parse_date
from crawler.extract.language import detect_language
from crawler.extract.layout import Layout
from crawler.extract.metadata import (
    choose_title,
    headlines,
    outlet_keys,
    read_metadata,
    unseen_headline,
)
from crawler.extract.pagedates import page_dates
from crawler.extract.parse import ExtractionError, decode_html, parse_html
from crawler.extract.text import (
    article_paragraphs,
    clean_paragraphs,
    drop_headline,
    selector_text,
    split_paragraphs,
)
from crawler.profile import Profile

__all__ = ["ExtractionError", "extract", "parse_html"]


def _select(tree: lxml_html.HtmlElement, css: str) -> list[str]:
    """Values a profile selector picks: text, or an attribute with Scrapy's ``::attr(x)``."""
    attr = None
    if m := re.search(r"::attr\(([\w:-]+)\)\s*$", css):
        attr, css = m[1], css[: m.start()]
    css = re.sub(r"::text\s*$", "", css)
    out = []
    for el in tree.cssselect(css):
        value = el.get(attr, "") if attr else el.text_content()
        value = " ".join(value.split())
        if value:
            out.append(value)
    return out


def _first(values: list[str] | None) -> str | None:
    return values[0] if values else None


def _normal(text: str | None) -> str | None:
    if text is None:
        return None
    value = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    return " ".join(value.split()) or None


def extract(
    html: str | bytes,
    url: str,
    profile: Profile | None = None,
    fetched_at: datetime | None = None,
) -> dict[str, Any]:
    """The document fields of one article page (no id, source or crawl times).

    ``html`` as bytes is decoded the way the crawler decodes responses.
    """
    if isinstance(html, bytes):
        html = decode_html(html)
    tree = parse_html(html)
    meta = read_metadata(tree)
    selectors = profile.selectors if profile else {}
    picked = {key: _select(tree, css) for key, css in selectors.items() if key != "body"}
    outlets = (profile.source_name, profile.name) if profile else ()
    publisher = jsonld.names(meta.json_ld.get("publisher"))
    outlets = (*outlets, *publisher, *(meta.all("og:site_name")))
    tz = profile.tz if profile else ZoneInfo("UTC")
    now = fetched_at or datetime.now(UTC)

    title = _normal(choose_title(meta, outlet_keys(outlets, url), picked.get("title", [])))
    page = Layout.of(tree, title)
    declared_lang = meta.html_lang or (
        profile.languages[0] if profile and profile.languages else None
    )
    heading = _normal(page.heading.text_content()) if page.heading is not None else None
    shown = headlines(title, heading)
    declared_authors = declared(meta, outlets)
    known = [*picked.get("authors", []), *declared_authors]
    if "body" in selectors:
        paragraphs = split_paragraphs(selector_text(tree, selectors["body"]))
        paragraphs, byline_authors = clean_paragraphs(drop_headline(paragraphs, shown), known)
    else:
        declared_body = jsonld.text(meta.json_ld.get("articleBody"))
        paragraphs, byline_authors = article_paragraphs(
            html, tree, url, shown, declared_body, known
        )
    paragraphs = [p for p in (_normal(p) for p in paragraphs) if p]
    lead = _normal(
        _first(picked.get("lead"))
        or jsonld.text(meta.json_ld.get("description"))
        or meta.first("og:description", "description", "twitter:description")
    )
    if unseen := unseen_headline(title, heading, [lead or "", *paragraphs]):
        paragraphs.insert(0, unseen)
    body = "\n\n".join(paragraphs)

    authors = page_authors(
        page, declared_authors, outlets, picked.get("authors", []), byline_authors
    )

    language = detect_language(f"{title or ''}\n{body}", declared_lang)
    dates = page_dates(page, meta, picked.get("published", []), tz, now, url, language, html)
    published, modified = iso(dates[0]), iso(dates[1])
    if "modified" in picked:
        modified = iso(parse_date(picked["modified"][0], tz, now)) or modified

    section = (
        _first(picked.get("section"))
        or jsonld.text(meta.json_ld.get("articleSection"))
        or meta.first("article:section")
    )
    tags = picked.get("tags") or meta.all("article:tag")
    if not tags and (keywords := meta.first("keywords", "news_keywords")):
        tags = [k.strip() for k in keywords.split(",")]
    image = jsonld.text(meta.json_ld.get("image")) or meta.first("og:image", "twitter:image")
    full_text = f"{title or ''}\n{body}"
    page_text = " ".join(page.root.text_content().split())  # the article's block: its disclaimer
    own = (profile.source_name,) if profile else ()
    return {
        "url": url,
        "canonical_url": meta.canonical,
        "title": title or "",
        "lead": lead,
        "body": body,
        "authors": authors,
        "published": published,
        "modified": modified,
        "language": language,
        "section": _normal(section),
        "tags": list(dict.fromkeys(t for t in (_normal(t) for t in tags) if t)),
        "image": image,
        "is_translation": enrich.is_translation(page_text),
        "cited_sources": enrich.cited_sources(full_text, own),
        "countries": enrich.countries(full_text),
        "entities": enrich.entities(full_text),
        "word_count": enrich.word_count(body),
    }
