"""The dashboard's charts as Lens visualizations, Kibana's current editor (pure).

Each chart counts articles by one field (split by another): one layer of the
data view with a count column and its bucket columns, named and typed from
the mapping, so a field that is missing or cannot be aggregated is an error
when the objects are built, not a broken panel in Kibana later.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from index.errors import KibanaError

#: Mapping types Kibana can aggregate on (text fields cannot be), and Lens's data type of each.
AGGREGATABLE: dict[str, str] = {
    "keyword": "string",
    "date": "date",
    "integer": "number",
    "long": "number",
    "boolean": "boolean",
}
#: Lens's name for "count every document" (no field).
RECORDS = "___records___"
LAYER = "articles"
COUNT = "count"
Chart = Literal["bar_stacked", "bar_horizontal", "table", "donut"]


@dataclass(frozen=True)
class Panel:
    """One dashboard chart: a count of articles by ``field`` (split by ``split``)."""

    key: str
    title: str
    chart: Chart
    field: str
    split: str | None = None
    size: int = 10


def require_aggregatable(name: str, types: dict[str, str]) -> str:
    if name not in types:
        raise KibanaError(f"field {name!r} is not in the index mapping")
    if types[name] not in AGGREGATABLE:
        raise KibanaError(f"field {name!r} ({types[name]}) cannot be aggregated in Kibana")
    return name


def field_label(name: str) -> str:
    """How Kibana shows a field: ``cited_sources`` -> ``Cited sources``."""
    return name.replace("_", " ").capitalize()


def _count() -> dict[str, Any]:
    return {
        "label": "Articles",
        "customLabel": True,
        "dataType": "number",
        "operationType": "count",
        "sourceField": RECORDS,
        "isBucketed": False,
        "scale": "ratio",
        "params": {"emptyAsNull": True},
    }


def _buckets(name: str, size: int, types: dict[str, str]) -> dict[str, Any]:
    """A bucket column: a date histogram of a date field, else the field's top values."""
    data_type = AGGREGATABLE[types[require_aggregatable(name, types)]]
    if data_type == "date":
        return {
            "label": field_label(name),
            "customLabel": True,
            "dataType": "date",
            "operationType": "date_histogram",
            "sourceField": name,
            "isBucketed": True,
            "scale": "interval",
            "params": {"interval": "auto", "includeEmptyRows": True, "dropPartials": False},
        }
    return {
        "label": field_label(name),
        "customLabel": True,
        "dataType": data_type,
        "operationType": "terms",
        "sourceField": name,
        "isBucketed": True,
        "scale": "ordinal",
        "params": {
            "size": size,
            "orderBy": {"type": "column", "columnId": COUNT},
            "orderDirection": "desc",
            "otherBucket": False,
            "missingBucket": False,
            "parentFormat": {"id": "terms"},
        },
    }


def _visualization(panel: Panel) -> tuple[str, dict[str, Any]]:
    """Lens's visualization type and state for the chart, over the columns ``rows``
    (the field), ``split`` and ``count``."""
    data = {"layerId": LAYER, "layerType": "data"}
    if panel.chart == "table":
        return "lnsDatatable", {**data, "columns": [{"columnId": "rows"}, {"columnId": COUNT}]}
    if panel.chart == "donut":
        layer = {**data, "primaryGroups": ["rows"], "metrics": [COUNT]}
        layer |= {"numberDisplay": "percent", "categoryDisplay": "default"}
        return "lnsPie", {"shape": "donut", "layers": [{**layer, "legendDisplay": "default"}]}
    layer = {**data, "seriesType": panel.chart, "xAccessor": "rows", "accessors": [COUNT]}
    if panel.split:
        layer["splitAccessor"] = "split"
    return "lnsXY", {
        "preferredSeriesType": panel.chart,
        "legend": {"isVisible": bool(panel.split), "position": "right"},
        "valueLabels": "hide",
        "layers": [layer],
    }


def lens_attributes(panel: Panel, types: dict[str, str]) -> dict[str, Any]:
    """The ``attributes`` of the chart's ``lens`` saved object."""
    columns = {"rows": _buckets(panel.field, panel.size, types)}
    if panel.split:
        columns["split"] = _buckets(panel.split, panel.size, types)
    columns[COUNT] = _count()
    # Buckets nest in this order: the split's top values, then the rows within each.
    order = [c for c in ("split", "rows") if c in columns] + [COUNT]
    kind, visualization = _visualization(panel)
    return {
        "title": panel.title,
        "description": "",
        "visualizationType": kind,
        "state": {
            "datasourceStates": {
                "formBased": {
                    "layers": {
                        LAYER: {"columns": columns, "columnOrder": order, "incompleteColumns": {}}
                    }
                }
            },
            "visualization": visualization,
            "query": {"query": "", "language": "kuery"},
            "filters": [],
            "internalReferences": [],
            "adHocDataViews": {},
        },
    }


def lens_references(data_view_id: str) -> list[dict[str, str]]:
    """The chart's one layer reads the data view."""
    name = f"indexpattern-datasource-layer-{LAYER}"
    return [{"type": "index-pattern", "id": data_view_id, "name": name}]
