"""Name search on both stores: every spelling of a name finds every article naming it, in any
script, and nothing about a different person or place (tests/data/name_variants.toml)."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from index.document import Document
from index.factory import open_store
from index.query import SearchRequest, parse_query
from tests.conftest import make_store_url

VARIANTS_FILE = Path(__file__).parent / "data" / "name_variants.toml"
DATA = tomllib.loads(VARIANTS_FILE.read_text(encoding="utf-8"))
GROUPS: dict[str, list[str]] = DATA["groups"]
PAIRS: list[tuple[str, str]] = [(p["a"], p["b"]) for p in DATA["different"]]


def article(group: str, n: int, spelling: str) -> Document:
    """A short article naming one spelling, its other words in the spelling's script."""
    cyrillic = any("\u0400" <= c <= "\u04ff" for c in spelling)
    title, body = (
        ("Сообщение", f"Сегодня {spelling} упоминается в этой заметке.")
        if cyrillic
        else ("Report", f"Today {spelling} is mentioned in this note.")
    )
    return Document(url=f"https://example.kz/{group}/{n}", source="eval", title=title, body=body)


@dataclass(frozen=True)
class Evaluation:
    """For every spelling used as a query: the groups of the articles it found."""

    owner: dict[str, str]  # article id -> group
    found: dict[tuple[str, str], list[str]]  # (group, spelling) -> groups of the hits

    def recall(self) -> float:
        relevant = sum(len(GROUPS[g]) for g, _ in self.found)
        hits = sum(hits.count(g) for (g, _), hits in self.found.items())
        return hits / relevant

    def precision(self) -> float:
        retrieved = sum(len(hits) for hits in self.found.values())
        hits = sum(hits.count(g) for (g, _), hits in self.found.items())
        return hits / retrieved


@pytest.fixture(scope="module", params=["sqlite", "elasticsearch"])
def evaluation(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Evaluation]:
    url = make_store_url(request.param, tmp_path_factory.mktemp("names"), request)
    documents = [
        article(group, n, spelling)
        for group, spellings in GROUPS.items()
        for n, spelling in enumerate(spellings)
    ]
    owner = {doc.id: doc.url.split("/")[3] for doc in documents}
    store = open_store(url)
    store.ensure_schema()
    store.upsert(documents)
    store.refresh()
    total = len(documents)
    found = {
        (group, spelling): [
            owner[hit.document.id]
            for hit in store.search(
                SearchRequest(parse_query(spelling), limit=total, highlight=False)
            ).hits
        ]
        for group, spellings in GROUPS.items()
        for spelling in spellings
    }
    store.close()
    yield Evaluation(owner, found)


def test_every_spelling_finds_every_article_of_its_group(evaluation: Evaluation) -> None:
    missed = {
        spelling: f"{hits.count(group)} of {len(GROUPS[group])}"
        for (group, spelling), hits in evaluation.found.items()
        if hits.count(group) < len(GROUPS[group])
    }
    print(f"\nname search recall: {evaluation.recall():.4f} over {len(evaluation.found)} queries")
    assert missed == {}
    assert evaluation.recall() == 1.0


def test_spellings_find_almost_nothing_of_other_groups(evaluation: Evaluation) -> None:
    print(f"\nname search precision: {evaluation.precision():.4f}")
    assert evaluation.precision() >= 0.98


def test_similar_names_of_different_entities_never_match(evaluation: Evaluation) -> None:
    crossed = [
        (group, spelling, other)
        for a, b in PAIRS
        for group, other in ((a, b), (b, a))
        for spelling in GROUPS[group]
        if other in evaluation.found[(group, spelling)]
    ]
    assert crossed == []
