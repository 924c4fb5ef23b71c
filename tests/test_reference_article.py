"""What extraction must make of a translated regional article page (the reference case).

The shared reference article (``../shared/fixtures/cpj-kazakhstan-article.txt``,
read at runtime, never copied here) and our own story in the same layout are
each served inside the Dala News layout: title, photo credit, paragraphs, an
"Original Author:" byline, a translation disclaimer and a "Latest news" list.
The body must be the article's paragraphs and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from crawler.extract import extract
from crawler.profile import parse_profile_text
from tests.conftest import shared_path
from tests.sites.newsportal import (
    ROAD_CONTRACTS_REFERENCE_LAYOUT,
    Article,
    newsportal,
    profile_toml,
    reference_article,
)

BASE_URL = "http://127.0.0.1:8080"


@dataclass(frozen=True)
class ReferencePage:
    article: Article  # what the page shows
    title: str  # what extraction must find
    authors: list[str]
    fields: dict[str, Any]  # what extraction found


def _extracted(article: Article, reference_text: str | None = None) -> dict[str, Any]:
    html = newsportal(reference_text).pages[article.path]
    profile = parse_profile_text(profile_toml(BASE_URL), "dala-news.toml")
    return extract(html, BASE_URL + article.path, profile)


@pytest.fixture(scope="module")
def shared_reference() -> ReferencePage:
    text = shared_path("fixtures", "cpj-kazakhstan-article.txt").read_text(encoding="utf-8")
    article = reference_article(text)
    return ReferencePage(
        article,
        "Committee to Protect Journalists Calls on Kazakh Government to Investigate Cyber "
        "Attacks on Media",
        ["Alina Yesenalina"],
        _extracted(article, text),
    )


@pytest.fixture(scope="module")
def own_story() -> ReferencePage:
    article = ROAD_CONTRACTS_REFERENCE_LAYOUT
    return ReferencePage(
        article,
        "Almaty Court Orders City Hall to Disclose Road Repair Contracts to Journalist",
        ["Madina Omarova"],
        _extracted(article),
    )


@pytest.fixture(params=["shared_reference", "own_story"])
def page(request: pytest.FixtureRequest) -> ReferencePage:
    result: ReferencePage = request.getfixturevalue(request.param)
    return result


def paragraphs(body: str) -> list[str]:
    return body.split("\n\n")


def test_title_is_the_headline(page: ReferencePage) -> None:
    assert page.fields["title"] == page.title


def test_author_comes_from_the_original_author_byline(page: ReferencePage) -> None:
    assert page.fields["authors"] == page.authors


def test_page_is_marked_as_a_translation(page: ReferencePage) -> None:
    assert page.fields["is_translation"] is True


def test_body_contains_the_first_and_last_paragraphs(page: ReferencePage) -> None:
    body = paragraphs(page.fields["body"])
    assert page.article.paragraphs[0] in body
    assert page.article.paragraphs[-1] in body


def test_body_contains_none_of_the_latest_news_headlines(page: ReferencePage) -> None:
    assert len(page.article.latest) >= 6
    assert [h for h in page.article.latest if h in page.fields["body"]] == []


def test_body_leaves_out_the_photo_credit(page: ReferencePage) -> None:
    credit = page.article.photo_credit or ""
    assert credit.startswith("Photo: ")
    assert credit not in page.fields["body"]


def test_body_leaves_out_the_translation_disclaimer(page: ReferencePage) -> None:
    disclaimer = page.article.disclaimer or ""
    assert disclaimer.startswith("DISCLAIMER: This is a translated piece.")
    assert disclaimer not in page.fields["body"]
    assert "DISCLAIMER" not in page.fields["body"]


def test_body_leaves_out_the_byline(page: ReferencePage) -> None:
    assert "Original Author" not in page.fields["body"]


def test_body_is_exactly_the_article_paragraphs(page: ReferencePage) -> None:
    assert paragraphs(page.fields["body"]) == list(page.article.paragraphs)


def test_cited_sources_include_orda_cpj_and_adil_soz(shared_reference: ReferencePage) -> None:
    assert {"Orda.kz", "CPJ", "Adil Soz"} <= set(shared_reference.fields["cited_sources"])


def test_countries_include_kazakhstan(shared_reference: ReferencePage) -> None:
    assert "KZ" in shared_reference.fields["countries"]
