"""Kibana saved objects for the archive, generated from the index mapping (pure).

The data view, the saved searches and the dashboard's Lens charts
(index/kibana/lens.py) name document fields; each is looked up in the mapping
(index/elasticsearch/schema.py) when the objects are built, and a field that
is missing or cannot be aggregated is an error then, not a broken panel in
Kibana later. Stable ids make a second import overwrite the first.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from index.document import FIELDS
from index.elasticsearch.schema import SUBFIELDS, mappings
from index.errors import KibanaError
from index.kibana.lens import (
    Panel,
    field_label,
    lens_attributes,
    lens_references,
    require_aggregatable,
)

TIME_FIELD = "published"
#: Versions of the saved-object formats written here (Kibana migrates them on import).
CORE_MIGRATION_VERSION = "8.8.0"
TYPE_MIGRATION_VERSIONS = {
    "index-pattern": "7.11.0",
    "search": "7.9.3",
    "lens": "8.9.0",
    "dashboard": "7.17.3",
}
LATEST_COLUMNS = ("source", "title", "language", "authors", "url")
PER_SOURCE_COLUMNS = ("published", "title", "section", "url")
#: How the data view labels each kind of subfield of a text field.
SUBFIELD_LABELS = {"stemmed": "{} (stems)", "folded": "{} (names folded)"}

PANELS: tuple[Panel, ...] = (
    Panel("timeline", "Articles over time by source", "bar_stacked", TIME_FIELD, "source"),
    Panel("authors", "Top authors", "table", "authors", size=20),
    Panel("cited", "Top cited sources", "table", "cited_sources", size=20),
    Panel("languages", "Languages", "donut", "language"),
    Panel("countries", "Countries", "bar_horizontal", "countries", size=15),
)


def field_types() -> dict[str, str]:
    """Field name -> mapping type, as the index template defines them, subfields included
    (``title.stemmed``: what Kibana's data view lists)."""
    out: dict[str, str] = {}
    for name, spec in mappings()["properties"].items():
        out[name] = spec["type"]
        for sub, sub_spec in spec.get("fields", {}).items():
            out[f"{name}.{sub}"] = sub_spec["type"]
    return out


def _object(
    kind: str, object_id: str, attributes: dict[str, Any], refs: list[dict[str, str]]
) -> dict[str, Any]:
    return {
        "type": kind,
        "id": object_id,
        "attributes": attributes,
        "references": refs,
        "coreMigrationVersion": CORE_MIGRATION_VERSION,
        "typeMigrationVersion": TYPE_MIGRATION_VERSIONS[kind],
        "managed": False,
    }


def _ids(alias: str) -> dict[str, str]:
    """Stable ids per alias, so a second import overwrites the first."""
    names = ["data-view", "latest", "per-source", "dashboard", *(p.key for p in PANELS)]
    return {n: str(uuid.uuid5(uuid.NAMESPACE_URL, f"newsindex:{alias}:{n}")) for n in names}


def _search_source(query: str = "") -> str:
    return json.dumps(
        {
            "query": {"query": query, "language": "kuery"},
            "filter": [],
            "indexRefName": "kibanaSavedObjectMeta.searchSourceJSON.index",
        }
    )


def _index_ref(data_view: str) -> list[dict[str, str]]:
    return [
        {
            "type": "index-pattern",
            "id": data_view,
            "name": "kibanaSavedObjectMeta.searchSourceJSON.index",
        }
    ]


def data_view(alias: str, object_id: str, types: dict[str, str]) -> dict[str, Any]:
    """Over the alias, ``published`` as time field; labels for the document's fields and the
    text fields' subfields (Kibana lists the fields and their types from the index)."""
    require_aggregatable(TIME_FIELD, types)
    labels = {f.name: {"customLabel": field_label(f.name)} for f in FIELDS if f.name in types}
    labels.update(
        {
            f"{f.name}.{kind}": {"customLabel": SUBFIELD_LABELS[kind].format(field_label(f.name))}
            for f in FIELDS
            for kind in SUBFIELDS
            if f"{f.name}.{kind}" in types
        }
    )
    return _object(
        "index-pattern",
        object_id,
        {
            "title": alias,
            "name": f"News archive ({alias})",
            "timeFieldName": TIME_FIELD,
            "fieldAttrs": json.dumps(labels),
            "fieldFormatMap": json.dumps({"url": {"id": "url"}}),
            "fields": "[]",
            "runtimeFieldMap": "{}",
            "typeMeta": "{}",
        },
        [],
    )


def saved_search(
    title: str, object_id: str, data_view_id: str, columns: tuple[str, ...], sort: list[list[str]]
) -> dict[str, Any]:
    return _object(
        "search",
        object_id,
        {
            "title": title,
            "description": "",
            "columns": list(columns),
            "sort": sort,
            "kibanaSavedObjectMeta": {"searchSourceJSON": _search_source()},
        },
        _index_ref(data_view_id),
    )


def lens(panel: Panel, object_id: str, data_view_id: str, types: dict[str, str]) -> dict[str, Any]:
    return _object("lens", object_id, lens_attributes(panel, types), lens_references(data_view_id))


def dashboard(alias: str, object_id: str, panels: list[tuple[str, str, str]]) -> dict[str, Any]:
    """``panels``: (saved object type, id, title); two a row, the last one full width."""
    layout, refs = [], []
    for i, (kind, panel_id, title) in enumerate(panels):
        last = i == len(panels) - 1
        grid = {
            "x": 0 if last or i % 2 == 0 else 24,
            "y": (i // 2) * 15,
            "w": 48 if last else 24,
            "h": 15,
            "i": str(i),
        }
        layout.append(
            {
                "type": kind,
                "panelIndex": str(i),
                "gridData": grid,
                "embeddableConfig": {},
                "title": title,
                "panelRefName": f"panel_{i}",
            }
        )
        refs.append({"type": kind, "id": panel_id, "name": f"panel_{i}"})
    return _object(
        "dashboard",
        object_id,
        {
            "title": f"News archive ({alias})",
            "description": "Articles over time, authors, cited sources, languages and countries.",
            "panelsJSON": json.dumps(layout),
            "optionsJSON": json.dumps({"useMargins": True, "hidePanelTitles": False}),
            "timeRestore": True,
            "timeFrom": "now-1y",
            "timeTo": "now",
            "refreshInterval": {"pause": True, "value": 60000},
            "version": 1,
            "kibanaSavedObjectMeta": {
                "searchSourceJSON": json.dumps(
                    {"query": {"query": "", "language": "kuery"}, "filter": []}
                )
            },
        },
        refs,
    )


def saved_objects(alias: str) -> list[dict[str, Any]]:
    """Every object, referenced ones before those that reference them."""
    types = field_types()
    ids = _ids(alias)
    for name in (*LATEST_COLUMNS, *PER_SOURCE_COLUMNS):
        if name not in types:
            raise KibanaError(f"field {name!r} is not in the index mapping")
    newest_first = [[TIME_FIELD, "desc"]]
    objects = [
        data_view(alias, ids["data-view"], types),
        saved_search(
            "Latest articles", ids["latest"], ids["data-view"], LATEST_COLUMNS, newest_first
        ),
        saved_search(
            "Articles per source",
            ids["per-source"],
            ids["data-view"],
            PER_SOURCE_COLUMNS,
            [[require_aggregatable("source", types), "asc"], [TIME_FIELD, "desc"]],
        ),
    ]
    objects += [lens(p, ids[p.key], ids["data-view"], types) for p in PANELS]
    panels = [("lens", ids[p.key], p.title) for p in PANELS]
    panels.append(("search", ids["latest"], "Latest articles"))
    objects.append(dashboard(alias, ids["dashboard"], panels))
    return objects


def to_ndjson(objects: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(o, ensure_ascii=False, sort_keys=True) + "\n" for o in objects)
