"""The page's JSON-LD as publishers write it: wrapped, with junk, in graphs of references."""

from __future__ import annotations

import json

import pytest

from crawler.extract import jsonld
from crawler.extract.parse import parse_html

ARTICLE = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "headline": "Bishkek buses get new routes",
    "datePublished": "2024-05-02T09:00:00+06:00",
    "author": {"@type": "Person", "name": "Aibek Tashiev"},
}


def article(*blocks: str) -> dict[str, object]:
    scripts = "".join(f'<script type="application/ld+json">{b}</script>' for b in blocks)
    return jsonld.read_graph(
        parse_html(f"<html><head>{scripts}</head><body></body></html>")
    ).article()


@pytest.mark.parametrize(
    "block",
    [
        json.dumps(ARTICLE),
        f"<![CDATA[\n{json.dumps(ARTICLE)}\n]]>",
        f"//<![CDATA[\n{json.dumps(ARTICLE)}\n//]]>",
        f"{json.dumps(ARTICLE)};",
        f"{json.dumps(ARTICLE)}\n{json.dumps({'@type': 'Organization', 'name': 'Kloop'})}",
        json.dumps(ARTICLE).replace("new routes", "new\troutes"),
    ],
    ids=["plain", "cdata", "commented-cdata", "semicolon", "two-values", "raw-tab"],
)
def test_a_block_is_read_whatever_wraps_or_follows_it(block: str) -> None:
    assert article(block)["datePublished"] == "2024-05-02T09:00:00+06:00"


def test_an_author_given_by_id_is_the_person_node_it_names() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "Article",
                "@id": "https://kloop.example/a/1/#article",
                "headline": "Bishkek buses get new routes",
                "author": {"@id": "https://kloop.example/#/schema/person/7"},
                "isPartOf": {"@id": "https://kloop.example/a/1/"},
            },
            {
                "@type": "WebPage",
                "@id": "https://kloop.example/a/1/",
                "datePublished": "2024-05-02T09:00:00+06:00",
            },
            {"@type": "Person", "@id": "https://kloop.example/#/schema/person/7", "name": "Aibek"},
        ],
    }
    found = article(json.dumps(graph))
    assert (jsonld.names(found["author"]), found["datePublished"]) == (
        ["Aibek"],
        "2024-05-02T09:00:00+06:00",
    )


def test_a_page_without_an_article_type_gives_the_node_that_carries_a_date() -> None:
    video = {"@type": "VideoObject", "name": "Interview", "datePublished": "2024-05-02"}
    crumbs = {"@type": "BreadcrumbList", "itemListElement": []}
    assert article(json.dumps(crumbs), json.dumps(video))["datePublished"] == "2024-05-02"


def test_articles_listed_inside_another_node_are_other_stories() -> None:
    listing = {
        "@type": "ItemList",
        "itemListElement": [{"@type": "NewsArticle", "headline": "Another story"}],
    }
    page = {"@type": "WebPage", "headline": "This page", "datePublished": "2024-05-02"}
    assert article(json.dumps(listing), json.dumps(page))["headline"] == "This page"


def test_entities_in_json_ld_strings_are_decoded() -> None:
    block = json.dumps({**ARTICLE, "headline": "Buses &amp; trams: &quot;new routes&quot;"})
    assert jsonld.text(article(block)["headline"]) == 'Buses & trams: "new routes"'


@pytest.mark.parametrize(
    ("value", "names"),
    [
        ("Aibek Tashiev", ["Aibek Tashiev"]),
        ({"@type": "Person", "name": "Aibek Tashiev"}, ["Aibek Tashiev"]),
        ({"@type": "Person", "givenName": "Aibek", "familyName": "Tashiev"}, ["Aibek Tashiev"]),
        (
            [{"name": "Aibek Tashiev"}, {"name": "Nurzada Ainura"}],
            ["Aibek Tashiev", "Nurzada Ainura"],
        ),
        ({"@id": "https://kloop.example/#/schema/person/9"}, []),
    ],
)
def test_names(value: object, names: list[str]) -> None:
    assert jsonld.names(value) == names
