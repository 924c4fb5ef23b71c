"""The built-in outlet profiles: each loads, and its article pattern sorts its own examples."""

from __future__ import annotations

from datetime import date

import pytest

from crawler.discovery.pagination import archive_url
from crawler.profile import Profile, builtin_profiles, load_profile
from tests.cli import run_cli

NAMES = builtin_profiles()


def test_there_are_at_least_fifteen_builtin_profiles() -> None:
    assert len(NAMES) >= 15


@pytest.fixture(params=NAMES)
def profile(request: pytest.FixtureRequest) -> Profile:
    return load_profile(request.param)


def test_builtin_profile_has_article_and_non_article_examples(profile: Profile) -> None:
    assert profile.examples_articles and profile.examples_not_articles


def test_builtin_profile_discovery_starts_on_its_own_domains(profile: Profile) -> None:
    """Scrapy's offsite filter drops requests outside the profile's domains: a list, feed,
    sitemap or archive page elsewhere would never be fetched, and the outlet never crawled."""
    starts = [*profile.lists.urls, *profile.feeds, *profile.sitemaps]
    template = profile.lists.archive_template
    if template:
        bases = profile.lists.urls if "{url}" in template else ("",)
        starts += [archive_url(template, date(2026, 3, 1), base) for base in bases]
    assert starts, "no discovery start point"
    assert [url for url in starts if not profile.owns(url)] == []


def test_builtin_profile_article_examples_are_articles(profile: Profile) -> None:
    assert [
        u for u in profile.examples_articles if not profile.is_article(profile.canonical(u))
    ] == []


def test_builtin_profile_non_article_examples_are_not_articles(profile: Profile) -> None:
    assert [
        u for u in profile.examples_not_articles if profile.is_article(profile.canonical(u))
    ] == []


def test_sites_lists_every_builtin_profile_with_its_discovery_methods() -> None:
    outcome = run_cli("sites", "--json")
    assert outcome.code == 0, outcome.stderr
    import json

    rows = {row["name"]: row for row in json.loads(outcome.stdout)}
    assert sorted(rows) == NAMES
    assert rows["tengrinews"] == {
        "name": "tengrinews",
        "outlet": "Tengrinews",
        "languages": ["ru", "kk", "en"],
        "discovery": ["pages", "feed", "sitemap"],
    }
