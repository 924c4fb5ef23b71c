"""docker-compose.yml: valid, and on the Elasticsearch version the tests run on."""

from __future__ import annotations

import configparser
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

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


# --- the stack: security, order, setup and scheduler -------------------------------


def services() -> dict[str, Any]:
    from ruamel.yaml import YAML

    data: dict[str, Any] = YAML(typ="safe").load(COMPOSE.read_text())
    return dict(data["services"])


def conditions(service: str) -> dict[str, str]:
    return {name: dep["condition"] for name, dep in services()[service]["depends_on"].items()}


def test_elasticsearch_runs_with_security_on_and_the_password_from_env() -> None:
    env = services()["elasticsearch"]["environment"]
    assert "xpack.security.enabled=true" in env
    assert "ELASTIC_PASSWORD=${ELASTIC_PASSWORD:?set ELASTIC_PASSWORD in .env}" in env


def test_kibana_connects_as_kibana_system_once_its_password_is_set() -> None:
    env = services()["kibana"]["environment"]
    assert "ELASTICSEARCH_USERNAME=kibana_system" in env
    assert conditions("kibana") == {"kibana-password": "service_completed_successfully"}
    assert conditions("kibana-password") == {"elasticsearch": "service_healthy"}


def test_setup_creates_the_index_and_kibana_objects_once_both_are_healthy() -> None:
    setup = services()["setup"]
    assert setup["entrypoint"] == ["sh", "-c", "newsindex index init && newsindex kibana setup"]
    assert conditions("setup") == {"elasticsearch": "service_healthy", "kibana": "service_healthy"}


def test_scheduler_runs_the_mounted_schedule_with_its_state_on_a_volume() -> None:
    scheduler = services()["scheduler"]
    assert scheduler["command"] == ["schedule", "--file", "/schedule/schedule.toml"]
    assert scheduler["volumes"] == [
        "${NEWSINDEX_SCHEDULE_DIR:-./schedule}:/schedule:ro",
        "newsindex-data:/data",  # the image's XDG_DATA_HOME: runs, locks, job state, spool
    ]
    assert conditions("scheduler") == {
        "setup": "service_completed_successfully",
        "fleet-deploy": "service_completed_successfully",
    }


def test_every_long_running_service_has_a_healthcheck_others_wait_on() -> None:
    for name in ("elasticsearch", "kibana"):
        assert services()[name]["healthcheck"]["test"][0] == "CMD-SHELL"
    for name in NODES:
        assert services()[name]["healthcheck"]["test"][0] == "CMD"


# --- the crawl fleet: two Scrapyd nodes, the scheduler dispatching to them ---------

NODES = ("scrapyd-1", "scrapyd-2")


def scrapyd_config() -> configparser.ConfigParser:
    from ruamel.yaml import YAML

    data: dict[str, Any] = YAML(typ="safe").load(COMPOSE.read_text())
    config = configparser.ConfigParser()
    config.read_string(data["configs"]["scrapyd-conf"]["content"])
    return config


def test_two_scrapyd_nodes_run_from_the_image_with_their_login_from_env() -> None:
    for name in NODES:
        node = services()[name]
        assert (node["build"], node["entrypoint"]) == (".", ["scrapyd"])
        env = node["environment"]
        assert env["SCRAPYD_USERNAME"] == env["NEWSINDEX_SCRAPYD_USERNAME"]
        assert env["SCRAPYD_PASSWORD"] == "${SCRAPYD_PASSWORD:?set SCRAPYD_PASSWORD in .env}"
        assert env["NEWSINDEX_ES_PASSWORD"] == "${ELASTIC_PASSWORD:?set ELASTIC_PASSWORD in .env}"
        assert node["configs"] == [
            {"source": "scrapyd-conf", "target": "/etc/scrapyd/scrapyd.conf"}
        ]
        assert node["volumes"] == [f"{name}-data:/data"]  # eggs, job logs, queue: its own
        assert conditions(name) == {"elasticsearch": "service_healthy"}
    dockerfile = (REPO / "Dockerfile").read_text()
    assert 'pip install --no-cache-dir ".[fleet]"' in dockerfile  # the image has scrapyd


def test_the_nodes_answer_on_6800_on_every_interface_and_keep_their_job_logs() -> None:
    config = scrapyd_config()["scrapyd"]
    assert (config["bind_address"], config["http_port"]) == ("0.0.0.0", "6800")
    assert config["logs_dir"]  # the scheduler reads a finished job's figures from its log
    assert int(config["jobs_to_keep"]) >= 100


def test_the_scheduler_dispatches_to_both_nodes_once_the_egg_is_on_them() -> None:
    env = services()["scheduler"]["environment"]
    assert env["NEWSINDEX_FLEET_NODES"].split() == [f"http://{name}:6800" for name in NODES]
    assert env["NEWSINDEX_SCRAPYD_PASSWORD"] == "${SCRAPYD_PASSWORD:?set SCRAPYD_PASSWORD in .env}"
    deploy = services()["fleet-deploy"]
    assert deploy["command"] == ["fleet", "deploy"]
    assert deploy["environment"]["NEWSINDEX_FLEET_NODES"] == env["NEWSINDEX_FLEET_NODES"]
    assert conditions("fleet-deploy") == dict.fromkeys(NODES, "service_healthy")


def test_every_variable_the_compose_file_reads_is_documented_in_env_example() -> None:
    used = set(re.findall(r"(?<!\$)\$\{([A-Z_]+)", COMPOSE.read_text()))
    documented = set(re.findall(r"^([A-Z_]+)=", (REPO / ".env.example").read_text(), re.M))
    assert used == documented


def test_readme_full_stack_section_names_every_command_a_user_types() -> None:
    readme = (REPO / "README.md").read_text()
    section = readme.split("## Run the full stack", 1)[1].split("\n## ", 1)[0]
    commands = [
        line.split("#", 1)[0].strip()
        for block in re.findall(r"```sh\n(.*?)```", section, re.S)
        for line in block.splitlines()
    ]
    assert [c for c in commands if c] == [
        "cp .env.example .env",
        "mkdir -p schedule/profiles",
        "cp schedule.example.toml schedule/schedule.toml",
        "docker compose up -d",
        "docker compose ps",
        "docker compose run --rm newsindex runs",
        "docker compose run --rm newsindex fleet status",
        "docker compose run --rm newsindex search 'Tokayev' --facet source",
        "docker compose logs -f scheduler",
        "docker compose stop scheduler",
        "docker compose down",
    ]
    assert "http://localhost:5601/app/dashboards" in section
