"""Site profiles: the TOML file that tells the one generic spider how an outlet works.

A profile is data, not code. Loading validates every key and fails with
one message naming the file, the key and what was expected, so a typo in a
profile never turns into a silent empty crawl.
"""

from __future__ import annotations

import re
import string
import tomllib
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from crawler.discovery.pagination import ARCHIVE_FIELDS, PAGE_FIELDS, archive_url, page_url
from crawler.patterns import UrlPattern, css_problem, pattern_problem
from index.errors import InvalidInput
from index.urls import InvalidURL, canonical_url, fold_host, web_url

NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
SELECTOR_KEYS = ("title", "lead", "body", "authors", "published", "modified", "section", "tags")
MAX_PAGES = 10_000  # list pages per list URL
MAX_ARCHIVE_DAYS = 36_525  # a century of daily archive pages


class ProfileError(InvalidInput):
    """A profile that cannot be used; the message names file, key and expectation."""


@dataclass(frozen=True)
class Lists:
    urls: tuple[str, ...] = ()
    next_page: str | None = None
    max_pages: int = 5
    page_template: str | None = None  # "{url}page/{n}/", "{url}?PAGEN_1={n}", ...
    archive_template: str | None = None  # "{url}{yyyy}/{mm}/{dd}", "...?date={date}"
    archive_days: int = 7
    link_selector: str | None = None  # where article links are (default: the whole page)


@dataclass(frozen=True)
class Profile:
    name: str
    source_name: str
    domains: tuple[str, ...]
    article_pattern: UrlPattern
    languages: tuple[str, ...] = ()
    timezone: str = "UTC"
    user_agent: str | None = None
    lists: Lists = field(default_factory=Lists)
    feeds: tuple[str, ...] = ()
    feed_user_agent: str | None = None  # some feeds answer HTML unless asked as a feed reader
    sitemaps: tuple[str, ...] = ()
    sitemap_follow: tuple[UrlPattern, ...] = ()  # regexes on child sitemap URLs of an index
    redirect_domains: tuple[str, ...] = ()  # other hosts a redirect may lead to (CDN mirrors)
    allow_private: bool = False  # let redirects outside `domains` reach private addresses
    selectors: dict[str, str] = field(default_factory=dict)
    examples_articles: tuple[str, ...] = ()
    examples_not_articles: tuple[str, ...] = ()
    path: str = "<memory>"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def is_article(self, url: str) -> bool:
        """Whether a URL is one of the outlet's articles; InvalidURL (``pattern_timeout``)
        when the pattern cannot tell in time."""
        return self.owns(url) and self.article_pattern.search(url)

    def owns(self, url: str) -> bool:
        """Whether a URL is an http(s) URL on one of the profile's domains (or subdomains)."""
        try:
            web_url(url)
        except InvalidURL:
            return False
        return self.owns_host(urlsplit(url).hostname or "")

    def owns_host(self, host: str, domains: tuple[str, ...] | None = None) -> bool:
        host = host.lower()
        return any(host == d or host.endswith("." + d) for d in domains or self.domains)

    def canonical(self, url: str) -> str:
        """The canonical URL; mobile and AMP hosts of the profile's domains are folded."""
        url = canonical_url(url)
        host = urlsplit(url).hostname or ""
        folded = fold_host(host)
        if folded != host and self.owns_host(folded):
            return canonical_url(url.replace(host, folded, 1))
        return url

    @property
    def discovery(self) -> tuple[str, ...]:
        """How the crawler finds this outlet's articles, for ``newsindex sites``."""
        methods = []
        if self.lists.urls:
            methods.append("pages" if self.lists.page_template else "list")
        if self.lists.archive_template:
            methods.append("archive")
        if self.feeds:
            methods.append("feed")
        if self.sitemaps:
            methods.append("sitemap")
        return tuple(methods)


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

    def flag(self, key: str) -> bool:
        value = self._get(key, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            raise self.fail(key, "expected true or false")
        return value

    def template(self, key: str, fields: frozenset[str], needs: str | None) -> str | None:
        """A URL template whose placeholders are among ``fields``."""
        value = self.text(key)
        if value is None:
            return None
        try:
            used = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
        except ValueError as exc:
            raise self.fail(key, f"expected a URL template ({exc})") from None
        unknown = sorted(used - fields)
        if unknown:
            raise self.fail(
                key, f"unknown placeholder {{{unknown[0]}}} (known: {', '.join(sorted(fields))})"
            )
        if needs and needs not in used:
            raise self.fail(key, f"expected a template with {{{needs}}}")
        return value

    def patterns(self, key: str) -> tuple[UrlPattern, ...]:
        values = self.texts(key)
        for value in values:
            if problem := pattern_problem(value):
                raise self.fail(key, f"expected regular expressions ({problem})")
        return tuple(UrlPattern(v) for v in values)

    def pattern(self, key: str) -> UrlPattern:
        value = self.text(key, required=True)
        assert value is not None
        if problem := pattern_problem(value):
            raise self.fail(key, f"expected a regular expression ({problem})")
        return UrlPattern(value)

    def selector(self, key: str) -> str | None:
        value = self.text(key)
        if value is not None and (problem := css_problem(value)):
            raise self.fail(key, f"expected a CSS selector ({problem})")
        return value

    def number(self, key: str, default: int, minimum: int = 1, maximum: int = 10**6) -> int:
        value = self._get(key, False)
        if value is None:
            return default
        if not isinstance(value, int) or isinstance(value, bool) or not minimum <= value <= maximum:
            raise self.fail(key, f"expected a whole number from {minimum} to {maximum}")
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


def _urls(
    reader: _Reader, key: str, domains: tuple[str, ...], *, required: bool = False
) -> tuple[str, ...]:
    """Start URLs: absolute http(s) URLs on the profile's own domains."""
    urls = reader.texts(key, required=required)
    for url in urls:
        try:
            web_url(url)
        except InvalidURL as exc:
            raise reader.fail(key, f"expected absolute http(s) URLs ({exc})") from None
        host = (urlsplit(url).hostname or "").lower()
        if not any(host == d or host.endswith("." + d) for d in domains):
            raise reader.fail(
                key, f"{url!r} is outside the profile's domains ({', '.join(domains)})"
            )
    return urls


def _check_templates(reader: _Reader, lists: Lists, domains: tuple[str, ...]) -> None:
    """The URLs the pagination templates make are start URLs too: http(s), on the domains."""
    base = lists.urls[0] if lists.urls else ""
    made = {
        "page_template": page_url(lists.page_template, base, 2) if lists.page_template else None,
        "archive_template": (
            archive_url(lists.archive_template, date(2026, 1, 31), base)
            if lists.archive_template
            else None
        ),
    }
    for key, url in made.items():
        if url is not None:
            _urls(_Reader({key: [url]}, reader.path, reader.prefix), key, domains)


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
    redirect_domains = tuple(d.lower() for d in top.texts("redirect_domains"))
    allow_private = top.flag("allow_private")

    lists_table = top.table("lists")
    feeds_table = top.table("feeds")
    sitemaps_table = top.table("sitemaps")
    feeds = _urls(feeds_table, "urls", domains, required=True) if feeds_table else ()
    feed_user_agent = feeds_table.text("user_agent") if feeds_table else None
    sitemaps = _urls(sitemaps_table, "urls", domains, required=True) if sitemaps_table else ()
    sitemap_follow = sitemaps_table.patterns("follow") if sitemaps_table else ()
    if lists_table is None:
        if not feeds and not sitemaps:
            raise top.fail("lists.urls", "required, missing (or give feeds.urls / sitemaps.urls)")
        raise top.fail("lists.article_pattern", "required, missing")
    lists = Lists(
        urls=_urls(
            lists_table,
            "urls",
            domains,
            required=not (feeds or sitemaps or "archive_template" in lists_table.data),
        ),
        next_page=lists_table.selector("next_page"),
        max_pages=lists_table.number("max_pages", 5, maximum=MAX_PAGES),
        page_template=lists_table.template("page_template", PAGE_FIELDS, "n"),
        archive_template=lists_table.template("archive_template", ARCHIVE_FIELDS, None),
        archive_days=lists_table.number("archive_days", 7, maximum=MAX_ARCHIVE_DAYS),
        link_selector=lists_table.selector("link_selector"),
    )
    if lists.archive_template and not any(
        f"{{{f}}}" in lists.archive_template for f in ("date", "yyyy", "dd")
    ):
        raise lists_table.fail("archive_template", "expected a template with {date} or {yyyy}")
    if lists.page_template and not lists.urls:
        raise lists_table.fail("page_template", "pages of what? lists.urls is empty")
    _check_templates(lists_table, lists, domains)
    pattern = lists_table.pattern("article_pattern")

    selectors: dict[str, str] = {}
    if (sel := top.table("selectors")) is not None:
        for key in SELECTOR_KEYS:
            value = sel.selector(key)
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
        feed_user_agent=feed_user_agent,
        sitemaps=sitemaps,
        sitemap_follow=sitemap_follow,
        redirect_domains=redirect_domains,
        allow_private=allow_private,
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
        except UnicodeDecodeError as exc:
            raise ProfileError(
                f"{name_or_path}: not UTF-8 text (byte {exc.start}): save the profile as UTF-8"
            ) from None
        return parse_profile_text(text, str(path))
    resource = resources.files("crawler") / "profiles" / f"{name_or_path}.toml"
    if not resource.is_file():
        known = ", ".join(builtin_profiles()) or "none"
        raise ProfileError(f"unknown profile {name_or_path!r} (built-in: {known}; or a .toml path)")
    return parse_profile_text(resource.read_text(encoding="utf-8"), f"profiles/{name_or_path}.toml")
