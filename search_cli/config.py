"""The user's configuration file, and where each effective setting comes from.

``$XDG_CONFIG_HOME/newsindex/config.toml`` holds defaults; environment
variables override it and flags override both (click does the last step:
an option's envvar and command-line value win over the default these
functions supply). No click here: the options module reads these functions.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from index.urls import mask_url
from search_cli.errors import CliError, ExitStatus

#: What ``--format`` and ``--color`` (and the config file's keys) accept.
FORMATS: tuple[str, ...] = ("table", "json", "jsonl", "csv", "tsv")
COLORS: tuple[str, ...] = ("auto", "always", "never")

#: Config key -> (environment variable, allowed values or None for free text).
SETTINGS: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "store": ("NEWSINDEX_STORE", None),
    "format": ("NEWSINDEX_FORMAT", FORMATS),
    "color": ("NEWSINDEX_COLOR", COLORS),
    "timezone": ("NEWSINDEX_TZ", None),
}
#: Environment variables that are secrets: shown masked, never in full.
SECRET_ENV: tuple[str, ...] = ("NEWSINDEX_ES_API_KEY", "NEWSINDEX_ES_PASSWORD")
OTHER_ENV: tuple[str, ...] = ("NEWSINDEX_ES_USERNAME", "NEWSINDEX_ES_CA_CERTS", "NO_COLOR")
MASK = "****"


def config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "newsindex"


def config_path() -> Path:
    return config_dir() / "config.toml"


def parse_config(text: str, origin: str) -> dict[str, str]:
    """Validate a config file's text: known keys, string values, allowed choices."""
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CliError(f"{origin}: {exc}", ExitStatus.USAGE) from None
    settings: dict[str, str] = {}
    for key, value in data.items():
        if key not in SETTINGS:
            known = ", ".join(SETTINGS)
            raise CliError(f"{origin}: {key}: unknown setting (known: {known})", ExitStatus.USAGE)
        choices = SETTINGS[key][1]
        if not isinstance(value, str) or (choices and value not in choices):
            expected = " or ".join(repr(c) for c in choices) if choices else "a string"
            raise CliError(f"{origin}: {key}: expected {expected}", ExitStatus.USAGE)
        settings[key] = value
    return settings


def load_config() -> dict[str, str]:
    """The config file's settings; no file means no settings."""
    path = config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise CliError(f"cannot read {path}: {exc.strerror}") from None
    except UnicodeDecodeError as exc:
        raise CliError(f"{path}: not UTF-8 text (byte {exc.start})", ExitStatus.USAGE) from None
    return parse_config(text, str(path))


def configured(key: str) -> str | None:
    """A setting as the environment or, failing that, the config file gives it."""
    env = os.environ.get(SETTINGS[key][0])
    if env:
        return env
    return load_config().get(key)


def config_default(key: str) -> str | None:
    """The config file's value, for click option defaults (click reads env and flags)."""
    return load_config().get(key)


@dataclass
class Setting:
    key: str
    value: str
    origin: str  # env NAME, config file, default


def effective_settings(default_store: str) -> list[Setting]:
    """Every setting with its value and origin; secrets masked."""
    from_file = load_config()
    builtin = {"store": default_store, "format": "table", "color": "auto", "timezone": "local"}
    rows: list[Setting] = []
    for key, (env, _) in SETTINGS.items():
        if os.environ.get(env):
            value, origin = os.environ[env], f"env {env}"
        elif key in from_file:
            value, origin = from_file[key], "config file"
        else:
            value, origin = builtin[key], "default"
        rows.append(Setting(key, mask_url(value) if key == "store" else value, origin))
    for env in (*OTHER_ENV, *SECRET_ENV):
        if env in os.environ:
            shown = MASK if env in SECRET_ENV else os.environ[env]
            rows.append(Setting(env, shown, f"env {env}"))
    return rows
