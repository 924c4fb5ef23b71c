"""Character maps run as Elasticsearch's ``mapping`` char filter runs them, and composed
into one map that writes in one pass what two or three write in a row."""

from __future__ import annotations

import random

import pytest

from index.analysis_es import folding_chars, normalising_chars
from index.analysis_table import (
    compositions,
    fold_letters,
    normalising,
    replacements,
    upper_case_variants,
)
from index.charmaps import apply, compose, then_each, writer


def test_the_longest_key_is_replaced_and_what_is_written_is_never_read_again() -> None:
    mapping = {"a": "b", "ab": "x", "b": "a"}
    assert apply(mapping, "aab") == "bx"
    assert apply(mapping, "ba") == "ab"


def test_a_key_of_the_second_map_spelled_by_the_first_is_composed() -> None:
    first = {"\u0341": "\u0301"}  # the combining acute NFC writes otherwise
    then = {"e\u0301": "é"}
    assert apply(compose(first, then), "e\u0341") == "é"


def test_a_key_ending_inside_what_the_first_map_writes_keeps_the_rest() -> None:
    first = {"\u0344": "\u0308\u0301"}
    then = {"a\u0308": "ä"}
    assert apply(compose(first, then), "a\u0344") == "ä\u0301"


def test_a_first_map_of_longer_keys_is_refused() -> None:
    with pytest.raises(ValueError, match="single characters"):
        compose({"ab": "c"}, {})


def test_letters_after_a_map_rewrite_its_values_and_the_characters_it_leaves() -> None:
    assert apply(then_each({"ё": "е"}, {"е": "e", "ж": "zh"}), "ёж") == "ezh"


def samples(keys: list[str], n: int) -> list[str]:
    """Texts of keys and of their characters, side by side: where greedy matches meet."""
    rng = random.Random(11)
    chars = sorted({c for key in keys for c in key}) + list("aeo ")
    return [
        "".join(rng.choice(keys) if rng.random() < 0.5 else rng.choice(chars) for _ in range(4))
        for _ in range(n)
    ]


@pytest.mark.parametrize("written", [False, True], ids=["normalise", "written"])
def test_the_composed_normalisation_writes_what_the_two_filters_wrote(written: bool) -> None:
    nfc = replacements(written=written)
    normalise = {**compositions(written=written), **normalising(written=written)}
    composed = normalising_chars(written=written)
    one, first, then = writer(composed), writer(nfc), writer(normalise)
    texts = list(composed) + samples([*composed, *normalise], 30_000)
    differ = [t for t in texts if one(t) != then(first(t))]
    assert differ == []


def test_the_composed_folding_writes_what_the_three_filters_wrote() -> None:
    nfc, normalise = replacements(), {**compositions(), **normalising()}
    letters = fold_letters()
    latin = {**letters, **upper_case_variants(tuple(letters.items()))}
    composed = folding_chars()
    one, first, then, last = writer(composed), writer(nfc), writer(normalise), writer(latin)
    texts = list(composed) + samples([*composed, *normalise], 30_000)
    differ = [t for t in texts if one(t) != last(then(first(t)))]
    assert differ == []
