"""The Elasticsearch index template, derived from the document's fields and the rule table.

Pure data: the store installs it, Kibana's data view and the tests read it.
Each text field is a multi-field: the field itself (its words as written), ``.stemmed``
and ``.folded``, analysed by the analyzers index/analysis_es.py generates from
the rule table, so that any client of the index searches as the CLI does.
Bump ``MAPPING_VERSION`` whenever the mapping changes; ``index migrate``
then moves the archive to a new versioned index behind the same alias.
"""

from __future__ import annotations

from typing import Any

from index.analysis import ANALYSIS_VERSION
from index.analysis_es import Kind, analysis_settings, analyzer
from index.document import FIELDS, TEXT_BOOSTS, TEXT_FIELDS
from index.elasticsearch.client import env_int

#: Bump on any change of the mapping. The index's version also follows
#: ``ANALYSIS_VERSION`` (the analyzers run the rule table), so a change of
#: either makes ``index migrate`` re-analyse.
MAPPING_VERSION = 4  # 2: warc_file, warc_offset, extractor_version, long integers; 3: multi-fields;
# 4: one char filter per analyzer, fewer fold filters (the same tokens, indexed faster)
SCHEMA_VERSION = MAPPING_VERSION + ANALYSIS_VERSION
#: The subfields of every text field, and what each holds.
SUBFIELDS: tuple[Kind, ...] = ("stemmed", "folded")


def text_mapping() -> dict[str, Any]:
    """A text field: its words as written, and its stems and folded names as subfields. The
    three cut the same words at the same offsets, which highlighting over all three needs;
    the offsets are indexed, so the highlighter reads them instead of analysing each hit's
    text again (a search with highlights took 63 ms on the node, 18.5 ms so)."""
    offsets = {"index_options": "offsets"}
    return {
        "type": "text",
        "analyzer": analyzer("written"),
        **offsets,
        "fields": {
            kind: {"type": "text", "analyzer": analyzer(kind), **offsets} for kind in SUBFIELDS
        },
    }


def text_search_fields() -> list[str]:
    """Every text field and subfield, with the field's boost: what a free-text search over
    the index (Kibana's, any client's) searches by default."""
    return [
        f"{name}{suffix}^{TEXT_BOOSTS[name]:g}"
        for name in TEXT_FIELDS
        for suffix in ("", *(f".{kind}" for kind in SUBFIELDS))
    ]


KEYWORD_MAPPING: dict[str, Any] = {
    "type": "keyword",
    "ignore_above": 1024,
    "fields": {"norm": {"type": "keyword", "normalizer": "casefold", "ignore_above": 1024}},
}

_KIND_MAPPING: dict[str, dict[str, Any]] = {
    "id": {"type": "keyword", "ignore_above": 4096},
    "text": text_mapping(),
    "keyword": KEYWORD_MAPPING,
    "keywords": KEYWORD_MAPPING,
    "date": {"type": "date", "format": "strict_date_optional_time"},
    "bool": {"type": "boolean"},
    "int": {"type": "long"},  # WARC offsets pass 2 GB
}


def mappings() -> dict[str, Any]:
    """Strict: a field the schema does not know fails loudly instead of being guessed."""
    return {
        "dynamic": "strict",
        "_meta": {"schema_version": SCHEMA_VERSION, "analysis_version": ANALYSIS_VERSION},
        "properties": {f.name: _KIND_MAPPING[f.metadata["kind"]] for f in FIELDS},
    }


def settings() -> dict[str, Any]:
    return {
        "number_of_shards": env_int("NEWSINDEX_ES_SHARDS", 1),
        "number_of_replicas": env_int("NEWSINDEX_ES_REPLICAS", 0),
        "analysis": {
            "normalizer": {"casefold": {"type": "custom", "filter": ["lowercase"]}},
            **analysis_settings(),
        },
        "query": {"default_field": text_search_fields()},
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
