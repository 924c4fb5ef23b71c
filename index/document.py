"""The one article document shared by the crawler, both stores, the CLI and Kibana.

Every other place that needs the list of fields (the Elasticsearch mapping,
the SQLite columns, the CLI's JSON) derives it from :class:`Document`, so a
field is added in exactly one place.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Literal

FieldKind = Literal["id", "text", "keyword", "keywords", "date", "bool", "int"]


def _f(
    kind: FieldKind,
    default: Any = None,
    *,
    facet: bool = False,
    lookup: bool = False,
    boost: float = 1.0,
) -> Any:
    """A dataclass field tagged with how it is searched, read by the stores' schemas:
    its kind, whether it is a facet or an exact-lookup key, and (text) its weight in ranking."""
    meta = {"kind": kind, "facet": facet, "lookup": facet or lookup, "boost": boost}
    if isinstance(default, list):
        return field(default_factory=list, metadata=meta)
    return field(default=default, metadata=meta)


@dataclass
class Document:
    """A cleaned news article, as stored and as returned by searches."""

    id: str = _f("id", "")
    url: str = _f("id", "")
    source: str = _f("keyword", "", facet=True)
    source_name: str = _f("keyword", "")
    title: str = _f("text", "", boost=3.0)  # title words weigh more than body words
    lead: str | None = _f("text", boost=2.0)
    body: str = _f("text", "")
    authors: list[str] = _f("keywords", [], facet=True)
    published: str | None = _f("date")
    modified: str | None = _f("date")
    language: str = _f("keyword", "", facet=True)
    section: str | None = _f("keyword", facet=True)
    tags: list[str] = _f("keywords", [], facet=True)
    image: str | None = _f("id")
    is_translation: bool = _f("bool", False)
    cited_sources: list[str] = _f("keywords", [], facet=True)
    countries: list[str] = _f("keywords", [], facet=True)
    entities: list[str] = _f("keywords", [], facet=True)  # gazetteer names (index/gazetteer.py)
    word_count: int = _f("int", 0)
    duplicate_of: str | None = _f("id")
    # Near-duplicate lookup keys (LSH bands), indexed for exact lookups.
    fingerprints: list[str] = _f("keywords", [], lookup=True)
    crawled_at: str | None = _f("date")
    first_seen: str | None = _f("date")
    last_seen: str | None = _f("date")
    # Where the page as fetched is kept: a WARC file (relative to the WARC root) and the
    # offset of its response record; None for documents stored before pages were archived.
    warc_file: str | None = _f("id")
    warc_offset: int | None = _f("int")
    # The extraction that made the fields (crawler/extract/version.py), for re-extraction.
    extractor_version: int | None = _f("int")

    def __post_init__(self) -> None:
        if not self.id and self.url:
            self.id = document_id(self.url)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def to_json(self) -> str:
        """One line of the archive's JSON form: stable key order, UTF-8 text."""
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """Build from stored or imported data; unknown keys are an error, not silently lost."""
        unknown = set(data) - FIELD_NAMES
        if unknown:
            raise ValueError(f"unknown document field(s): {', '.join(sorted(unknown))}")
        values: dict[str, Any] = {
            k: (list(v) if isinstance(v, list | tuple) else v) for k, v in data.items()
        }
        return cls(**values)

    @classmethod
    def from_json(cls, line: str) -> Document:
        """One line of the JSON form, checked field by field: ValueError says what is wrong
        (a missing url, a wrong type, text that is not valid Unicode, nesting too deep)."""
        try:
            data = json.loads(line)
        except RecursionError:
            raise ValueError("nested too deeply") from None
        if not isinstance(data, dict):
            raise ValueError("a document must be a JSON object")
        check_fields(data)
        return cls.from_dict(data)


FIELDS: tuple[dataclasses.Field[Any], ...] = dataclasses.fields(Document)
FIELD_NAMES: frozenset[str] = frozenset(f.name for f in FIELDS)


_TYPES: dict[str, type] = {"text": str, "keyword": str, "id": str, "date": str, "bool": bool}


def _problem(kind: str, value: Any) -> str | None:
    if kind == "keywords":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return "expected a list of strings"
        values = value
    elif kind == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            return "expected a whole number"
        return None
    elif not isinstance(value, _TYPES[kind]):
        return f"expected {'true or false' if kind == 'bool' else 'a string'}"
    else:
        values = [value] if isinstance(value, str) else []
    for text in values:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return "not valid Unicode text (a lone surrogate)"
    return None


#: (name, kind, whether None is its default) of each field, in order.
_CHECKS: tuple[tuple[str, str, bool], ...] = tuple(
    (f.name, f.metadata["kind"], f.default is None) for f in FIELDS
)
_STRING_KINDS = frozenset(("text", "keyword", "id", "date"))


def check_fields(data: dict[str, Any]) -> None:
    """ValueError naming the first field of ``data`` that a document cannot hold."""
    unknown = data.keys() - FIELD_NAMES
    if unknown:
        raise ValueError(f"unknown document field(s): {', '.join(sorted(unknown))}")
    if not isinstance(data.get("url"), str) or not data["url"].strip():
        raise ValueError("url: required, a non-empty string")
    for name, kind, none_default in _CHECKS:
        value = data.get(name)
        if value is None and (none_default or name not in data):
            continue
        # Most values are strings of plain text: checked here, without a call per field.
        if type(value) is str and kind in _STRING_KINDS and value.isascii():
            continue
        if problem := _problem(kind, value):
            raise ValueError(f"{name}: {problem}")


def fields_of_kind(*kinds: FieldKind) -> tuple[str, ...]:
    return tuple(f.name for f in FIELDS if f.metadata["kind"] in kinds)


TEXT_FIELDS: tuple[str, ...] = fields_of_kind("text")
FACET_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.metadata["facet"])
#: Keyword fields the stores index for exact lookups: the facets, and keys such as fingerprints.
LOOKUP_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.metadata["lookup"])
LIST_FIELDS: tuple[str, ...] = fields_of_kind("keywords")
DATE_FIELDS: tuple[str, ...] = fields_of_kind("date")
#: How much a match in each text field weighs, on both stores.
TEXT_BOOSTS: dict[str, float] = {
    f.name: f.metadata["boost"] for f in FIELDS if f.name in TEXT_FIELDS
}


def document_id(url: str) -> str:
    """Stable id from the canonical URL, so a re-crawl overwrites instead of duplicating."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]
