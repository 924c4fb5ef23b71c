"""The filter flags (``--source``, ``--lang`` ...) as one value, and as query nodes.

Flags become the same tree nodes as the query language's field terms, so
the stores only ever see a tree. Pure: no click here (see options.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from index.query import DateRange, Match, Node, Or, Text, and_all, date_range
from index.querybounds import check_size


@dataclass(frozen=True)
class Filters:
    """The flags that mirror the query language's field terms."""

    sources: tuple[str, ...] = ()
    langs: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    date_from: str | None = None
    date_to: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The filters that are set, for saving (watch) and showing."""
        out: dict[str, Any] = {}
        for name, value in vars(self).items():
            if value:
                out[name] = list(value) if isinstance(value, tuple) else value
        return out

    def describe(self) -> str:
        """The filters as the flags that set them: ``--source=kaztag --from=2024``."""
        flags = []
        for name, value in self.to_dict().items():
            values = value if isinstance(value, list) else [value]
            flags += [f"{FLAGS[name]}={v}" for v in values]
        return " ".join(flags)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Filters:
        values: dict[str, Any] = {
            k: tuple(v) if isinstance(v, list) else v for k, v in data.items()
        }
        return cls(**values)


#: Filter parameter -> its flag.
FLAGS: dict[str, str] = {
    "sources": "--source",
    "langs": "--lang",
    "authors": "--author",
    "sections": "--section",
    "tags": "--tag",
    "countries": "--country",
    "titles": "--title",
    "date_from": "--from",
    "date_to": "--to",
}

#: Flag parameter -> the document field its values match (every value: any of them).
_KEYWORD_FLAGS: dict[str, str] = {
    "sources": "source",
    "langs": "language",
    "authors": "authors",
    "sections": "section",
    "tags": "tags",
    "countries": "countries",
}


def filter_node(filters: Filters) -> Node | None:
    """Flags become the same tree nodes as field terms: OR within a flag, AND across flags."""
    nodes: list[Node | None] = []
    for param, field_name in _KEYWORD_FLAGS.items():
        values: tuple[str, ...] = getattr(filters, param)
        nodes.append(_any_of([Match(field_name, v) for v in values]))
    nodes.append(_any_of([Text(v, "title") for v in filters.titles]))
    if filters.date_from or filters.date_to:
        dates: DateRange = date_range("published", filters.date_from, filters.date_to)
        nodes.append(dates)
    return check_size(and_all(nodes))


def _any_of(nodes: list[Node]) -> Node | None:
    if not nodes:
        return None
    return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))
