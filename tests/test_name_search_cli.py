"""`newsindex search` finds the shared reference article by any spelling of the names it
holds, `--exact` turns that off, and its entities are a facet (also for Kibana)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from crawler.extract import enrich, extract
from crawler.profile import parse_profile_text
from index.document import Document
from index.kibana.objects import saved_objects
from tests.cli import load, run_cli
from tests.conftest import make_store_url, shared_path
from tests.sites.newsportal import SOURCE, SOURCE_NAME, newsportal, profile_toml, reference_article

BASE_URL = "http://127.0.0.1:8080"
#: What the gazetteer finds in the reference article, most mentioned first.
REFERENCE_ENTITIES = [
    ("CPJ", 1),
    ("Kazakhstan", 1),
    ("KazTAG", 1),
    ("Orda.kz", 1),
    ("Radio Azattyq", 1),
    ("Adil Soz", 1),
    ("Kassym-Jomart Tokayev", 1),
]


def reference_document() -> Document:
    """The shared reference article, extracted from a page of the test site built around it."""
    text = shared_path("fixtures", "cpj-kazakhstan-article.txt").read_text(encoding="utf-8")
    article = reference_article(text)
    html = newsportal(text).pages[article.path]
    profile = parse_profile_text(profile_toml(BASE_URL), "dala-news.toml")
    fields = extract(html, BASE_URL + article.path, profile)
    fields.pop("canonical_url", None)
    entities = enrich.entities(f"{fields['title']}\n{fields['body']}")
    return Document(source=SOURCE, source_name=SOURCE_NAME, **{**fields, "entities": entities})


@pytest.fixture(scope="module")
def reference() -> Document:
    return reference_document()


@pytest.fixture(scope="module", params=["sqlite", "elasticsearch"])
def archive(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, reference: Document
) -> Iterator[str]:
    url = make_store_url(request.param, tmp_path_factory.mktemp("reference"), request)
    load(url, [reference])
    yield url


def search(url: str, *args: str) -> dict[str, Any]:
    outcome = run_cli("search", *args, "--store", url, "--json")
    assert (outcome.code, outcome.stderr) == (0, "")
    result: dict[str, Any] = json.loads(outcome.stdout)
    return result


def test_the_reference_article_names_toqayev_not_tokayev(reference: Document) -> None:
    assert ("Qasym-Jomart Toqayev" in reference.body, "Tokayev" in reference.body) == (True, False)


def test_search_tokayev_finds_the_article_that_writes_toqayev(
    archive: str, reference: Document
) -> None:
    result = search(archive, "Tokayev")
    assert [hit["id"] for hit in result["hits"]] == [reference.id]


def test_search_marks_the_spelling_the_article_uses(archive: str, reference: Document) -> None:
    result = search(archive, "Токаев")
    assert "<mark>Toqayev</mark>" in json.dumps(result["highlights"], ensure_ascii=False)


def test_search_the_full_name_in_kazakh_cyrillic_finds_it(
    archive: str, reference: Document
) -> None:
    assert search(archive, "Қасым-Жомарт Тоқаев")["total"] == 1


def test_exact_search_finds_only_the_spelling_as_written(archive: str) -> None:
    totals = [
        search(archive, name, "--exact")["total"] for name in ("Kassym-Jomart", "Qasym-Jomart")
    ]
    assert totals == [0, 1]


def test_the_entities_facet_counts_the_people_outlets_and_places(archive: str) -> None:
    facet = search(archive, "Tokayev", "--facet", "entities")["facets"]["entities"]
    assert sorted((v["value"], v["count"]) for v in facet) == sorted(REFERENCE_ENTITIES)


def test_countries_of_the_reference_article_come_from_the_gazetteer(reference: Document) -> None:
    assert reference.countries == ["KZ"]


def test_elasticsearch_offers_kibana_the_folded_fields_and_the_entities_facet(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, reference: Document
) -> None:
    """Kibana's data view lists the fields Elasticsearch's field capabilities report."""
    from elasticsearch import Elasticsearch

    url = make_store_url("elasticsearch", tmp_path_factory.mktemp("kibana"), request)
    load(url, [reference])
    base, alias = url.rsplit("/", 1)
    client = Elasticsearch(base)
    caps = client.field_caps(index=alias, fields=["entities", "body.folded", "title.folded"])[
        "fields"
    ]
    client.close()
    seen = {name: sorted(caps[name]) for name in caps}
    assert seen == {"entities": ["keyword"], "body.folded": ["text"], "title.folded": ["text"]}
    assert caps["entities"]["keyword"]["aggregatable"] is True
    (view,) = [o for o in saved_objects(alias) if o["type"] == "index-pattern"]
    labels = json.loads(view["attributes"]["fieldAttrs"])
    assert labels["entities"] == {"customLabel": "Entities"}
