"""The gazetteer: consistent data, mentions in running text, query variants, enrichment."""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from pathlib import Path

import pytest

from crawler.extract import enrich
from index.gazetteer import (
    KINDS,
    expand_names,
    gazetteer,
    mentions,
    parse,
    spelling_key,
    variants,
)
from index.query import And, Or, Text

VARIANTS_FILE = Path(__file__).parent / "data" / "name_variants.toml"
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def test_no_spelling_names_two_entities() -> None:
    owners: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for entity in gazetteer().entities:
        for spelling in entity.spellings:
            owners[spelling_key(spelling)].add(entity.name)
    assert {key: names for key, names in owners.items() if len(names) > 1} == {}


def test_every_entity_has_a_kind_and_a_country_code_or_none() -> None:
    bad = [
        e.name
        for e in gazetteer().entities
        if e.kind not in KINDS or not (e.country is None or re.fullmatch(r"[A-Z]{2}", e.country))
    ]
    assert bad == []


def test_every_entity_is_spelled_in_latin_and_cyrillic() -> None:
    one_script = [
        e.name
        for e in gazetteer().entities
        if len({bool(_CYRILLIC.search(s)) for s in e.spellings}) < 2
    ]
    assert one_script == []


def test_a_malformed_entry_is_an_error_naming_it() -> None:
    with pytest.raises(ValueError, match=r"gaz.toml: entity 1: needs name, kind"):
        parse('[[entity]]\nname = "Astana"\nkind = "city"\n', "gaz.toml")


def test_a_query_term_gets_the_spellings_its_key_cannot_reach() -> None:
    assert variants("Nur-Sultan") == ("Astana", "Tselinograd", "Akmolinsk")
    assert variants("алма-ата") == ("Almaty",)


def test_spellings_the_key_already_finds_are_not_added() -> None:
    assert variants("Toqayev") == ()


def test_a_term_that_names_no_entity_has_no_variants() -> None:
    assert variants("media") == ()


def test_mentions_are_found_in_inflected_russian() -> None:
    text = "Токаеву доложили в Астане о визите в Казахстана регионы"
    assert [e.name for e in mentions(text)] == ["Kassym-Jomart Tokayev", "Astana", "Kazakhstan"]


def test_the_longest_spelling_wins() -> None:
    found = mentions("Дарига Назарбаева встретилась с Назарбаевым")
    assert [e.name for e in found] == ["Dariga Nazarbayeva", "Nursultan Nazarbayev"]


def test_entities_are_named_most_mentioned_first() -> None:
    text = "Qasym-Jomart Toqayev met Sadyr Japarov in Astana. Tokayev said KazTAG was right."
    assert enrich.entities(text) == [
        "Kassym-Jomart Tokayev",
        "Sadyr Japarov",
        "Astana",
        "KazTAG",
    ]


def test_countries_come_from_people_places_and_demonyms() -> None:
    text = "Мирзиёев прилетел в Алматы. Uzbek officials met Kazakh ones in Tashkent."
    assert enrich.countries(text) == ["UZ", "KZ"]


def test_the_evaluation_set_is_large_enough() -> None:
    data = tomllib.loads(VARIANTS_FILE.read_text(encoding="utf-8"))
    groups: dict[str, list[str]] = data["groups"]
    thin = [g for g, spellings in groups.items() if len(set(spellings)) < 3]
    one_script = [
        g
        for g, spellings in groups.items()
        if len({bool(_CYRILLIC.search(s)) for s in spellings}) < 2
    ]
    unknown = [p for p in data["different"] if p["a"] not in groups or p["b"] not in groups]
    assert (len(groups) >= 60, len(data["different"]) >= 20) == (True, True)
    assert (thin, one_script, unknown) == ([], [], [])


def test_consecutive_query_words_that_spell_a_name_get_its_other_spellings() -> None:
    name = And((Text("Islom"), Text("Karimov")))
    query = And((Text("Islom"), Text("Karimov"), Text("visit")))
    assert expand_names(query) == And((Or((name, Text("Islam Karimov"))), Text("visit")))


def test_exact_terms_are_not_expanded() -> None:
    assert expand_names(Text("Astana", exact=True)) == Text("Astana", exact=True)
