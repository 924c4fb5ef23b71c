"""The query language parser: the tree each query becomes, and its one-line errors."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from index.errors import QueryError
from index.query import And, DateRange, Match, Not, Or, Text, parse_query


def test_words_must_all_match() -> None:
    assert parse_query("cyber attacks") == And((Text("cyber"), Text("attacks")))


def test_a_quoted_phrase_is_one_term() -> None:
    assert parse_query('"press freedom"') == Text("press freedom")


def test_or_binds_looser_than_and() -> None:
    assert parse_query("a b OR c") == Or((And((Text("a"), Text("b"))), Text("c")))


def test_parentheses_group() -> None:
    assert parse_query("(oil OR gas) kz") == And((Or((Text("oil"), Text("gas"))), Text("kz")))


def test_minus_excludes_a_word_a_phrase_or_a_group() -> None:
    assert parse_query('media -sport -"press release" -(a OR b)') == And(
        (
            Text("media"),
            Not(Text("sport")),
            Not(Text("press release")),
            Not(Or((Text("a"), Text("b")))),
        )
    )


def test_a_hyphen_inside_a_word_is_part_of_it() -> None:
    assert parse_query("DDoS-атакам") == Text("DDoS-атакам")


def test_text_fields_and_keyword_fields() -> None:
    assert parse_query('title:law author:"Alina Yesenalina" lang:ru') == And(
        (Text("law", "title"), Match("authors", "Alina Yesenalina"), Match("language", "ru"))
    )


def test_a_closed_date_range_includes_its_last_day() -> None:
    assert parse_query("published:2023-01-01..2023-06-30") == DateRange(
        "published", datetime(2023, 1, 1, tzinfo=UTC), datetime(2023, 7, 1, tzinfo=UTC)
    )


def test_a_month_is_the_whole_month() -> None:
    assert parse_query("published:2024-02") == DateRange(
        "published", datetime(2024, 2, 1, tzinfo=UTC), datetime(2024, 3, 1, tzinfo=UTC)
    )


def test_open_date_ranges() -> None:
    assert parse_query("published:>=2024-01") == DateRange(
        "published", gte=datetime(2024, 1, 1, tzinfo=UTC)
    )
    assert parse_query("published:<2025") == DateRange(
        "published", lt=datetime(2025, 1, 1, tzinfo=UTC)
    )


def test_a_colon_after_an_unknown_word_followed_by_space_is_text() -> None:
    assert parse_query("note: 10:30") == And((Text("note:"), Text("10:30")))


def test_the_empty_query_matches_everything() -> None:
    assert parse_query("   ") is None


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('media "law', 'unclosed quote at position 7 (close the phrase with ")'),
        ("(oil OR gas", "unclosed '(' at position 1 (add a ')')"),
        ("oil)", "unexpected ')' at position 4 (remove it or open a '(' before)"),
        ("oil OR", 'OR needs a term on both sides at position 5 (write a word, a "phrase" or '
                   "field:value)"),
        ("OR gas", 'OR needs a term on both sides at position 1 (write a word, a "phrase" or '
                   "field:value)"),
        ("a AND", 'AND needs a term on both sides at position 3 (write a word, a "phrase" or '
                  "field:value)"),
        ("media -", "nothing to exclude after '-' at position 7 (write -word or -\"a phrase\")"),
        ("()", "empty parentheses at position 1 (put a term inside or remove them)"),
        ("title: law", "no value after 'title:' at position 1 (write title:value)"),
        ("titel:law", "unknown field 'titel' at position 1 (did you mean 'title:'? fields: "
                      "title, lead, body, source, author, lang, section, tag, country, cited, "
                      "entity, published)"),
        ("published:2024-13", "invalid date '2024-13' at position 1 "
                              "(use YYYY, YYYY-MM, YYYY-MM-DD or ISO 8601)"),
        ("published:2025..2024", "empty date range 2025..2024 at position 1 "
                                 "(the start must come first)"),
        ("!!!", "nothing searchable in '!!!' at position 1 (use letters or digits)"),
    ],
)  # fmt: skip
def test_malformed_queries_point_at_the_position_with_a_hint(query: str, message: str) -> None:
    with pytest.raises(QueryError) as caught:
        parse_query(query)
    assert str(caught.value) == message
