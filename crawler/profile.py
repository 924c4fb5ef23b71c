"""Site profiles: the TOML file that tells the one generic spider how an outlet works.

A profile is data, not code. Loading validates every key and fails with
one message naming the file, the key and what was expected, so a typo in a
profile never turns into a silent empty crawl.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SELECTOR_KEYS = ("title", "lead", "body", "authors", "published", "modified", "section", "tags")


class ProfileError(ValueError):
    """A profile that cannot be used; the message names file, key and expectation."""


@dataclass(frozen=True)
class Lists:
    urls: tuple[str, ...] = ()
    next_page: str | None = None
    max_pages: int = 5


@dataclass(frozen=True)
class Profile:
    name: str
    source_name: str
    domains: tuple[str, ...]
    article_pattern: re.Pattern[str]
    languages: tuple[str, ...] = ()
    timezone: str = "UTC"
    user_agent: str | None = None
    lists: Lists = field(default_factory=Lists)
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    selectors: dict[str, str] = field(default_factory=dict)
    examples_articles: tuple[str, ...] = ()
    examples_not_articles: tuple[str, ...] = ()
    path: str = "<memory>"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def is_article(self, url: str) -> bool:
        return bool(self.article_pattern.search(url)) and self.owns(url)

    def owns(self, url: str) -> bool:
        """Whether a URL is on one of the profile's domains (or their subdomains)."""
        host = (urlsplit(url).hostname or "").lower()
        return any(host == d or host.endswith("." + d) for d in self.domains)


class _Reader:
    """Typed access to a TOML table, with errors that say where and what."""

    def __init__(self, data: dict[str, Any], path: str, prefix: str = ""):
        self.data = data
        self.path = path
        self.prefix = prefix
        self.used: set[str] = set()

    def fail(self, key: str, expected: str) -> ProfileError:
        return ProfileError(f"{self.path}: {self.prefix}{key}: {expected}")

    def _get(self, key: str, required: bool) -> Any:
        self.used.add(key)
        if key not in self.data:
            if required:
                raise self.fail(key, "required, missing")
            return None
        return self.data[key]

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "expected a non-empty string")
        return value.strip()

    def texts(self, key: str, *, required: bool = False) -> tuple[str, ...]:
        value = self._get(key, required)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(key, "expected a list of non-empty strings")
        if required and not value:
            raise self.fail(key, "expected at least one entry")
        return tuple(value)

    def number(self, key: str, default: int, minimum: int = 1) -> int:
        value = self._get(key, False)
        if value is None:
            return default
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise self.fail(key, f"expected a whole number >= {minimum}")
        return value

    def table(self, key: str) -> _Reader | None:
        value = self._get(key, False)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise self.fail(key, "expected a table")
        return _Reader(value, self.path, f"{self.prefix}{key}.")

    def no_unknown_keys(self) -> None:
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            raise self.fail(unknown[0], f"unknown key (known: {', '.join(sorted(self.used))})")


def _urls(reader: _Reader, key: str, *, required: bool = False) -> tuple[str, ...]:
    urls = reader.texts(key, required=required)
    for url in urls:
        if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
            raise reader.fail(key, f"expected absolute http(s) URLs, got {url!r}")
    return urls


def parse_profile(data: dict[str, Any], path: str = "<memory>") -> Profile:
    """Validate a profile's TOML data."""
    top = _Reader(data, path)
    name = top.text("name", required=True)
    assert name is not None
    if not NAME_RE.match(name):
        raise top.fail("name", "expected lower-case letters, digits and dashes (e.g. orda-kz)")
    source_name = top.text("source_name", required=True)
    domains = tuple(d.lower() for d in top.texts("domains", required=True))
    languages = top.texts("languages")
    timezone = top.text("timezone") or "UTC"
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise top.fail(
            "timezone", f"expected an IANA time zone such as Asia/Almaty, got {timezone!r}"
        ) from None
    user_agent = top.text("user_agent")

    lists_table = top.table("lists")
    feeds_table = top.table("feeds")
    sitemaps_table = top.table("sitemaps")
    feeds = _urls(feeds_table, "urls", required=True) if feeds_table else ()
    sitemaps = _urls(sitemaps_table, "urls", required=True) if sitemaps_table else ()
    if lists_table is None:
        if not feeds and not sitemaps:
            raise top.fail("lists.urls", "required, missing (or give feeds.urls / sitemaps.urls)")
        raise top.fail("lists.article_pattern", "required, missing")
    lists = Lists(
        urls=_urls(lists_table, "urls", required=not (feeds or sitemaps)),
        next_page=lists_table.text("next_page"),
        max_pages=lists_table.number("max_pages", 5),
    )
    pattern_text = lists_table.text("article_pattern", required=True)
    assert pattern_text is not None
    try:
        pattern = re.compile(pattern_text)
    except re.error as exc:
        raise lists_table.fail(
            "article_pattern", f"expected a regular expression ({exc})"
        ) from None

    selectors: dict[str, str] = {}
    if (sel := top.table("selectors")) is not None:
        for key in SELECTOR_KEYS:
            value = sel.text(key)
            if value:
                selectors[key] = value
        sel.no_unknown_keys()
    articles: tuple[str, ...] = ()
    not_articles: tuple[str, ...] = ()
    if (ex := top.table("examples")) is not None:
        articles = ex.texts("articles")
        not_articles = ex.texts("not_articles")
        ex.no_unknown_keys()

    for reader in (lists_table, feeds_table, sitemaps_table):
        if reader is not None:
            reader.no_unknown_keys()
    top.no_unknown_keys()
    return Profile(
        name=name,
        source_name=source_name or name,
        domains=domains,
        article_pattern=pattern,
        languages=languages,
        timezone=timezone,
        user_agent=user_agent,
        lists=lists,
        feeds=feeds,
        sitemaps=sitemaps,
        selectors=selectors,
        examples_articles=articles,
        examples_not_articles=not_articles,
        path=path,
    )


def parse_profile_text(text: str, path: str = "<memory>") -> Profile:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path}: not valid TOML: {exc}") from None
    return parse_profile(data, path)


def builtin_profiles() -> list[str]:
    folder = resources.files("crawler") / "profiles"
    return sorted(
        p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")
    )


def load_profile(name_or_path: str) -> Profile:
    """A built-in profile by name, or a profile file by path."""
    path = Path(name_or_path)
    if name_or_path.endswith(".toml") or path.exists():
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ProfileError(f"{name_or_path}: cannot read profile: {exc.strerror}") from None
        return parse_profile_text(text, str(path))
    resource = resources.files("crawler") / "profiles" / f"{name_or_path}.toml"
    if not resource.is_file():
        known = ", ".join(builtin_profiles()) or "none"
        raise ProfileError(f"unknown profile {name_or_path!r} (built-in: {known}; or a .toml path)")
    return parse_profile_text(resource.read_text(encoding="utf-8"), f"profiles/{name_or_path}.toml")
