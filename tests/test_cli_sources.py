"""`newsindex sources` and `newsindex stats`: what the corpus holds, the same on both stores."""

from __future__ import annotations

import json

import pytest

from tests.cli import run_cli


@pytest.fixture(autouse=True)
def _utc_wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSINDEX_TZ", "UTC")
    monkeypatch.setenv("COLUMNS", "120")


def test_sources_table_has_one_row_per_outlet(corpus: str) -> None:
    out = run_cli("sources", "--store", corpus)
    assert out.code == 0
    assert out.stdout.splitlines() == [
        "SOURCE   SOURCE_NAME    DOCUMENTS  LANGUAGES   FIRST_PUBLISHED   LAST_PUBLISHED"
        "    LAST_CRAWL",
        "24-kg    24.kg          2          en 1, ru 1  2024-03-05 08:00  2024-03-05 08:00"
        "  2024-06-01 00:00",
        "azattyq  Radio Azattyq  2          en 2        2024-02-11 08:00  2024-03-01 07:45"
        "  2024-06-01 00:00",
        "kaztag   KazTAG         2          kk 1, ru 1  2024-02-03 03:15  2024-02-10 06:00"
        "  2024-06-01 00:00",
        "orda-kz  Orda.kz        2          en 1, ru 1  2024-01-14 13:30  2024-01-15 05:00"
        "  2024-06-01 00:00",
    ]


def test_sources_narrow_terminal_shrinks_the_widest_column(
    corpus: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "95")
    lines = run_cli("sources", "--store", corpus).stdout.splitlines()
    assert lines[:3] == [
        "SOURCE   SOURCE_N…  DOCUMENTS  LANGUAGES   FIRST_PUBLISHED   LAST_PUBLISHED    LAST_CRAWL",
        "24-kg    24.kg      2          en 1, ru 1  2024-03-05 08:00  2024-03-05 08:00"
        "  2024-06-01 00:00",
        "azattyq  Radio Az…  2          en 2        2024-02-11 08:00  2024-03-01 07:45"
        "  2024-06-01 00:00",
    ]


def test_sources_csv_keeps_instants_as_stored(corpus: str) -> None:
    out = run_cli("sources", "--store", corpus, "--format", "csv")
    assert out.stdout == (
        "source,source_name,documents,languages,first_published,last_published,last_crawl\n"
        "24-kg,24.kg,2,en; ru,2024-03-05T14:00:00+06:00,2024-03-05T14:00:00+06:00,"
        "2024-06-01T00:00:00+00:00\n"
        "azattyq,Radio Azattyq,2,en,2024-02-11T08:00:00+00:00,2024-03-01T07:45:00+00:00,"
        "2024-06-01T00:00:00+00:00\n"
        "kaztag,KazTAG,2,kk; ru,2024-02-03T09:15:00+06:00,2024-02-10T12:00:00+06:00,"
        "2024-06-01T00:00:00+00:00\n"
        "orda-kz,Orda.kz,2,en; ru,2024-01-14T18:30:00+05:00,2024-01-15T10:00:00+05:00,"
        "2024-06-01T00:00:00+00:00\n"
    )


def test_sources_json_counts_languages(corpus: str) -> None:
    rows = json.loads(run_cli("sources", "--store", corpus, "--json").stdout)
    assert rows[2] == {
        "source": "kaztag",
        "source_name": "KazTAG",
        "documents": 2,
        "languages": {"kk": 1, "ru": 1},
        "first_published": "2024-02-03T09:15:00+06:00",
        "last_published": "2024-02-10T12:00:00+06:00",
        "last_crawl": "2024-06-01T00:00:00+00:00",
    }


def test_stats_table(corpus: str) -> None:
    out = run_cli("stats", "--store", corpus)
    assert out.stdout.splitlines() == [
        f"store:           {corpus}",
        "documents:       8",
        "sources:         4",
        "languages:       en 4, ru 3, kk 1",
        "first_published: 2024-01-14 13:30",
        "last_published:  2024-03-05 08:00",
        "last_crawl:      2024-06-01 00:00",
    ]


def test_stats_tsv(corpus: str) -> None:
    out = run_cli("stats", "--store", corpus, "--format", "tsv")
    assert out.stdout == (
        "store\tdocuments\tsources\tlanguages\tfirst_published\tlast_published\tlast_crawl\n"
        f"{corpus}\t8\t4\ten; ru; kk\t2024-01-14T18:30:00+05:00\t2024-03-05T14:00:00+06:00\t"
        "2024-06-01T00:00:00+00:00\n"
    )


def test_stats_of_an_empty_archive(tmp_path: pytest.TempPathFactory) -> None:
    url = f"sqlite:///{tmp_path}/empty.db"
    assert run_cli("index", "init", "--store", url).code == 0
    out = run_cli("stats", "--store", url, "--json")
    assert json.loads(out.stdout) == {
        "store": url,
        "documents": 0,
        "sources": 0,
        "languages": {},
        "first_published": None,
        "last_published": None,
        "last_crawl": None,
    }
