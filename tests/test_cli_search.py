"""`newsindex search` in every output format, with the same answers on both stores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli import run_cli

ORDA_CPJ = "54d17fc1062b72aa5d58a13132924cce"
AZ_OIL = "abeb353bbe34f330350945de8d6d9436"
KG_LAW = "24abccbaac8b93b3813c634973de11d7"
KAZTAG_LAW = "f2386fb8d81c524e56ae8c66bd9c936c"


@pytest.fixture(autouse=True)
def _utc_80_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSINDEX_TZ", "UTC")
    monkeypatch.setenv("COLUMNS", "80")


def test_table_shows_date_source_title_url_and_snippet(corpus: str) -> None:
    out = run_cli("search", "media", "--store", corpus, "--sort", "date")
    assert out.code == 0
    assert out.stdout.splitlines() == [
        "2 article(s), showing 1-2",
        "",
        "2024-01-15 05:00  orda-kz        CPJ calls on Kazakhstan to investigate cyber a…",
        "                  https://orda.kz/cpj-calls-investigation-1",
        "                  Independent media in Kazakhstan faced DDoS attacks. The commi…",
        "",
        "2024-03-05 08:00  24-kg          Kyrgyz parliament debates a new media law",
        "                  https://24.kg/english/parliament-media-law-7",
        "                  The parliament of Kyrgyzstan debated the media law on Tuesday…",
    ]


def test_table_counts_facets(corpus: str) -> None:
    out = run_cli("search", "lang:ru", "--store", corpus, "--limit", "0", "--facet", "source")
    assert out.stdout.splitlines() == [
        "3 article(s), showing 0",
        "",
        "source:",
        "       1  24-kg",
        "       1  kaztag",
        "       1  orda-kz",
    ]


def test_table_shows_dates_in_the_readers_time_zone(
    corpus: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSINDEX_TZ", "Asia/Bishkek")
    out = run_cli("search", "oil", "--store", corpus, "--fields", "published,title")
    assert out.stdout.splitlines() == [
        "PUBLISHED         TITLE",
        "2024-03-01 13:45  Oil exports through the Caspian pipeline resume",
    ]


def test_color_always_styles_titles_and_matches(corpus: str) -> None:
    out = run_cli("search", "закон", "--store", corpus, "--color", "always")
    assert out.stdout.splitlines() == [
        "1 article(s), showing 1-1",
        "",
        "\x1b[2m2024-02-03 03:15\x1b[0m  kaztag         "
        "\x1b[1mПарламент принял закон о средствах массовой ин…\x1b[0m",
        "                  \x1b[2mhttps://kaztag.kz/ru/news/parlament-zakon-3\x1b[0m",
        "                  Мажилис одобрил новый \x1b[33m\x1b[1mзакон\x1b[0m "
        "о СМИ во втором чтении. Журналист…",
    ]


def test_no_color_wins_over_a_color_config_but_not_over_the_flag(
    corpus: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = Path(run_cli("config", "path").stdout.strip())
    config.parent.mkdir(parents=True)
    config.write_text('color = "always"\n')
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run_cli("search", "oil", "--store", corpus).stdout
    monkeypatch.delenv("NO_COLOR")
    assert "\x1b[1mOil exports" in run_cli("search", "oil", "--store", corpus).stdout
    monkeypatch.setenv("NO_COLOR", "1")
    flagged = run_cli("search", "oil", "--store", corpus, "--color", "always")
    assert "\x1b[1mOil exports" in flagged.stdout


def test_json_is_total_hits_highlights_and_facets(corpus: str) -> None:
    out = run_cli(
        "search",
        "закон",
        "--store",
        corpus,
        "--json",
        "--fields",
        "source,title",
        "--facet",
        "tags",
    )
    assert json.loads(out.stdout) == {
        "total": 1,
        "hits": [
            {"source": "kaztag", "title": "Парламент принял закон о средствах массовой информации"}
        ],
        "highlights": {
            KAZTAG_LAW: "Мажилис одобрил новый <mark>закон</mark> о СМИ во втором чтении. "
            "Журналисты критикуют <mark>закон</mark> за аккредитацию."
        },
        "facets": {"tags": [{"value": "СМИ", "count": 1}, {"value": "закон", "count": 1}]},
    }


def test_format_json_is_the_same_as_the_json_flag(corpus: str) -> None:
    long = run_cli("search", "oil", "--store", corpus, "--format", "json")
    short = run_cli("search", "oil", "--store", corpus, "--json")
    assert long.stdout == short.stdout
    assert json.loads(long.stdout)["hits"][0]["id"] == AZ_OIL


def test_jsonl_prints_one_document_a_line(corpus: str) -> None:
    out = run_cli(
        "search", "закон OR oil", "--store", corpus, "--sort", "date", "--format", "jsonl",
        "--fields", "source,title,tags",
    )  # fmt: skip
    assert out.stdout == (
        '{"source": "kaztag", "title": "Парламент принял закон о средствах массовой информации", '
        '"tags": ["закон", "СМИ"]}\n'
        '{"source": "azattyq", "title": "Oil exports through the Caspian pipeline resume", '
        '"tags": ["oil"]}\n'
    )


def test_jsonl_without_fields_prints_whole_documents(corpus: str) -> None:
    out = run_cli("search", "oil", "--store", corpus, "--format", "jsonl")
    (line,) = out.stdout.splitlines()
    doc = json.loads(line)
    assert doc["id"] == AZ_OIL
    assert doc["body"].startswith("Oil exports resumed after repairs")


def test_csv_joins_lists_and_leaves_missing_values_empty(corpus: str) -> None:
    out = run_cli(
        "search", "lang:en", "--store", corpus, "--sort", "date", "--format", "csv",
        "--fields", "published,source,title,authors,countries",
    )  # fmt: skip
    assert out.stdout == (
        "published,source,title,authors,countries\n"
        "2024-01-15T10:00:00+05:00,orda-kz,"
        "CPJ calls on Kazakhstan to investigate cyber attacks on media,Alina Yesenalina,KZ\n"
        "2024-02-11T08:00:00+00:00,azattyq,"
        "Foreign ministry denies accreditation to Azattyq journalists,John Smith,KZ\n"
        "2024-03-01T07:45:00+00:00,azattyq,"
        "Oil exports through the Caspian pipeline resume,,KZ; RU\n"
        "2024-03-05T14:00:00+06:00,24-kg,Kyrgyz parliament debates a new media law,"
        "Aida Dzhaparova,KG\n"
    )


def test_tsv_has_default_columns_and_pages(corpus: str) -> None:
    out = run_cli(
        "search", "lang:en", "--store", corpus, "--sort", "date", "--format", "tsv",
        "--limit", "2", "--page", "2",
    )  # fmt: skip
    assert out.stdout == (
        "id\tpublished\tsource\tlanguage\ttitle\turl\n"
        f"{AZ_OIL}\t2024-03-01T07:45:00+00:00\tazattyq\ten\t"
        "Oil exports through the Caspian pipeline resume\thttps://www.azattyq.org/a/33000006.html\n"
        f"{KG_LAW}\t2024-03-05T14:00:00+06:00\t24-kg\ten\t"
        "Kyrgyz parliament debates a new media law\thttps://24.kg/english/parliament-media-law-7\n"
    )


def test_tsv_flattens_line_breaks_inside_values(corpus: str) -> None:
    out = run_cli("search", "oil", "--store", corpus, "--format", "tsv", "--fields", "id,body")
    assert out.stdout.splitlines() == [
        "id\tbody",
        f"{AZ_OIL}\tOil exports resumed after repairs at the terminal.  "
        "Kazakhstan said alternative routes were also available, through Türkiye.",
    ]


def test_flags_mirror_field_terms(corpus: str) -> None:
    flags = run_cli(
        "search", "", "--store", corpus, "--country", "kg", "--section", "politics",
        "--format", "jsonl", "--fields", "id",
    )  # fmt: skip
    terms = run_cli(
        "search", "country:kg section:politics", "--store", corpus, "--format", "jsonl",
        "--fields", "id",
    )  # fmt: skip
    assert flags.stdout == terms.stdout == f'{{"id": "{KG_LAW}"}}\n'


def test_a_flag_given_twice_accepts_either_value(corpus: str) -> None:
    out = run_cli(
        "search", "", "--store", corpus, "--tag", "oil", "--tag", "media law", "--sort", "date",
        "--format", "csv", "--fields", "id",
    )  # fmt: skip
    assert out.stdout == f"id\n{AZ_OIL}\n{KG_LAW}\n"


def test_title_flag_searches_the_title_only(corpus: str) -> None:
    out = run_cli(
        "search", "", "--store", corpus, "--title", "media", "--sort", "date", "--format", "csv",
        "--fields", "id",
    )  # fmt: skip
    assert out.stdout == f"id\n{ORDA_CPJ}\n{KG_LAW}\n"


def test_unknown_field_in_fields_is_a_usage_error(corpus: str) -> None:
    out = run_cli("search", "oil", "--store", corpus, "--fields", "title,colour")
    assert out.code == 2
    assert out.stderr.startswith("newsindex: error: unknown field(s) in --fields: colour (fields: ")
