"""Only well-formed http(s) URLs are ever requested, however a page, feed or sitemap names them.

One admission function (``index.urls.web_url``) decides; discovery skips and
counts what it refuses, so one bad link never costs the good ones beside it.
"""

from __future__ import annotations

import time
from collections import Counter
from datetime import UTC, datetime

import pytest

from crawler.article import article
from crawler.discovery.links import article_links
from crawler.profile import parse_profile_text
from index.errors import InvalidInput
from index.urls import InvalidURL, canonical_url, web_url

PROFILE = parse_profile_text(
    'name = "site"\nsource_name = "Site"\ndomains = ["127.0.0.1", "site.kz"]\n'
    "[lists]\nurls = ['http://127.0.0.1:8000/news/']\narticle_pattern = '/news/story-\\d+/$'\n"
)
BASE = "http://127.0.0.1:8000/news/"
GOOD = [f"/news/story-{n}/" for n in range(9)]


@pytest.mark.parametrize(
    ("href", "reason"),
    [
        ("file:///etc/passwd", "not_http"),
        ("file://127.0.0.1/news/story-1/", "not_http"),
        ("ftp://127.0.0.1/news/story-1/", "not_http"),
        ("gopher://127.0.0.1/news/story-1/", "not_http"),
        ("http://127.0.0.1:99999/news/story-1/", "malformed_url"),
        ("http://127.0.0.1:-1/news/story-1/", "malformed_url"),
        ("http://[::1/news/story-1/", "malformed_url"),
        ("https://:80/news/story-1/", "malformed_url"),
        ("http://127.0.0.1/" + "a" * 2001, "url_too_long"),
    ],
)
def test_web_url_refuses_what_is_not_a_well_formed_http_url(href: str, reason: str) -> None:
    with pytest.raises(InvalidURL) as refused:
        web_url(href, BASE)
    assert refused.value.reason == reason
    assert isinstance(refused.value, InvalidInput)


def test_web_url_makes_relative_links_absolute() -> None:
    assert web_url("story-1/", BASE) == "http://127.0.0.1:8000/news/story-1/"
    assert web_url(" HTTPS://Site.kz/a ") == "HTTPS://Site.kz/a"


def test_a_malformed_link_costs_only_itself_on_a_list_page() -> None:
    refused: Counter[str] = Counter()
    hrefs = [*GOOD[:4], "http://127.0.0.1:99999/news/story-9/", "http://[::1/news/story-10/"]
    found = article_links([*hrefs, *GOOD[4:]], BASE, PROFILE.canonical, PROFILE.is_article, refused)
    assert found == [f"http://127.0.0.1:8000{path}" for path in GOOD]
    assert refused == Counter({"malformed_url": 2})


def test_file_and_ftp_links_on_the_profiles_own_host_are_not_articles() -> None:
    refused: Counter[str] = Counter()
    hrefs = ["file://127.0.0.1/news/story-1/", "ftp://127.0.0.1/news/story-2/", GOOD[0]]
    found = article_links(hrefs, BASE, PROFILE.canonical, PROFILE.is_article, refused)
    assert found == ["http://127.0.0.1:8000/news/story-0/"]
    assert refused == Counter({"not_http": 2})
    assert not PROFILE.owns("file://127.0.0.1/dev/zero")
    assert not PROFILE.is_article("file://127.0.0.1/news/story-1/")


def test_canonical_url_of_a_malformed_url_is_a_clear_input_error() -> None:
    with pytest.raises(InvalidURL, match=r"(?i)port"):
        canonical_url("http://site.kz:99999/x")


def test_a_malformed_rel_canonical_leaves_the_fetched_url() -> None:
    page = (
        '<html><head><link rel="canonical" href="http://127.0.0.1:99999/news/story-1/">'
        "<title>T</title></head><body><h1>Title</h1><p>"
        + "Body text of the story. " * 20
        + "</p></body></html>"
    )
    doc = article(page, BASE + "story-1/", PROFILE, datetime(2026, 3, 1, tzinfo=UTC))
    assert doc.url == BASE + "story-1/"


def test_a_catastrophic_article_pattern_answers_in_bounded_time() -> None:
    profile = parse_profile_text(
        'name = "site"\nsource_name = "Site"\ndomains = ["127.0.0.1"]\n'
        "[lists]\nurls = ['http://127.0.0.1/news/']\narticle_pattern = '/news/(a|aa)+$'\n"
    )
    refused: Counter[str] = Counter()
    started = time.monotonic()
    found = article_links(
        ["/news/" + "a" * 40 + "!", "/news/aaa"],
        "http://127.0.0.1/",
        profile.canonical,
        profile.is_article,
        refused,
    )
    assert time.monotonic() - started < 5
    assert found == ["http://127.0.0.1/news/aaa"]
    assert refused == Counter({"pattern_timeout": 1})


def test_one_page_yields_at_most_the_link_cap() -> None:
    refused: Counter[str] = Counter()
    hrefs = [f"/news/story-{n}/" for n in range(3000)]
    found = article_links(hrefs, BASE, PROFILE.canonical, PROFILE.is_article, refused, limit=1000)
    assert len(found) == 1000
    assert refused == Counter({"too_many_links": 2000})
