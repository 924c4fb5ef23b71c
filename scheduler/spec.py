"""The schedule file: which profiles to crawl, how often, and within which limits.

A TOML file; every mistake fails with one message naming the file, the key
and what was expected, as profile errors do::

    store = "http://elasticsearch:9200"   # optional: else NEWSINDEX_STORE or the config file

    [defaults]                            # optional: keys every crawl inherits
    jitter = "2m"

    [crawls.orda-kz]                      # the crawl's name: runs are listed under it
    profile = "orda-kz.toml"              # relative to this file (default: the built-in)
    every = "30m"                         # or: cron = "0 */2 * * *" (with timezone = "Asia/Almaty")

    [fleet]                               # optional: crawl on these Scrapyd nodes, not here
    nodes = ["http://scrapyd-1:6800", "http://scrapyd-2:6800"]
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from index.errors import InvalidInput
from scheduler.cron import Cron, CronError, parse_cron

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
DURATION_RE = re.compile(r"^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")
SETTING_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")
CRAWL_KEYS = frozenset(
    {"profile", "every", "cron", "timezone", "jitter", "max_runtime", "since", "backoff",
     "max_backoff", "set", "store"}
)  # fmt: skip
FLEET_KEYS = frozenset({"nodes", "project", "lost_after", "poll", "timeout"})
DEFAULTS: dict[str, str] = {
    "jitter": "0s",
    "max_runtime": "6h",
    "backoff": "5m",
    "max_backoff": "6h",
}


class ScheduleError(InvalidInput):
    """A schedule file that cannot be used; the message names file, key and expectation."""


@dataclass(frozen=True)
class Crawl:
    """One scheduled crawl: a profile, when it is due, and its limits."""

    name: str
    profile: str  # a built-in profile name or a path to a .toml file
    every: timedelta | None = None
    cron: Cron | None = None
    timezone: str = "UTC"
    jitter: timedelta = timedelta(0)
    max_runtime: timedelta = timedelta(hours=6)
    since: timedelta | None = None  # crawl only articles published within this window
    backoff: timedelta = timedelta(minutes=5)  # wait after a failure, doubled per failure in a row
    max_backoff: timedelta = timedelta(hours=6)
    settings: dict[str, str] = field(default_factory=dict)  # Scrapy settings: --set KEY=VALUE
    store: str | None = None

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class Fleet:
    """The Scrapyd nodes the crawls are dispatched to, and how they are watched."""

    nodes: tuple[str, ...]
    project: str = "newsindex"  # the Scrapyd project `newsindex fleet deploy` uploads
    lost_after: timedelta = timedelta(minutes=2)  # a job unseen this long is lost
    poll: timedelta = timedelta(seconds=10)  # how often the nodes are asked for their jobs
    timeout: timedelta = timedelta(seconds=10)  # a node not answering a call by then is down


@dataclass(frozen=True)
class Schedule:
    crawls: tuple[Crawl, ...]
    path: str = "<memory>"
    fleet: Fleet | None = None
    store: str | None = None  # the file's own `store`, which every crawl inherits


def parse_duration(text: str) -> timedelta:
    """``90s``, ``15m``, ``1h30m``, ``2d``: the units the schedule file uses."""
    match = DURATION_RE.match(text.strip()) if isinstance(text, str) else None
    if not match or not any(match.groups()):
        raise ValueError(f"expected a duration such as 90s, 15m, 1h30m or 2d, got {text!r}")
    days, hours, minutes, seconds = (int(g or 0) for g in match.groups())
    return timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)


def _setting_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return str(value)
    raise ValueError(f"expected a string, number or boolean, got {type(value).__name__}")


def _crawl(name: str, table: dict[str, Any], base: Path | None, where: str) -> Crawl:
    def fail(key: str, expected: str) -> ScheduleError:
        return ScheduleError(f"{where}: crawls.{name}.{key}: {expected}")

    unknown = sorted(set(table) - CRAWL_KEYS)
    if unknown:
        raise fail(unknown[0], f"unknown key (known: {', '.join(sorted(CRAWL_KEYS))})")
    values: dict[str, Any] = {}
    for key in ("every", "jitter", "max_runtime", "since", "backoff", "max_backoff"):
        if key in table:
            try:
                values[key] = parse_duration(table[key])
            except ValueError as exc:
                raise fail(key, str(exc)) from None
    if ("every" in table) == ("cron" in table):
        raise fail("every", 'give exactly one of `every` (e.g. "15m") and `cron`')
    if values.get("every") == timedelta(0):
        raise fail("every", "must be longer than 0s")
    if "cron" in table:
        try:
            values["cron"] = parse_cron(str(table["cron"]))
        except CronError as exc:
            raise fail("cron", str(exc)) from None
    timezone = table.get("timezone", "UTC")
    try:
        ZoneInfo(str(timezone))
    except (ZoneInfoNotFoundError, ValueError):
        raise fail("timezone", f"unknown time zone {timezone!r}") from None
    profile = table.get("profile", name)
    if not isinstance(profile, str) or not profile:
        raise fail("profile", "expected a profile name or a path to a .toml file")
    if profile.endswith(".toml") and base is not None and not Path(profile).is_absolute():
        profile = str(base / profile)
    raw_settings = table.get("set", {})
    if not isinstance(raw_settings, dict):
        raise fail("set", "expected a table of Scrapy settings, e.g. { DOWNLOAD_DELAY = 2 }")
    settings: dict[str, str] = {}
    for key, value in raw_settings.items():
        if not SETTING_RE.match(key):
            raise fail(f"set.{key}", "expected an upper-case Scrapy setting name")
        try:
            settings[key] = _setting_value(value)
        except ValueError as exc:
            raise fail(f"set.{key}", str(exc)) from None
    store = table.get("store")
    if store is not None and not isinstance(store, str):
        raise fail("store", "expected a store URL")
    return Crawl(
        name=name, profile=profile, timezone=str(timezone), settings=settings, store=store, **values
    )


def fleet_nodes(nodes: Any, where: str) -> tuple[str, ...]:
    """Validated Scrapyd node URLs (from the file's ``fleet.nodes`` or the command line)."""
    if not isinstance(nodes, list | tuple) or not nodes:
        raise ScheduleError(f'{where}: required: Scrapyd URLs, e.g. ["http://scrapyd-1:6800"]')
    for node in nodes:
        parts = urlsplit(node) if isinstance(node, str) else None
        if not parts or parts.scheme not in ("http", "https") or not parts.netloc:
            raise ScheduleError(f"{where}: expected http(s)://HOST:PORT, got {node!r}")
    urls = tuple(node.rstrip("/") for node in nodes)
    if len(set(urls)) != len(urls):
        raise ScheduleError(f"{where}: a node is named twice")
    return urls


def _fleet(table: Any, where: str) -> Fleet:
    def fail(key: str, expected: str) -> ScheduleError:
        return ScheduleError(f"{where}: fleet.{key}: {expected}")

    if not isinstance(table, dict):
        raise fail("nodes", "expected a [fleet] table")
    unknown = sorted(set(table) - FLEET_KEYS)
    if unknown:
        raise fail(unknown[0], f"unknown key (known: {', '.join(sorted(FLEET_KEYS))})")
    nodes = fleet_nodes(table.get("nodes"), f"{where}: fleet.nodes")
    project = table.get("project", "newsindex")
    if not isinstance(project, str) or not NAME_RE.match(project):
        raise fail("project", "expected a Scrapyd project name")
    durations: dict[str, timedelta] = {}
    for key in ("lost_after", "poll", "timeout"):
        if key in table:
            try:
                durations[key] = parse_duration(table[key])
            except ValueError as exc:
                raise fail(key, str(exc)) from None
            if not durations[key]:
                raise fail(key, "must be longer than 0s")
    return Fleet(nodes, project, **durations)


def parse_schedule(text: str, path: str = "<memory>") -> Schedule:
    """Validate a schedule file's text; relative profile paths are taken from its directory."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScheduleError(f"{path}: not valid TOML: {exc}") from None
    unknown = sorted(set(data) - {"store", "defaults", "crawls", "fleet"})
    if unknown:
        raise ScheduleError(
            f"{path}: {unknown[0]}: unknown key (known: store, defaults, crawls, fleet)"
        )
    defaults = {**DEFAULTS, **data.get("defaults", {})}
    if "store" in data:
        defaults.setdefault("store", data["store"])
    crawls = data.get("crawls")
    if not isinstance(crawls, dict) or not crawls:
        raise ScheduleError(f"{path}: crawls: required, missing (add a [crawls.NAME] table)")
    base = Path(path).parent if path != "<memory>" else None
    parsed = []
    for name, table in crawls.items():
        if not NAME_RE.match(name):
            raise ScheduleError(f"{path}: crawls.{name}: expected a lower-case name")
        if not isinstance(table, dict):
            raise ScheduleError(f"{path}: crawls.{name}: expected a table")
        trigger = ("every", "cron")
        own_trigger = any(k in table for k in trigger)
        inherited = {k: v for k, v in defaults.items() if not (own_trigger and k in trigger)}
        parsed.append(_crawl(name, {**inherited, **table}, base, path))
    fleet = _fleet(data["fleet"], path) if "fleet" in data else None
    store = data.get("store")
    return Schedule(tuple(parsed), path, fleet, store if isinstance(store, str) else None)


def load_schedule(path: Path) -> Schedule:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScheduleError(f"{path}: cannot read the schedule file: {exc.strerror}") from None
    return parse_schedule(text, str(path))
