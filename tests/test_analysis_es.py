"""The generated Elasticsearch analysis settings: stock components only, one analyzer per kind."""

from __future__ import annotations

import json

from index.analysis_es import ANALYZERS, analysis_settings, analyzer

#: analysis-common's component types the generator may use (the test plugin registers
#: exactly these), and the filters every distribution has built in.
STOCK_TYPES = {"mapping", "pattern", "pattern_replace", "keyword_marker", "stemmer_override"}
STOCK_TYPES |= {"snowball", "length"}
BUILT_IN_FILTERS = {"lowercase"}


def test_every_component_is_a_stock_analysis_common_one() -> None:
    settings = analysis_settings()
    types = {
        component["type"]
        for group in ("char_filter", "tokenizer", "filter")
        for component in settings[group].values()
    }
    assert types <= STOCK_TYPES


def test_no_component_needs_a_script() -> None:
    text = json.dumps(analysis_settings())
    assert "script" not in text
    assert '"condition"' not in text and "predicate_token_filter" not in text


def test_every_analyzer_names_only_components_it_defines_or_built_ins() -> None:
    settings = analysis_settings()
    for name, definition in settings["analyzer"].items():
        assert definition["type"] == "custom", name
        assert definition["tokenizer"] in settings["tokenizer"]
        assert set(definition["char_filter"]) <= settings["char_filter"].keys()
        assert set(definition["filter"]) <= settings["filter"].keys() | BUILT_IN_FILTERS


def test_each_kind_of_subfield_has_its_analyzer() -> None:
    assert {kind: analyzer(kind) for kind in ANALYZERS} == {
        "written": "newsindex_written",
        "words": "newsindex_words",
        "stemmed": "newsindex_stemmed",
        "folded": "newsindex_folded",
    }
    assert set(ANALYZERS.values()) == analysis_settings()["analyzer"].keys()


def test_russian_stems_before_english_and_kept_words_are_marked_first() -> None:
    filters = analysis_settings()["analyzer"]["newsindex_stemmed"]["filter"]
    assert filters == [
        "lowercase",
        "newsindex_keep_whole",
        "newsindex_stem_overrides",
        "newsindex_snowball_russian",
        "newsindex_snowball_english",
        "newsindex_max_length",
    ]


def test_the_variant_rules_run_in_the_tables_order_after_the_silent_signs() -> None:
    filters = analysis_settings()["analyzer"]["newsindex_folded"]["filter"]
    assert filters[:3] == ["lowercase", "newsindex_fold_silent", "newsindex_fold_slavic_j"]
    assert filters[-2] == "newsindex_fold_family_ending"


def test_every_analyzer_leaves_out_overlong_tokens_last() -> None:
    settings = analysis_settings()
    assert settings["filter"]["newsindex_max_length"] == {"type": "length", "max": 255}
    for name, definition in settings["analyzer"].items():
        assert definition["filter"][-1] == "newsindex_max_length", name
