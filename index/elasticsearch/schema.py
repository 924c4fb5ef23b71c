"""The Elasticsearch index template, derived from the document's fields.

Pure data: the store installs it, Kibana's data view and the tests read it.
Bump ``MAPPING_VERSION`` whenever the mapping changes; ``index migrate``
then moves the archive to a new versioned index behind the same alias.
"""

from __future__ import annotations

from typing import Any

from index.analysis import ANALYSIS_VERSION
from index.document import FIELDS, TEXT_FIELDS
from index.elasticsearch.client import env_int

#: Bump on any change of the mapping. The index's version also follows
#: ``ANALYSIS_VERSION`` (the analysed fields hold what index/analysis.py
#: computes), so a change of either makes ``index migrate`` re-analyse.
MAPPING_VERSION = 2  # 2: warc_file, warc_offset, extractor_version; whole numbers are long
SCHEMA_VERSION = MAPPING_VERSION + ANALYSIS_VERSION
ANALYSED_SUFFIXES: tuple[str, ...] = ("stemmed", "folded")
ANALYSED_FIELDS: tuple[str, ...] = tuple(
    f"{name}_{suffix}" for suffix in ANALYSED_SUFFIXES for name in TEXT_FIELDS
)

# Only what every Elasticsearch distribution has (the minimal one lacks the
# language analyzers), so the archive works on any node of the major.
ANALYSIS: dict[str, Any] = {
    "normalizer": {"casefold": {"type": "custom", "filter": ["lowercase"]}},
}

TEXT_MAPPING: dict[str, Any] = {"type": "text", "analyzer": "standard"}

KEYWORD_MAPPING: dict[str, Any] = {
    "type": "keyword",
    "ignore_above": 1024,
    "fields": {"norm": {"type": "keyword", "normalizer": "casefold", "ignore_above": 1024}},
}

_KIND_MAPPING: dict[str, dict[str, Any]] = {
    "id": {"type": "keyword", "ignore_above": 4096},
    "text": TEXT_MAPPING,
    "keyword": KEYWORD_MAPPING,
    "keywords": KEYWORD_MAPPING,
    "date": {"type": "date", "format": "strict_date_optional_time"},
    "bool": {"type": "boolean"},
    "int": {"type": "long"},  # WARC offsets pass 2 GB
}


def mappings() -> dict[str, Any]:
    """Strict: a field the schema does not know fails loudly instead of being guessed."""
    properties = {f.name: _KIND_MAPPING[f.metadata["kind"]] for f in FIELDS}
    # Analysed forms are indexed, never stored: hits carry the document alone.
    properties.update({name: TEXT_MAPPING for name in ANALYSED_FIELDS})
    return {
        "dynamic": "strict",
        "_meta": {"schema_version": SCHEMA_VERSION, "analysis_version": ANALYSIS_VERSION},
        "_source": {"excludes": list(ANALYSED_FIELDS)},
        "properties": properties,
    }


def settings() -> dict[str, Any]:
    return {
        "number_of_shards": env_int("NEWSINDEX_ES_SHARDS", 1),
        "number_of_replicas": env_int("NEWSINDEX_ES_REPLICAS", 0),
        "analysis": ANALYSIS,
    }


def index_template(alias: str) -> dict[str, Any]:
    """Body of ``PUT _index_template/<alias>`` for every versioned index of the alias."""
    return {
        "index_patterns": [f"{alias}-v*"],
        "priority": 200,
        "template": {"settings": settings(), "mappings": mappings()},
        "_meta": {"schema_version": SCHEMA_VERSION, "managed_by": "newsindex"},
    }


def versioned_index(alias: str, version: int = SCHEMA_VERSION) -> str:
    return f"{alias}-v{version}"
