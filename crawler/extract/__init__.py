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

from lxml import etree
from lxml import html as lxml_html

from crawler.extract import enrich
from crawler.extract.authors import clean_authors
from crawler.extract.dates import iso, parse_date
from crawler.extract.language import detect_language
from crawler.extract.metadata import PageMetadata, json_ld_names, json_ld_text, read_metadata
from crawler.extract.text import (
    algorithmic_text,
    clean_paragraphs,
    selector_text,
    split_paragraphs,
)
from crawler.profile import Profile

_TITLE_SEPARATORS = re.compile(r"\s+[|–—-]\s+|\s+::\s+|\s*»\s*")


class ExtractionError(ValueError):
    """The page cannot be read as HTML at all."""


def parse_html(html: str | bytes) -> lxml_html.HtmlElement:
    try:
        tree = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"not an HTML page: {exc}") from None
    return tree


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


def clean_title(title: str | None, outlet_names: tuple[str, ...]) -> str | None:
    """Drop the outlet suffix (" | Orda.kz") that <title> and og:title carry."""
    if not title:
        return None
    title = " ".join(title.split())
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) > 1:
        names = {n.casefold() for n in outlet_names if n}
        last = parts[-1].casefold()
        if last in names or any(n in last for n in names) or len(parts[-1].split()) <= 2:
            title = title[: title.rfind(parts[-1])].rstrip(" |–—-:»")
    return title or None


def _first(values: list[str] | None) -> str | None:
    return values[0] if values else None


def _normal(text: str | None) -> str | None:
    if text is None:
        return None
    value = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    return " ".join(value.split()) or None


def _title(meta: PageMetadata, selected: list[str], outlets: tuple[str, ...]) -> str | None:
    if selected:
        return selected[0]
    candidates = [
        json_ld_text(meta.json_ld.get("headline")),
        meta.first("og:title", "twitter:title"),
        meta.title_tag,
    ]
    h1 = meta.h1
    for candidate in candidates:
        cleaned = clean_title(candidate, outlets)
        if cleaned:
            if h1 and h1 in (candidate or "") and len(h1) >= len(cleaned) * 0.6:
                return h1
            return cleaned
    return h1


def _dates(
    meta: PageMetadata, selected: list[str], tz: ZoneInfo, now: datetime, url: str
) -> tuple[str | None, str | None]:
    published_candidates = [
        *selected,
        json_ld_text(meta.json_ld.get("datePublished")),
        meta.first("article:published_time", "datepublished", "pubdate", "date", "dc.date"),
        *meta.time_datetimes[:1],
    ]
    published = None
    for value in published_candidates:
        if (parsed := parse_date(value, tz, now)) is not None:
            published = parsed
            break
    if published is None and (m := re.search(r"/(20\d\d)/(\d\d)/(\d\d)/", url)):
        published = datetime(int(m[1]), int(m[2]), int(m[3]), tzinfo=tz)
    modified = None
    for value in (
        json_ld_text(meta.json_ld.get("dateModified")),
        meta.first("article:modified_time", "datemodified", "og:updated_time"),
    ):
        if (parsed := parse_date(value, tz, now)) is not None:
            modified = parsed
            break
    return iso(published), iso(modified)


def extract(
    html: str | bytes,
    url: str,
    profile: Profile | None = None,
    fetched_at: datetime | None = None,
) -> dict[str, Any]:
    """The document fields of one article page (no id, source or crawl times)."""
    tree = parse_html(html)
    meta = read_metadata(tree)
    selectors = profile.selectors if profile else {}
    picked = {key: _select(tree, css) for key, css in selectors.items() if key != "body"}
    outlets = (profile.source_name, profile.name) if profile else ()
    publisher = json_ld_names(meta.json_ld.get("publisher"))
    outlets = (*outlets, *publisher, *(meta.all("og:site_name")))
    tz = profile.tz if profile else ZoneInfo("UTC")
    now = fetched_at or datetime.now(UTC)

    if "body" in selectors:
        raw_text = selector_text(tree, selectors["body"])
    else:
        article_body = json_ld_text(meta.json_ld.get("articleBody"))
        raw_text = article_body if article_body and len(article_body) > 400 else ""
        if not raw_text:
            raw_text = algorithmic_text(tree, url)
    paragraphs, byline_authors = clean_paragraphs(split_paragraphs(raw_text))
    paragraphs = [p for p in (_normal(p) for p in paragraphs) if p]
    body = "\n\n".join(paragraphs)

    author_candidates = picked.get("authors") or [
        *json_ld_names(meta.json_ld.get("author")),
        *[a for a in meta.all("author") + meta.all("article:author") if "://" not in a],
        *meta.rel_authors,
    ]
    authors = clean_authors([*author_candidates, *byline_authors], outlets)

    title = _normal(_title(meta, picked.get("title", []), outlets))
    lead = _normal(
        _first(picked.get("lead"))
        or json_ld_text(meta.json_ld.get("description"))
        or meta.first("og:description", "description", "twitter:description")
    )
    published, modified = _dates(meta, picked.get("published", []), tz, now, url)
    if "modified" in picked:
        modified = iso(parse_date(picked["modified"][0], tz, now)) or modified

    declared = meta.html_lang or (profile.languages[0] if profile and profile.languages else None)
    language = detect_language(f"{title or ''}\n{body}", declared)
    section = (
        _first(picked.get("section"))
        or json_ld_text(meta.json_ld.get("articleSection"))
        or meta.first("article:section")
    )
    tags = picked.get("tags") or meta.all("article:tag")
    if not tags and (keywords := meta.first("keywords", "news_keywords")):
        tags = [k.strip() for k in keywords.split(",")]
    image = json_ld_text(meta.json_ld.get("image")) or meta.first("og:image", "twitter:image")
    full_text = f"{title or ''}\n{body}"
    page_text = " ".join(tree.text_content().split())
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
        "word_count": len(re.findall(r"\w+", body)),
    }
