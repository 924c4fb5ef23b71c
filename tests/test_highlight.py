"""Which words a snippet marks: the same words the stores matched, found quickly."""

from __future__ import annotations

import random

import pytest

from index.document import Document
from index.highlight import Marker, Terms, highlighter, marked_word_by_word, query_terms
from index.query import parse_query
from search_cli.commands.search import as_written


def terms_as_written(query: str, field: str = "body") -> Terms:
    """The terms of a query run with ``--exact``."""
    node = parse_query(query)
    assert node is not None
    return query_terms(as_written(node), field)


def marked(text: str, query: str, field: str = "body") -> list[str]:
    terms = query_terms(parse_query(query), field)
    return [text[a:b] for a, b in Marker(terms).spans(text)]


def test_a_word_is_marked_in_every_inflected_form() -> None:
    text = "Журналисты пишут. Журналистов не пустили, журналисту отказали."
    assert marked(text, "журналист") == ["Журналисты", "Журналистов", "журналисту"]


def test_a_word_is_not_marked_inside_a_longer_word() -> None:
    assert marked("Oil, oilfield and soil.", "oil") == ["Oil"]


def test_a_phrase_is_marked_as_one_span_across_punctuation_and_lines() -> None:
    text = "Press—\nfreedom matters; press freedom too."
    assert marked(text, '"press freedom"') == ["Press—\nfreedom", "press freedom"]


def test_a_phrase_is_not_marked_when_its_words_are_apart() -> None:
    assert marked("Press and freedom.", '"press freedom"') == []


def test_a_phrase_takes_its_words_before_a_single_word_does() -> None:
    assert marked("Press freedom, press.", '"press freedom" OR press') == [
        "Press freedom",
        "press",
    ]


def test_a_phrase_is_marked_in_another_spelling_of_its_names() -> None:
    assert marked("President Toqayev said.", '"Токаев said"') == ["Toqayev said"]


def test_a_text_whose_lower_case_has_other_offsets_is_marked_at_the_right_place() -> None:
    text = "İstanbul: press freedom."  # "İ".lower() is two characters long
    assert marked(text, '"press freedom"') == ["press freedom"]


def test_the_snippet_comes_from_the_first_field_that_matches() -> None:
    doc = Document(url="https://x.example/1", title="Oil exports", body="Nothing here.")
    assert highlighter(parse_query("oil"))(doc) == "<mark>Oil</mark> exports"


def test_no_query_means_no_snippet() -> None:
    doc = Document(url="https://x.example/1", title="Oil exports")
    assert highlighter(None)(doc) is None


VOCABULARY = [
    "press",
    "freedom",
    "Press-freedom",
    "journalists",
    "журналисты",
    "журналистов",
    "свобода",
    "слова",
    "Свобода,",
    "СЛОВА.",
    "Тоқаев",
    "Токаев",
    "Tokayev",
    "oil",
    "oilfield",
    "нефть",
    "нефти",
    "ёлка",
    "елка",
    "2024",
    "x_y",
]


@pytest.mark.parametrize("seed", range(40))
def test_marks_are_those_of_the_word_by_word_definition(seed: int) -> None:
    rng = random.Random(seed)
    query = rng.choice(
        [
            "press",
            '"press freedom"',
            '"свобода слова" журналист',
            '"press freedom" OR oil',
            "токаев нефть",
            '"oil oilfield"',
            "елка",
        ]
    )
    terms = query_terms(parse_query(query), "body")
    marker = Marker(terms)  # one per search, reused across its hits
    for _ in range(3):
        text = " ".join(rng.choices(VOCABULARY, k=60)) + rng.choice(["", "\n\n", "..."])
        assert marker.spans(text) == marked_word_by_word(text, terms)


def test_one_marker_gives_each_text_its_own_marks() -> None:
    marker = Marker(query_terms(parse_query('"свобода слова" OR журналист'), "body"))
    texts = [
        "Журналисты говорили о свободе слова.",
        "Свобода слова, журналистов нет.",
        "Ничего не найдено.",
        "Свобода слова, журналистов нет.",
    ]
    assert [[t[a:b] for a, b in marker.spans(t)] for t in texts] == [
        ["Журналисты"],
        ["Свобода слова", "журналистов"],
        [],
        ["Свобода слова", "журналистов"],
    ]


def test_an_exact_term_marks_only_the_word_as_written() -> None:
    text = "One journalist, two journalists; ещё and еще."
    assert marked(text, "journalists") == ["journalist", "journalists"]
    assert [text[a:b] for a, b in Marker(terms_as_written("journalists")).spans(text)] == [
        "journalists"
    ]
    assert [text[a:b] for a, b in Marker(terms_as_written("ещё")).spans(text)] == ["ещё"]


def test_an_exact_phrase_marks_only_the_words_as_written() -> None:
    text = "Press freedom, pressed freedoms, PRESS — FREEDOM."
    terms = terms_as_written('"press freedom"')
    assert [text[a:b] for a, b in Marker(terms).spans(text)] == ["Press freedom", "PRESS — FREEDOM"]
    assert marked_word_by_word(text, terms) == Marker(terms).spans(text)
