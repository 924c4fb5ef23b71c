"""Site profiles: a valid one loads, a broken one says which file and key, and why.

The cases edit the Dala News profile (tests/sites/newsportal.py) one key at a time.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from crawler.profile import Profile, ProfileError, load_profile, parse_profile_text
from tests.cli import run_cli
from tests.sites.newsportal import (
    ARTICLES,
    DISALLOWED_ARTICLE,
    MISSING_ARTICLE,
    NOT_ARTICLES,
    profile_toml,
)

BASE_URL = "http://127.0.0.1:8080"
VALID = profile_toml(BASE_URL)


def write(tmp_path: Path, text: str, name: str = "dala-news.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def edited(old: str, new: str) -> str:
    assert old in VALID, f"the valid profile has no {old!r} to edit"
    return VALID.replace(old, new)


def test_valid_profile_loads(tmp_path: Path) -> None:
    profile = load_profile(str(write(tmp_path, VALID)))
    assert (
        profile.name,
        profile.source_name,
        profile.domains,
        profile.languages,
        profile.timezone,
        profile.lists.urls,
        profile.lists.next_page,
        profile.lists.max_pages,
        profile.article_pattern.pattern,
        profile.path,
    ) == (
        "dala-news",
        "Dala News",
        ("127.0.0.1",),
        ("ru", "kk", "en"),
        "Asia/Almaty",
        (f"{BASE_URL}/news/",),
        "a.next::attr(href)",
        5,
        r"/news/[a-z0-9-]+-\d+/$",
        str(tmp_path / "dala-news.toml"),
    )


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(edited(f'urls = ["{BASE_URL}/news/"]\n', ""), id="no-urls-in-lists"),
        pytest.param(VALID[: VALID.index("[lists]")], id="no-lists-table"),
    ],
)
def test_crawl_with_a_profile_missing_lists_urls_exits_2_with_one_line(
    tmp_path: Path, text: str
) -> None:
    path = write(tmp_path, text, "bad.toml")
    outcome = run_cli("crawl", str(path), "--store", f"sqlite:///{tmp_path / 'news.db'}")
    assert outcome.code == 2
    assert outcome.stdout == ""
    [line] = outcome.stderr.splitlines()
    assert re.fullmatch(rf"newsindex: error: {re.escape(str(path))}: lists\.urls: .+", line)


BROKEN = [
    pytest.param(
        "article_pattern = '/news/[a-z0-9-]+-\\d+/$'",
        "article_pattern = '/news/([a-z0-9-]+-\\d+/$'",
        "lists.article_pattern",
        id="bad-regex",
    ),
    pytest.param('languages = ["ru", "kk", "en"]', 'langs = ["ru"]', "langs", id="unknown-key"),
    pytest.param("max_pages = 5", "max_page = 5", "lists.max_page", id="unknown-key-in-table"),
    pytest.param(
        "max_pages = 5",
        'max_pages = 5\n\n[selectors]\nheadline = "h1"',
        "selectors.headline",
        id="unknown-selector",
    ),
    pytest.param("max_pages = 5", 'max_pages = "5"', "lists.max_pages", id="string-for-number"),
    pytest.param("max_pages = 5", "max_pages = 0", "lists.max_pages", id="number-too-small"),
    pytest.param('domains = ["127.0.0.1"]', 'domains = "127.0.0.1"', "domains", id="str-for-list"),
    pytest.param(
        f'urls = ["{BASE_URL}/news/"]', 'urls = ["/news/"]', "lists.urls", id="relative-url"
    ),
    pytest.param('name = "dala-news"', 'name = "Dala News"', "name", id="bad-name"),
    pytest.param('timezone = "Asia/Almaty"', 'timezone = "Asia/Alma-Ata"', "timezone", id="tz"),
    pytest.param('timezone = "Asia/Almaty"', 'timezone = "UTC+5"', "timezone", id="offset-tz"),
    # Found at load, not mid-crawl or as a crash at start-up:
    pytest.param(
        'next_page = "a.next::attr(href)"', 'next_page = "a..next"', "lists.next_page", id="bad-css"
    ),
    pytest.param(
        "max_pages = 5",
        'max_pages = 5\n\n[selectors]\nbody = "div[class="',
        "selectors.body",
        id="bad-css-selector",
    ),
    pytest.param(
        "max_pages = 5",
        "max_pages = 5\narchive_template = '{url}{date}'\narchive_days = 100000000",
        "lists.archive_days",
        id="archive-days-overflow",
    ),
    pytest.param(
        "max_pages = 5", "max_pages = 100000000000", "lists.max_pages", id="max-pages-huge"
    ),
    pytest.param(
        f'urls = ["{BASE_URL}/news/"]',
        'urls = ["http://127.0.0.1:99999/news/"]',
        "lists.urls",
        id="port-out-of-range",
    ),
    pytest.param(
        f'urls = ["{BASE_URL}/news/"]', 'urls = ["http://[::1/news/"]', "lists.urls", id="ipv6"
    ),
    pytest.param(
        f'urls = ["{BASE_URL}/news/"]', 'urls = ["file:///etc/news/"]', "lists.urls", id="file"
    ),
    pytest.param(
        f'urls = ["{BASE_URL}/news/"]',
        'urls = ["http://elsewhere.example/news/"]',
        "lists.urls",
        id="start-url-outside-domains",
    ),
    pytest.param(
        "max_pages = 5",
        'max_pages = 5\n\n[feeds]\nurls = ["https://elsewhere.example/rss"]',
        "feeds.urls",
        id="feed-outside-domains",
    ),
]


@pytest.mark.parametrize(("old", "new", "key"), BROKEN)
def test_broken_profile_error_names_the_file_and_key(
    tmp_path: Path, old: str, new: str, key: str
) -> None:
    path = write(tmp_path, edited(old, new))
    with pytest.raises(ProfileError) as error:
        load_profile(str(path))
    assert str(error.value).startswith(f"{path}: {key}: ")
    assert "\n" not in str(error.value)


@pytest.fixture(scope="module")
def profile() -> Profile:
    return parse_profile_text(VALID, "dala-news.toml")


@pytest.mark.parametrize("path", [a.path for a in ARTICLES])
def test_article_pages_are_articles(profile: Profile, path: str) -> None:
    assert profile.is_article(BASE_URL + path)


@pytest.mark.parametrize("path", [DISALLOWED_ARTICLE, MISSING_ARTICLE])
def test_disallowed_and_missing_stories_look_like_articles(profile: Profile, path: str) -> None:
    # So the crawl tests prove robots.txt and the 404 are honoured, not the pattern.
    assert profile.is_article(BASE_URL + path)


@pytest.mark.parametrize("path", NOT_ARTICLES)
def test_list_tag_author_and_about_pages_are_not_articles(profile: Profile, path: str) -> None:
    assert not profile.is_article(BASE_URL + path)


def test_article_path_on_another_host_is_not_an_article(profile: Profile) -> None:
    assert not profile.is_article("http://example.org" + ARTICLES[0].path)


@pytest.mark.parametrize(
    ("new", "key"),
    [
        ('max_pages = 5\npage_template = "{url}page/{page}/"', "lists.page_template"),
        ('max_pages = 5\npage_template = "{url}page/"', "lists.page_template"),
        ('max_pages = 5\narchive_template = "{url}archive/"', "lists.archive_template"),
    ],
    ids=["unknown-placeholder", "no-page-number", "archive-without-date"],
)
def test_bad_pagination_template_error_names_the_key(tmp_path: Path, new: str, key: str) -> None:
    path = write(tmp_path, edited("max_pages = 5", new))
    with pytest.raises(ProfileError) as error:
        load_profile(str(path))
    assert str(error.value).startswith(f"{path}: {key}: ")


def test_crawl_with_a_malformed_set_option_exits_2(tmp_path: Path) -> None:
    path = write(tmp_path, VALID)
    outcome = run_cli("crawl", str(path), "--set", "AUTOTHROTTLE_ENABLED")
    assert outcome.code == 2
    assert "KEY=VALUE" in outcome.stderr


def test_crawl_with_a_profile_whose_start_urls_lie_outside_its_domains_exits_2(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, edited(f"{BASE_URL}/news/", "http://elsewhere.example/news/"))
    outcome = run_cli("crawl", str(path), "--store", f"sqlite:///{tmp_path / 'news.db'}")
    assert outcome.code == 2
    [line] = outcome.stderr.splitlines()
    assert "lists.urls" in line and "domains" in line


def test_a_profile_that_is_not_utf8_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "latin.toml"
    path.write_bytes(VALID.replace("Dala News", "Dala \xff News").encode("latin-1"))
    outcome = run_cli("crawl", str(path), "--store", f"sqlite:///{tmp_path / 'news.db'}")
    assert outcome.code == 2
    [line] = outcome.stderr.splitlines()
    assert line.startswith(f"newsindex: error: {path}: ") and "UTF-8" in line
