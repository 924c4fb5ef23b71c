"""docker-compose.yml: valid, and on the Elasticsearch version the tests run on."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COMPOSE = REPO / "docker-compose.yml"


def pinned_es_version() -> str:
    text = (REPO / "scripts" / "elasticsearch.sh").read_text()
    match = re.search(r'ES_VERSION="\$\{ES_VERSION:-([\d.]+)\}"', text)
    assert match, "scripts/elasticsearch.sh pins no ES_VERSION"
    return match[1]


def test_compose_file_matches_the_compose_specification() -> None:
    checker = Path(sys.executable).with_name("check-jsonschema")
    result = subprocess.run(
        [str(checker), "--builtin-schema", "vendor.compose-spec", str(COMPOSE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_runs_the_elasticsearch_and_kibana_versions_the_tests_use() -> None:
    text = COMPOSE.read_text()
    version = pinned_es_version()
    assert f"image: elasticsearch:${{ES_VERSION:-{version}}}" in text
    assert f"image: kibana:${{ES_VERSION:-{version}}}" in text


def test_python_client_is_pinned_to_the_server_major() -> None:
    major = pinned_es_version().split(".")[0]
    pyproject = (REPO / "pyproject.toml").read_text()
    assert f'"elasticsearch>={major},<{int(major) + 1}"' in pyproject
