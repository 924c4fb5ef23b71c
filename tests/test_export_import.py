"""export and import: lossless, streaming round trips between stores."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.factory import open_store
from tests.cli import run_cli
from tests.conftest import make_store_url
from tests.corpus import CORPUS


def sorted_lines(text: str) -> list[str]:
    return sorted(text.splitlines(), key=lambda line: line[: line.index(",")])


def test_round_trip_sqlite_elasticsearch_sqlite_is_byte_identical(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    first = make_store_url("sqlite", tmp_path / "a", request)
    middle = make_store_url("elasticsearch", tmp_path, request)
    last = make_store_url("sqlite", tmp_path / "b", request)
    store = open_store(first)
    store.ensure_schema()
    store.upsert(CORPUS)
    store.close()

    exported = run_cli("export", "--store", first)
    (tmp_path / "a.jsonl").write_text(exported.stdout, encoding="utf-8")
    imported = run_cli("import", str(tmp_path / "a.jsonl"), "--store", middle)
    again = run_cli("export", "--store", middle)
    back = run_cli("import", "-", "--store", last, stdin=again.stdout)
    final = run_cli("export", "--store", last)

    assert [o.code for o in (exported, imported, again, back, final)] == [0, 0, 0, 0, 0]
    assert len(exported.stdout.splitlines()) == len(CORPUS)
    assert sorted_lines(final.stdout) == sorted_lines(exported.stdout)
    assert final.stdout == exported.stdout  # both stores stream in id order


def test_export_takes_a_query_and_filters(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'news.db'}"
    store = open_store(url)
    store.ensure_schema()
    store.upsert(CORPUS)
    store.close()
    outcome = run_cli("export", "accreditation", "--lang", "en", "--store", url)
    urls = [line.split('"url":"')[1].split('"')[0] for line in outcome.stdout.splitlines()]
    assert sorted(urls) == [
        "https://24.kg/english/parliament-media-law-7",
        "https://www.azattyq.org/a/33000005.html",
    ]


def test_export_reports_progress_on_stderr(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'news.db'}"
    store = open_store(url)
    store.ensure_schema()
    store.upsert(CORPUS)
    store.close()
    outcome = run_cli("export", "--store", url)
    assert outcome.stderr.startswith(f"exported {len(CORPUS)} document(s) (")


def test_import_skips_bad_lines_naming_them_and_fails(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'news.db'}"
    good = CORPUS[0].to_json()
    bad_field = good[:-1] + ',"colour":"red"}'
    outcome = run_cli("import", "-", "--store", url, stdin=f"{good}\nnot json\n{bad_field}\n")
    assert outcome.code == 1
    assert "skipped line 2: Expecting value" in outcome.stderr
    assert "skipped line 3: unknown document field(s): colour" in outcome.stderr
    assert "2 document(s) not imported, 1 imported" in outcome.stderr
    store = open_store(url)
    assert store.count() == 1
    store.close()


def test_import_keeps_the_files_first_seen(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'news.db'}"
    store = open_store(url)
    store.ensure_schema()
    store.upsert([CORPUS[0]])
    older = CORPUS[0].to_json().replace("2024-06-01T00:00:00+00:00", "2020-01-01T00:00:00+00:00")
    assert run_cli("import", "-", "--store", url, stdin=older + "\n").code == 0
    stored = store.get(CORPUS[0].id)
    store.close()
    assert stored is not None
    assert stored.first_seen == "2020-01-01T00:00:00+00:00"
