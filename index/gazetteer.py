"""The region's people, organisations and places, and their spellings (index/data/gazetteer.toml).

The folding key (index/names.py) merges the transliterations of one form of a
name; the gazetteer knows the forms a key cannot reach: Nur-Sultan and
Tselinograd are Astana, Alma-Ata is Almaty. It is used twice:

- at index time, :func:`mentions` finds the entities a text names (filling a
  document's ``entities`` and ``countries``);
- at query time, :func:`expand_names` adds to a query tree the other
  spellings of the entities it names (a term, or consecutive words such as
  ``Islom Karimov``), so that searching one finds them all; both stores and
  the highlighter compile the expanded tree.

Spellings are compared as sequences of folding keys, so a spelling matches
every transliteration and letter case of itself.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Literal, TypeVar

from index.analysis import fold, words
from index.query import And, Node, Not, Or, Text

Kind = Literal["person", "organisation", "place"]
KINDS: tuple[str, ...] = ("person", "organisation", "place")
Key = tuple[str, ...]
T = TypeVar("T")
#: First loose word of a spelling -> (the spelling's loose words, what it names).
_Index = dict[str, list[tuple[Key, T]]]

#: Russian case endings (as folded), so that "в Астане" and "Казахстана" name their entity.
_CASE_ENDING = re.compile(r"(?:ami|ax|om|oi|ei|ui|iu|ia|a|e|i|u|o)$")
_MIN_STEM = 4


@dataclass(frozen=True)
class Entity:
    name: str  # canonical: the value of the ``entities`` field
    kind: Kind
    country: str | None
    spellings: tuple[str, ...]  # the name first


@dataclass
class Gazetteer:
    entities: tuple[Entity, ...]
    cues: dict[str, tuple[str, ...]]  # country code -> words pointing to it (demonyms)
    by_key: dict[Key, Entity] = field(init=False, repr=False)
    _entity_index: _Index[Entity] = field(init=False, repr=False)
    _cue_index: _Index[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.by_key = {}
        for entity in self.entities:
            for spelling in entity.spellings:
                self.by_key.setdefault(spelling_key(spelling), entity)
        self._entity_index = _index(self.by_key.items())
        cue_keys = {spelling_key(cue): code for code, cues in self.cues.items() for cue in cues}
        self._cue_index = _index(cue_keys.items())


def spelling_key(text: str) -> Key:
    """A spelling as the sequence of its words' folding keys."""
    return tuple(fold(w) for w in words(text))


def _loose(key: str) -> str:
    """A folded word without a Russian case ending, for finding mentions in running text."""
    stem = _CASE_ENDING.sub("", key)
    return stem if len(stem) >= _MIN_STEM else key


def _index(items: Iterable[tuple[Key, T]]) -> _Index[T]:
    """First loose word -> (loose key sequence, value), longest sequences first."""
    out: _Index[T] = {}
    for key, value in items:
        if key:
            loose = tuple(map(_loose, key))
            out.setdefault(loose[0], []).append((loose, value))
    for entries in out.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    return out


@lru_cache(maxsize=4)
def _loose_words(text: str) -> tuple[str, ...]:
    """The text's words as the index looks them up; cached, as one article is scanned for
    entities, countries and demonyms in turn."""
    return tuple(_loose(fold(w)) for w in words(text))


def _scan(text: str, index: _Index[T]) -> list[T]:
    """Values of the longest spellings found in the text, left to right, without overlaps."""
    found = _loose_words(text)
    out: list[T] = []
    i = 0
    while i < len(found):
        for loose, value in index.get(found[i], ()):
            if tuple(found[i : i + len(loose)]) == loose:
                out.append(value)
                i += len(loose)
                break
        else:
            i += 1
    return out


def parse(text: str, origin: str = "gazetteer") -> Gazetteer:
    """A gazetteer from its TOML text; a malformed entry is an error naming it."""
    data = tomllib.loads(text)
    entities: list[Entity] = []
    for n, entry in enumerate(data.get("entity", []), 1):
        name, kind = entry.get("name"), entry.get("kind")
        spellings = entry.get("spellings", [])
        if not isinstance(name, str) or kind not in KINDS or not isinstance(spellings, list):
            raise ValueError(f"{origin}: entity {n}: needs name, kind ({', '.join(KINDS)})")
        ordered = tuple(dict.fromkeys([name, *spellings]))
        entities.append(Entity(name, kind, entry.get("country"), ordered))
    cues = {code: tuple(values) for code, values in data.get("cues", {}).items()}
    return Gazetteer(tuple(entities), cues)


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer shipped with newsindex (read once, on first use)."""
    text = resources.files("index").joinpath("data", "gazetteer.toml").read_text("utf-8")
    return parse(text, "index/data/gazetteer.toml")


def mentions(text: str, gaz: Gazetteer | None = None) -> list[Entity]:
    """The entities a text names, in order of mention (repeats included)."""
    gaz = gaz or gazetteer()
    return _scan(text, gaz._entity_index)


def country_mentions(text: str, gaz: Gazetteer | None = None) -> list[str]:
    """Country codes the text points to: its entities' countries and the demonyms' (repeats
    included)."""
    gaz = gaz or gazetteer()
    codes = [e.country for e in mentions(text, gaz) if e.country and e.kind != "organisation"]
    return codes + _scan(text, gaz._cue_index)


def variants(text: str, gaz: Gazetteer | None = None) -> tuple[str, ...]:
    """The other spellings of the entity a query term names, that its folding key cannot
    find (``Astana`` -> ``Nur-Sultan``, ``Tselinograd`` ...); empty when it names none.
    Parts of the term are left out: ``Nursultan Nazarbayev`` must not widen to any
    ``Nazarbayev``."""
    gaz = gaz or gazetteer()
    key = spelling_key(text)
    entity = gaz.by_key.get(key)
    if entity is None:
        return ()
    seen: list[Key] = [key]
    out: list[str] = []
    for spelling in entity.spellings:
        other = spelling_key(spelling)
        if _contains(key, other):
            continue  # a part of the term (the family name of a full name) would widen it
        if not any(_contains(other, known) for known in seen):
            seen.append(other)
            out.append(spelling)
    return tuple(out)


def _contains(key: Key, part: Key) -> bool:
    """Whether ``part`` occurs in ``key`` as consecutive words (a search for it finds ``key``)."""
    n = len(part)
    return any(key[i : i + n] == part for i in range(len(key) - n + 1))


#: The most words of a spelling looked for among a query's consecutive words.
_MAX_RUN = 6


def expand_names(node: Node) -> Node:
    """The query tree with the other spellings of each name it holds, as alternatives:
    ``Nur-Sultan`` -> ``Nur-Sultan OR Astana OR Tselinograd OR Akmolinsk``. Exact terms
    (``--exact``) are left as written."""
    if isinstance(node, Text):
        return _or_variants(node, node)
    if isinstance(node, Or):
        return Or(tuple(map(expand_names, node.children)))
    if isinstance(node, Not):
        return Not(expand_names(node.child))
    if isinstance(node, And):
        return And(_expand_runs(node.children))
    return node


def _or_variants(node: Node, term: Text) -> Node:
    if term.exact:
        return node
    found = variants(term.text)
    return Or((node, *(Text(v, term.field) for v in found))) if found else node


def _expand_runs(children: tuple[Node, ...]) -> tuple[Node, ...]:
    """AND-ed children, with each run of consecutive words that spells a name expanded whole."""
    out: list[Node] = []
    i = 0
    while i < len(children):
        for size in range(min(_MAX_RUN, len(children) - i), 1, -1):
            run = children[i : i + size]
            if _is_name(run):
                texts = [t for t in run if isinstance(t, Text)]
                joined = Text(" ".join(t.text for t in texts), texts[0].field)
                out.append(_or_variants(And(run), joined))
                i += size
                break
        else:
            out.append(expand_names(children[i]))
            i += 1
    return tuple(out)


def _is_name(run: tuple[Node, ...]) -> bool:
    texts = [t for t in run if isinstance(t, Text) and not t.exact]
    if len(texts) < len(run) or len({t.field for t in texts}) > 1:
        return False
    return spelling_key(" ".join(t.text for t in texts)) in gazetteer().by_key
