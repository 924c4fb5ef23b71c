"""Kibana's saved objects: built from the mapping, and imported the way Kibana's API says.

Kibana cannot run here, so ``newsindex kibana setup`` talks to a local
server that records each request and answers as Kibana's saved objects
import API documents (``{"success": true, "successCount": N}``).
"""

from __future__ import annotations

import base64
import email.parser
import email.policy
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from index.elasticsearch.schema import mappings
from index.kibana.lens import AGGREGATABLE, RECORDS
from index.kibana.objects import field_types, saved_objects, to_ndjson
from tests.cli import run_cli

ALIAS = "newsindex"


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class RecordingKibana:
    """Answers every request with ``status`` and ``answer``; keeps what it was sent."""

    status: int = 200
    answer: dict[str, Any] = field(default_factory=dict)
    requests: list[Recorded] = field(default_factory=list)
    url: str = ""


@pytest.fixture
def kibana() -> Iterator[RecordingKibana]:
    recording = RecordingKibana()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length)
            headers = {k.lower(): v for k, v in self.headers.items()}
            recording.requests.append(Recorded("POST", self.path, headers, body))
            payload = json.dumps(recording.answer).encode()
            self.send_response(recording.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    recording.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield recording
    server.shutdown()
    server.server_close()


def objects() -> list[dict[str, Any]]:
    return [json.loads(line) for line in to_ndjson(saved_objects(ALIAS)).splitlines()]


def by_type(kind: str) -> list[dict[str, Any]]:
    return [o for o in objects() if o["type"] == kind]


def uploaded_file(request: Recorded) -> tuple[str, str, str]:
    """(form field name, file name, content) of the one part of a multipart body."""
    head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + request.body)
    (part,) = list(message.iter_parts())
    content = part.get_payload(decode=True)
    assert isinstance(content, bytes)
    params = part.get_params(header="content-disposition")
    values = dict(params or [])
    return values["name"], values["filename"], content.decode("utf-8")


# --- the objects ----------------------------------------------------------


def referenced_fields() -> dict[str, set[str]]:
    """Fields the objects use, by how: aggregated (or sorted, or time) and shown."""
    used: dict[str, set[str]] = {"aggregated": set(), "shown": set()}
    for view in by_type("index-pattern"):
        used["aggregated"].add(view["attributes"]["timeFieldName"])
    for search in by_type("search"):
        used["shown"].update(search["attributes"]["columns"])
        used["aggregated"].update(name for name, _ in search["attributes"]["sort"])
    for chart in lens_columns():
        if chart["sourceField"] != RECORDS:
            used["aggregated"].add(chart["sourceField"])
    return used


def lens_columns() -> list[dict[str, Any]]:
    """Every column of every layer of the Lens charts."""
    return [
        column
        for chart in by_type("lens")
        for layer in chart["attributes"]["state"]["datasourceStates"]["formBased"][
            "layers"
        ].values()
        for column in layer["columns"].values()
    ]


def test_every_field_the_objects_reference_is_mapped_and_aggregatable_where_aggregated() -> None:
    properties = mappings()["properties"]
    used = referenced_fields()
    assert used["aggregated"] >= {"published", "source", "authors", "cited_sources", "language",
                                  "countries"}  # fmt: skip
    for name in used["aggregated"] | used["shown"]:
        assert name in properties, f"{name} is not in the mapping"
    for name in used["aggregated"]:
        assert properties[name]["type"] in AGGREGATABLE, f"{name}: {properties[name]['type']}"


def test_the_charts_are_lens_visualizations_not_legacy_aggregation_based_ones() -> None:
    assert by_type("visualization") == []
    charts = {
        c["attributes"]["title"]: c["attributes"]["visualizationType"] for c in by_type("lens")
    }
    assert charts == {
        "Articles over time by source": "lnsXY",
        "Top authors": "lnsDatatable",
        "Top cited sources": "lnsDatatable",
        "Languages": "lnsPie",
        "Countries": "lnsXY",
    }
    (view,) = by_type("index-pattern")
    for chart in by_type("lens"):
        layers = chart["attributes"]["state"]["datasourceStates"]["formBased"]["layers"]
        assert [(r["type"], r["id"], r["name"]) for r in chart["references"]] == [
            ("index-pattern", view["id"], f"indexpattern-datasource-layer-{layer}")
            for layer in layers
        ]


def test_each_chart_column_buckets_its_field_as_the_mapping_types_it() -> None:
    types = field_types()
    operations = {
        (c["sourceField"], c["operationType"], c["dataType"])
        for c in lens_columns()
        if c["sourceField"] != RECORDS
    }
    assert operations == {
        ("published", "date_histogram", "date"),
        ("source", "terms", "string"),
        ("authors", "terms", "string"),
        ("cited_sources", "terms", "string"),
        ("language", "terms", "string"),
        ("countries", "terms", "string"),
    }
    for name, operation, data_type in operations:
        assert AGGREGATABLE[types[name]] == data_type, (name, operation)


def test_every_chart_column_the_visualization_names_is_in_its_layer() -> None:
    for chart in by_type("lens"):
        state = chart["attributes"]["state"]
        (layer,) = state["datasourceStates"]["formBased"]["layers"].values()
        named = json.dumps(state["visualization"])
        assert set(layer["columnOrder"]) == set(layer["columns"])
        for column in layer["columns"]:
            assert f'"{column}"' in named, (chart["attributes"]["title"], column)


def test_the_data_view_labels_each_text_field_and_its_subfields() -> None:
    (view,) = by_type("index-pattern")
    labels = json.loads(view["attributes"]["fieldAttrs"])
    assert {name: labels[name]["customLabel"] for name in labels if name.startswith("title")} == {
        "title": "Title",
        "title.stemmed": "Title (stems)",
        "title.folded": "Title (names folded)",
    }
    assert set(labels) <= set(field_types())


def test_the_data_view_covers_the_alias_with_published_as_time_field() -> None:
    (view,) = by_type("index-pattern")
    assert (view["attributes"]["title"], view["attributes"]["timeFieldName"]) == (
        ALIAS,
        "published",
    )


def test_every_reference_points_at_an_object_in_the_same_file() -> None:
    ids = {(o["type"], o["id"]) for o in objects()}
    refs = [(r["type"], r["id"]) for o in objects() for r in o["references"]]
    assert refs and set(refs) <= ids


def test_the_saved_searches_list_latest_articles_and_articles_per_source() -> None:
    searches = {s["attributes"]["title"]: s["attributes"] for s in by_type("search")}
    assert searches["Latest articles"]["sort"] == [["published", "desc"]]
    assert searches["Articles per source"]["sort"] == [["source", "asc"], ["published", "desc"]]


def test_the_dashboard_has_the_news_archive_panels() -> None:
    (board,) = by_type("dashboard")
    panels = json.loads(board["attributes"]["panelsJSON"])
    assert [p["type"] for p in panels] == ["lens"] * 5 + ["search"]
    assert [p["title"] for p in panels] == [
        "Articles over time by source",
        "Top authors",
        "Top cited sources",
        "Languages",
        "Countries",
        "Latest articles",
    ]
    names = {r["name"] for r in board["references"]}
    assert {p["panelRefName"] for p in panels} == names


def test_objects_for_another_alias_get_their_own_ids_and_title() -> None:
    other = saved_objects("archive")
    assert other[0]["attributes"]["title"] == "archive"
    assert not {o["id"] for o in other} & {o["id"] for o in objects()}


# --- the import ------------------------------------------------------------


def test_setup_posts_the_objects_to_the_import_api_with_overwrite_and_xsrf_header(
    kibana: RecordingKibana, monkeypatch: pytest.MonkeyPatch
) -> None:
    kibana.answer = {"success": True, "successCount": len(objects())}
    monkeypatch.setenv("NEWSINDEX_KIBANA_USERNAME", "elastic")
    monkeypatch.setenv("NEWSINDEX_KIBANA_PASSWORD", "s3cret")
    outcome = run_cli("kibana", "setup", "--kibana-url", kibana.url)
    assert outcome.code == 0, outcome.stderr
    (request,) = kibana.requests
    assert (request.method, request.path) == ("POST", "/api/saved_objects/_import?overwrite=true")
    assert request.headers["kbn-xsrf"] == "true"
    assert request.headers["content-type"].startswith("multipart/form-data; boundary=")
    token = base64.b64encode(b"elastic:s3cret").decode()
    assert request.headers["authorization"] == f"Basic {token}"
    assert uploaded_file(request) == ("file", "newsindex.ndjson", to_ndjson(saved_objects(ALIAS)))
    assert f"Imported {len(objects())} saved objects" in outcome.stderr


def test_setup_twice_sends_the_same_objects_so_the_second_overwrites_the_first(
    kibana: RecordingKibana,
) -> None:
    kibana.answer = {"success": True, "successCount": len(objects())}
    for _ in range(2):
        assert run_cli("kibana", "setup", "--kibana-url", kibana.url).code == 0
    first, second = (uploaded_file(r) for r in kibana.requests)
    assert first == second


def test_setup_into_a_space_uses_the_space_path_and_an_api_key(
    kibana: RecordingKibana, monkeypatch: pytest.MonkeyPatch
) -> None:
    kibana.answer = {"success": True, "successCount": 9}
    monkeypatch.setenv("NEWSINDEX_KIBANA_API_KEY", "a2V5OnNlY3JldA==")
    outcome = run_cli("kibana", "setup", "--kibana-url", kibana.url + "/", "--space", "news")
    assert outcome.code == 0, outcome.stderr
    (request,) = kibana.requests
    assert request.path == "/s/news/api/saved_objects/_import?overwrite=true"
    assert request.headers["authorization"] == "ApiKey a2V5OnNlY3JldA=="


def test_setup_names_the_alias_of_the_elasticsearch_store(kibana: RecordingKibana) -> None:
    kibana.answer = {"success": True, "successCount": 9}
    store = "http://127.0.0.1:9200/archive"
    assert run_cli("kibana", "setup", "--kibana-url", kibana.url, "--store", store).code == 0
    _, _, content = uploaded_file(kibana.requests[0])
    assert content == to_ndjson(saved_objects("archive"))


def test_objects_kibana_refuses_are_one_line_naming_them(kibana: RecordingKibana) -> None:
    kibana.answer = {
        "success": False,
        "successCount": 8,
        "errors": [{"type": "dashboard", "id": "d1", "error": {"type": "missing_references"}}],
    }
    outcome = run_cli("kibana", "setup", "--kibana-url", kibana.url)
    assert (outcome.code, outcome.stderr) == (
        1,
        "newsindex: error: Kibana refused the objects: dashboard d1: missing_references\n",
    )


def test_refused_credentials_are_one_line_with_a_hint(kibana: RecordingKibana) -> None:
    kibana.status = 401
    kibana.answer = {"statusCode": 401, "error": "Unauthorized", "message": "Unauthorized"}
    outcome = run_cli("kibana", "setup", "--kibana-url", kibana.url)
    assert outcome.code == 1
    assert outcome.stderr == (
        "newsindex: error: Kibana answered 401: Unauthorized "
        "(check NEWSINDEX_KIBANA_USERNAME/PASSWORD or _API_KEY)\n"
    )


def test_an_unreachable_kibana_is_one_line(kibana: RecordingKibana) -> None:
    url = kibana.url
    outcome = run_cli("kibana", "setup", "--kibana-url", url.rsplit(":", 1)[0] + ":9")
    assert outcome.code == 1
    assert outcome.stderr.startswith("newsindex: error: cannot reach Kibana at http://127.0.0.1:9:")
    assert outcome.stderr.count("\n") == 1


def test_objects_prints_the_ndjson_kibana_imports() -> None:
    outcome = run_cli("kibana", "objects")
    assert outcome.code == 0, outcome.stderr
    assert outcome.stdout == to_ndjson(saved_objects(ALIAS))
