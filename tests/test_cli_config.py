"""Configuration (file < environment < flags), `config show`, completion and `help query`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from search_cli.commands.help import QUERY_GUIDE
from tests.cli import load, run_cli
from tests.corpus import CORPUS

README = Path(__file__).resolve().parent.parent / "README.md"


def write_config(text: str) -> Path:
    path = Path(run_cli("config", "path").stdout.strip())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_config_path_is_under_xdg_config_home(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", "/somewhere/config")
    assert run_cli("config", "path").stdout == "/somewhere/config/newsindex/config.toml\n"


def test_config_file_chooses_the_store(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/configured.db"
    load(url, CORPUS[:2])
    write_config(f'store = "{url}"\n')
    assert json.loads(run_cli("stats", "--json").stdout)["documents"] == 2


def test_environment_overrides_the_file_and_flags_override_both(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, n in (("file", 1), ("env", 2), ("flag", 3)):
        load(f"sqlite:///{tmp_path}/{name}.db", CORPUS[:n])
    write_config(f'store = "sqlite:///{tmp_path}/file.db"\nformat = "csv"\n')
    monkeypatch.setenv("NEWSINDEX_STORE", f"sqlite:///{tmp_path}/env.db")
    assert run_cli("stats").stdout.splitlines()[1].split(",")[1] == "2"
    flagged = run_cli("stats", "--store", f"sqlite:///{tmp_path}/flag.db", "--format", "tsv")
    assert flagged.stdout.splitlines()[1].split("\t")[1] == "3"


def test_config_show_names_origins_and_masks_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    write_config('store = "https://elastic:hunter2@es.example:9200/news"\nformat = "json"\n')
    monkeypatch.setenv("NEWSINDEX_COLOR", "never")
    monkeypatch.setenv("NEWSINDEX_ES_API_KEY", "c2VjcmV0")
    monkeypatch.delenv("NO_COLOR")
    out = run_cli("config", "show", "--format", "table")
    assert out.stdout.splitlines() == [
        "KEY                   VALUE                                      ORIGIN",
        "store                 https://elastic:****@es.example:9200/news  config file",
        "format                json                                       config file",
        "color                 never                                      env NEWSINDEX_COLOR",
        "timezone              local                                      default",
        "NEWSINDEX_ES_API_KEY  ****                                       env NEWSINDEX_ES_API_KEY",
    ]
    assert "hunter2" not in run_cli("config", "show", "--json").stdout


def test_an_unknown_setting_is_a_usage_error_naming_the_file() -> None:
    path = write_config('colour = "never"\n')
    out = run_cli("search", "x")
    assert out.code == 2
    assert out.stderr == (
        f"newsindex: error: {path}: colour: unknown setting "
        "(known: store, format, color, timezone)\n"
    )


def test_a_bad_choice_in_the_file_says_what_is_expected() -> None:
    path = write_config('format = "xml"\n')
    out = run_cli("config", "show")
    assert out.code == 2
    assert out.stderr == (
        f"newsindex: error: {path}: format: expected 'table' or 'json' or 'jsonl' or 'csv' "
        "or 'tsv'\n"
    )


@pytest.mark.parametrize(
    ("shell", "marker"),
    [("bash", "complete -o nosort -F"), ("zsh", "#compdef newsindex"), ("fish", "complete")],
)
def test_completion_prints_a_script_for_each_shell(shell: str, marker: str) -> None:
    out = run_cli("completion", shell)
    assert out.code == 0
    assert marker in out.stdout
    assert "_NEWSINDEX_COMPLETE" in out.stdout


def test_completion_answers_with_commands_and_choices() -> None:
    env = {
        "_NEWSINDEX_COMPLETE": "bash_complete",
        "COMP_WORDS": "newsindex hist",
        "COMP_CWORD": "1",
    }
    assert run_cli(env=env).stdout == "plain,histogram\n"
    env["COMP_WORDS"], env["COMP_CWORD"] = "newsindex search --format j", "3"
    assert run_cli(env=env).stdout == "plain,json\nplain,jsonl\n"


def test_help_query_shows_every_example() -> None:
    out = run_cli("help", "query")
    assert out.code == 0
    for examples, meaning in QUERY_GUIDE:
        assert f"  {examples[0]}" in out.stdout
        assert meaning in out.stdout


def test_readme_query_table_says_what_help_query_says() -> None:
    text = README.read_text(encoding="utf-8")
    table = text[text.index("| write | finds |") :].split("\n\n")[0].splitlines()[2:]
    rows = []
    for line in table:
        write, finds = (cell.strip() for cell in line.strip("|").split(" | "))
        rows.append((tuple(re.findall(r"`([^`]+)`", write)), finds))
    assert rows == list(QUERY_GUIDE)


def test_help_for_a_command_is_its_help() -> None:
    assert run_cli("help", "stats").stdout == run_cli("stats", "--help").stdout
