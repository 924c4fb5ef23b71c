"""What Kibana finds: the fields its data view lists and the searches Discover sends, on a real
node, with no newsindex code between them and the index.

Kibana cannot run here, so the requests are built as Kibana 9 builds them
(kbn-es-query): a KQL free-text term (no field) becomes a ``multi_match`` with
no fields, ``lenient``, over the index's default fields; KQL wraps it with the
time filter in a ``bool`` ``filter``; Discover asks for every field highlighted
with its own tags. The field list is what ``_field_caps`` reports.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from elasticsearch import Elasticsearch

from index.document import Document
from index.factory import open_store
from index.kibana.objects import saved_objects
from tests.conftest import make_store_url
from tests.corpus import CORPUS

DISCOVER_TAGS = ("@kibana-highlighted-field@", "@/kibana-highlighted-field@")
RU_LAW = "https://kaztag.kz/ru/news/parlament-zakon-3"


def _article(n: int, title: str, body: str) -> Document:
    return Document(
        url=f"https://example.kz/discover/{n}",
        source="eval",
        title=title,
        body=body,
        published=f"2024-05-0{n}T10:00:00+05:00",
    )


NAMES = [
    _article(1, "Президент Тоқаев выступил в Астане", "Тоқаев подписал закон."),
    _article(2, "Tokayev meets investors", "President Tokayev spoke in Nur-Sultan."),
    _article(3, "Toqayev on reforms", "Qasym-Jomart Toqayev said so."),
    _article(4, "Токаев посетил Нур-Султан", "Визит в Нур-Султан."),
    _article(5, "Tokarev wins the race", "Tokarev is a cyclist; Sultanate news."),
]
TOKAYEV = [doc.url for doc in NAMES[:4]]
NUR_SULTAN = [NAMES[1].url, NAMES[3].url]


def discover_request(text: str) -> dict[str, Any]:
    """The body Discover sends for KQL ``text`` typed alone (a word, or a "quoted phrase"),
    over the last ten years."""
    phrase = text.startswith('"') and text.endswith('"')
    free_text = {
        "multi_match": {
            "type": "phrase" if phrase else "best_fields",
            "query": text.strip('"'),
            "lenient": True,
        }
    }
    time_filter = {
        "range": {
            "published": {
                "format": "strict_date_optional_time",
                "gte": "2016-01-01T00:00:00.000Z",
                "lte": "2026-01-01T00:00:00.000Z",
            }
        }
    }
    return {
        "query": {
            "bool": {"must": [], "filter": [free_text, time_filter], "should": [], "must_not": []}
        },
        "size": 500,
        "sort": [{"published": {"order": "desc", "unmapped_type": "boolean"}}],
        "fields": [{"field": "*", "include_unmapped": "true"}],
        "highlight": {
            "pre_tags": [DISCOVER_TAGS[0]],
            "post_tags": [DISCOVER_TAGS[1]],
            "fields": {"*": {}},
            "fragment_size": 2147483647,
        },
        "track_total_hits": True,
    }


@pytest.fixture(scope="module")
def index(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Elasticsearch, str]]:
    """The alias of an archive holding the corpus and articles naming Tokayev and Nur-Sultan in
    several spellings, and a client that knows nothing of newsindex."""
    url = make_store_url("elasticsearch", tmp_path_factory.mktemp("discover"), request)
    store = open_store(url)
    store.ensure_schema()
    store.upsert([*CORPUS, *NAMES])
    store.refresh()
    store.close()
    base, alias = url.rsplit("/", 1)
    client = Elasticsearch(base)
    yield client, alias
    client.close()


def discover(index: tuple[Elasticsearch, str], text: str) -> dict[str, list[str]]:
    """URL of each hit -> the words Discover's highlights mark in it."""
    client, alias = index
    response = client.search(index=alias, **discover_request(text))
    marked: dict[str, list[str]] = {}
    for hit in response["hits"]["hits"]:
        words: set[str] = set()
        for fragments in hit.get("highlight", {}).values():
            for fragment in fragments:
                for piece in fragment.split(DISCOVER_TAGS[0])[1:]:
                    words.add(piece.split(DISCOVER_TAGS[1])[0])
        marked[hit["_source"]["url"]] = sorted(words)
    return marked


def test_toqayev_finds_every_spelling_of_the_name_and_marks_it(
    index: tuple[Elasticsearch, str],
) -> None:
    found = discover(index, "Toqayev")
    assert sorted(found) == sorted(TOKAYEV)  # not Tokarev
    assert found[NAMES[0].url] == ["Тоқаев"]
    assert found[NAMES[3].url] == ["Токаев"]


def test_nur_sultan_finds_it_in_latin_and_cyrillic(index: tuple[Elasticsearch, str]) -> None:
    found = discover(index, "Nur-Sultan")
    # Unquoted, KQL asks for either word: "Sultanate" (stem sultan) comes too.
    assert sorted(found) == sorted([*NUR_SULTAN, NAMES[4].url])
    assert found[NAMES[3].url] == ["Нур", "Султан"]


def test_quoted_nur_sultan_finds_the_name_alone(index: tuple[Elasticsearch, str]) -> None:
    found = discover(index, '"Nur-Sultan"')
    assert sorted(found) == sorted(NUR_SULTAN)
    assert found[NAMES[3].url] == ["Нур-Султан"]


def test_a_form_of_a_russian_word_finds_the_others(index: tuple[Elasticsearch, str]) -> None:
    found = discover(index, "закона")
    assert sorted(found) == sorted([RU_LAW, NAMES[0].url])  # закон, in both
    assert found[RU_LAW] == ["закон"]


def test_the_data_view_lists_each_text_field_and_its_subfields_with_their_types(
    index: tuple[Elasticsearch, str],
) -> None:
    client, alias = index
    caps = client.field_caps(index=alias, fields="*")["fields"]
    for name in ("title", "lead", "body"):
        for field in (name, f"{name}.stemmed", f"{name}.folded"):
            (kind,) = caps[field]
            assert (kind, caps[field][kind]["searchable"], caps[field][kind]["aggregatable"]) == (
                "text",
                True,
                False,
            ), field
    (view,) = [o for o in saved_objects(alias) if o["type"] == "index-pattern"]
    assert set(json.loads(view["attributes"]["fieldAttrs"])) <= set(caps)


def test_a_text_field_is_mapped_as_a_multi_field(index: tuple[Elasticsearch, str]) -> None:
    client, alias = index
    (mapping,) = client.indices.get_field_mapping(index=alias, fields="title").values()
    offsets = {"index_options": "offsets"}
    assert mapping["mappings"]["title"]["mapping"]["title"] == {
        "type": "text",
        "analyzer": "newsindex_written",
        **offsets,
        "fields": {
            "folded": {"type": "text", "analyzer": "newsindex_folded", **offsets},
            "stemmed": {"type": "text", "analyzer": "newsindex_stemmed", **offsets},
        },
    }
