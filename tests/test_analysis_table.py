"""The analysis rule table (index/data/analysis.toml): read, checked, and what it derives."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import pytest

from index.analysis import fold, folded, stem, stemmed, words
from index.analysis_table import (
    WORD,
    Rule,
    TableError,
    check_pattern,
    check_replacement,
    compositions,
    fold_letters,
    parse,
    table,
)
from index.names import to_latin

TABLE_FILE = Path(__file__).parent.parent / "index" / "data" / "analysis.toml"


def test_a_word_character_is_a_letter_or_a_digit_of_any_script() -> None:
    """Python's [^\\W_] and Java's [\\p{L}\\p{N}] are one class: categories L and N."""
    differ = [
        hex(cp)
        for cp in range(sys.maxunicode + 1)
        if bool(WORD.match(chr(cp))) != (unicodedata.category(chr(cp))[0] in "LN")
    ]
    assert differ == []


@pytest.mark.parametrize(
    "pattern",
    [
        r"\w+",  # ASCII-only in Java, Unicode in Python
        r"\d",
        r"\bov",
        r"\p{L}",  # Java only
        r"(?i)ov",  # flags
        r"(?P<ending>ov)",  # Python only
        r"[a[b]]",  # a nested class in Java, a literal [ in Python
        r"[a-z&&[^e]]",  # an intersection in Java
        r"a*+",  # possessive
        r"ov\Z",
    ],
)
def test_a_pattern_outside_the_common_syntax_is_refused(pattern: str) -> None:
    with pytest.raises(TableError, match="syntax Python and Java share"):
        check_pattern(pattern, "test")


@pytest.mark.parametrize(
    "pattern",
    [
        r"(?<=[aeiouy])(?=(?:j.*[aeiouy])?jev[auis]?$)j(?=[eo])",
        r"([b-df-hj-np-tv-z]|i)\1+",
        r".*[\u0450\u0452-\u052F].*",
        r"(?<![sc])h",
        r"a{2,3}?",
    ],
)
def test_a_pattern_of_the_common_syntax_is_accepted(pattern: str) -> None:
    assert check_pattern(pattern, "test") == pattern


@pytest.mark.parametrize("replacement", [r"\1", "${1}", "a\\b", "$"])
def test_a_replacement_is_literal_text_with_dollar_groups(replacement: str) -> None:
    with pytest.raises(TableError, match="literal text"):
        check_replacement(replacement, "test")


def test_a_dollar_group_is_written_for_python_as_a_group_reference() -> None:
    assert Rule("double", r"(x)\1", "$1-$1").python_replacement() == r"\g<1>-\g<1>"


def test_a_table_missing_a_key_names_it() -> None:
    with pytest.raises(TableError, match=r"table\.toml: missing key 'fold'"):
        parse("[normalise]\n[stem]\n", "table.toml")


def test_a_rule_outside_the_common_syntax_names_the_rule() -> None:
    text = (
        "[normalise]\ncharacters = {}\ncompose_blocks = []\n"
        "[stem]\nkeep_whole = 'x'\nsnowball = []\n"
        "[fold]\nletters = {}\nstrip_blocks = []\nsilent = 'ь'\n"
        "[[fold.rules]]\nname = 'ending'\npattern = '\\w+$'\nreplacement = ''\n"
    )
    with pytest.raises(TableError, match=r"t\.toml: fold\.rules\.ending: '\\\\w\+\$' leaves"):
        parse(text, "t.toml")


def test_every_rule_of_the_project_table_is_in_the_common_syntax() -> None:
    rules = table()
    for rule in (*rules.rules, rules.silent_rule):
        assert check_pattern(rule.pattern, rule.name) == rule.pattern


def test_fold_letters_map_lower_case_letters_to_lower_case_letters() -> None:
    """So the mapping moves no word boundary and needs no lower-casing after it."""
    bad = {
        char: latin
        for char, latin in fold_letters().items()
        if char != char.lower() or latin != latin.lower() or not WORD.fullmatch(char + latin)
    }
    assert bad == {}


def test_letters_of_the_strip_blocks_lose_their_diacritics() -> None:
    assert [fold_letters()[c] for c in "éåőţǆﬁ"] == ["e", "a", "o", "t", "dz", "fi"]


def test_compositions_spell_what_nfc_composes() -> None:
    normalise = table().normalise
    wrong = {
        spelling: composed
        for spelling, composed in compositions().items()
        if normalise.get(c := unicodedata.normalize("NFC", spelling), c) != composed
    }
    assert wrong == {}
    assert compositions()["и\u0306"] == "й"
    assert compositions()["е\u0308"] == "е"  # ё, then normalised


def test_silent_signs_drop_unless_the_word_has_nothing_else() -> None:
    assert [to_latin(w) for w in ("объект", "oʻzbekiston", "ь", "ъь")] == [
        "obekt",
        "ozbekiston",
        "ь",
        "ъь",
    ]


def test_yo_is_written_ye_in_every_analysis() -> None:
    assert words("Ещё") == ["еще"]
    assert stem("ещё") == stem("еще")
    assert fold("ещё") == fold("еще")


def test_dotted_capital_i_lower_cases_to_one_plain_i() -> None:
    assert words("İstanbul") == ["istanbul"]


def test_words_with_letters_russian_lacks_are_kept_whole() -> None:
    assert stem("тілшілерге") == "тілшілерге"
    assert stem("журналистам") == "журналист"


def test_an_override_gives_the_stem_lucene_gives() -> None:
    assert [stem(w) for w in ("added", "adding", "adds")] == ["add", "add", "add"]


def test_a_token_longer_than_the_tables_maximum_is_left_out_of_every_analysis() -> None:
    blob = "Qm" * 20_000  # inline base64, say: one run of 40,000 letters
    text = f"Начало {blob} конец"
    assert words(text) == ["начало", "конец"]
    assert stemmed(text).split() == [stem("начало"), stem("конец")]
    assert folded(text).split() == [fold("начало"), fold("конец")]


def test_the_maximum_counts_utf16_units_as_java_does() -> None:
    longest = table().max_length
    assert words("a" * longest) == ["a" * longest]
    assert words("a" * (longest + 1)) == []
    wide = "\U0001d400" * (longest // 2) + "a"  # letters outside the BMP: two units each
    assert words(wide) == [wide]
    assert words(wide + "\U0001d400") == []  # 129 characters, 257 units


def test_a_maximum_lucene_could_refuse_is_an_error() -> None:
    text = (TABLE_FILE.read_text("utf-8")).replace("max_length = 255", "max_length = 20000")
    with pytest.raises(TableError, match=r"words\.max_length: a number of characters up to 10922"):
        parse(text, "t.toml")
