"""Authors on pages laid out the ways real sites lay them out.

Each page is written here to show one pattern: where the byline sits, how
the metadata names the author, or what on the page names someone else (a
teaser's author, a commenter, a contributor line).
"""

from __future__ import annotations

import json

import pytest

from crawler.extract import extract

URL = "https://news.example/economy/grain-exports"
TEXT = (
    "<p>Grain exports rose by a fifth in the first half of the year, the ministry of "
    "agriculture said on Tuesday, as new rail routes to the south opened.</p>"
    "<p>Traders said the harvest had been larger than expected and that prices at the "
    "border had held steady despite the higher volumes shipped abroad.</p>"
    "<p>The ministry expects the trend to continue into the autumn, when the new crop "
    "reaches the elevators of the northern regions.</p>"
)
TEASERS = (
    '<section class="more-stories"><article><h3><a href="/a/2">Wheat prices fall</a></h3>'
    '<a rel="author" href="/author/omarov">Daniyar Omarov</a></article></section>'
)


def page(head: str = "", article: str = "", after: str = "") -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Grain exports rise | Steppe Wire</title>{head}</head><body>"
        '<header><a href="/">Steppe Wire</a><nav><a href="/economy/">Economy</a></nav></header>'
        f"<main>{article}</main>{after}<footer>© Steppe Wire</footer></body></html>"
    )


def authors(html: str) -> list[str]:
    found: list[str] = extract(html, URL)["authors"]
    return found


LAYOUT_BYLINES = [
    (
        "span-byline",
        f'<article><h1>Grain exports rise</h1><span class="byline">By Aigerim Sapar</span>{TEXT}'
        "</article>",
        ["Aigerim Sapar"],
    ),
    (
        "hcard-author",
        '<article><h1>Grain exports rise</h1><div class="meta"><span class="author vcard">'
        '<a class="url fn n" href="/author/sapar">Aigerim Sapar</a></span> · 2 hours ago</div>'
        f"{TEXT}</article>",
        ["Aigerim Sapar"],
    ),
    (
        "by-line-without-markup",
        f"<div class='story'><h1>Grain exports rise</h1><p>By Aigerim Sapar</p>{TEXT}</div>",
        ["Aigerim Sapar"],
    ),
    (
        "name-link-inside-an-author-box-with-a-job-title",
        '<article><h1>Grain exports rise</h1><div class="author"><a class="author-link" '
        'href="/a/sapar">Aigerim Sapar</a><div class="author-title">Economics Editor</div>'
        f"</div>{TEXT}</article>",
        ["Aigerim Sapar"],
    ),
    (
        "two-names-in-one-byline",
        '<article><h1>Grain exports rise</h1><div class="article-byline">By '
        '<span class="byline-name">Aigerim Sapar</span> and <span class="byline-name">'
        f"Nurlan Bek</span></div>{TEXT}</article>",
        ["Aigerim Sapar", "Nurlan Bek"],
    ),
    (
        "co-authors-in-a-parenthesis",
        '<article><h1>Grain exports rise</h1><p class="signature">Par <span class="auteur">'
        '<a class="auteur" href="/j/sapar">Aigerim Sapar</a> (avec Nurlan Bek et Dana Ospan)'
        f"</span></p>{TEXT}</article>",
        ["Aigerim Sapar", "Nurlan Bek", "Dana Ospan"],
    ),
]


@pytest.mark.parametrize(
    ("article", "expected"),
    [case[1:] for case in LAYOUT_BYLINES],
    ids=[case[0] for case in LAYOUT_BYLINES],
)
def test_the_byline_in_the_articles_block(article: str, expected: list[str]) -> None:
    assert authors(page(article=article, after=TEASERS)) == expected


def test_authors_of_teasers_and_comments_are_not_the_articles() -> None:
    comments = (
        '<section class="comments"><div class="comment"><span class="comment-author">'
        "Erlan Tokhtarov</span><p>Good news for farmers.</p></div></section>"
    )
    article = f"<article><h1>Grain exports rise</h1>{TEXT}{comments}</article>"
    assert authors(page(article=article, after=TEASERS)) == []


def test_a_yoast_author_reference_names_the_person_node() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {
                "@type": "NewsArticle",
                "headline": "Grain exports rise",
                "author": {"@id": "https://news.example/#/schema/person/3"},
            },
            {
                "@type": "Person",
                "@id": "https://news.example/#/schema/person/3",
                "name": "Dana Ospan",
            },
        ],
    }
    head = f'<script type="application/ld+json">{json.dumps(graph)}</script>'
    assert authors(page(head=head, article=f"<div><h1>Grain exports rise</h1>{TEXT}</div>")) == [
        "Dana Ospan"
    ]


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('<meta name="parsely-author" content="Dana Ospan">', ["Dana Ospan"]),
        ('<meta name="sailthru.author" content="Dana Ospan">', ["Dana Ospan"]),
        ('<meta name="byl" content="By Dana Ospan">', ["Dana Ospan"]),
        ('<meta name="DC.creator" content="Ospan, Dana">', ["Dana Ospan"]),
        ('<meta name="citation_author" content="de Jong, Michiel">', ["Michiel de Jong"]),
        (
            '<meta name="twitter:label1" content="Written by">'
            '<meta name="twitter:data1" content="Dana Ospan">',
            ["Dana Ospan"],
        ),
        (
            '<meta name="twitter:label1" content="Est. reading time">'
            '<meta name="twitter:data1" content="4 minutes">',
            [],
        ),
        ('<meta name="author" content="mama robotnik">', ["mama robotnik"]),
        ('<meta name="author" content="胖胖">', ["胖胖"]),
    ],
)
def test_author_meta_keys(head: str, expected: list[str]) -> None:
    assert authors(page(head=head, article=f"<div><h1>Grain exports rise</h1>{TEXT}</div>")) == (
        expected
    )


def test_a_contributor_line_at_the_end_stays_in_the_text_and_names_no_author() -> None:
    line = "Dana Ospan contributed to this report."
    fields = extract(
        page(article=f"<article><h1>Grain exports rise</h1>{TEXT}<p>{line}</p></article>"), URL
    )
    assert (fields["authors"], fields["body"].split("\n\n")[-1]) == ([], line)


def test_a_sentence_starting_with_by_is_not_a_byline() -> None:
    sentence = "By comparison, exports to the north fell by a tenth over the same months."
    article = f"<article><h1>Grain exports rise</h1>{TEXT}<p>{sentence}</p></article>"
    fields = extract(page(article=article), URL)
    assert (fields["authors"], sentence in fields["body"]) == ([], True)


def test_the_byline_inside_the_article_element_beside_the_headline() -> None:
    html = page(
        article=(
            '<div class="head"><h1>Grain exports rise</h1><p class="dek">Exports rose by a fifth '
            "in the first half of the year as new rail routes opened to the south.</p></div>"
            '<article id="article-body"><div class="authorInfo">by <a class="author" '
            f'href="/p/ospan">Dana Ospan</a></div>{TEXT}</article>'
        )
    )
    assert authors(html) == ["Dana Ospan"]


def test_the_byline_in_an_aside_of_the_article_under_a_site_name_h1() -> None:
    html = (
        "<html><head><title>Grain exports rise | Dana's notes</title></head><body>"
        "<header><h1>Hi, I am Dana.</h1></header><main><article><h2>Grain exports rise</h2>"
        '<aside><p><span class="article-author">Dana Ospan —</span> 12 March 2024</p></aside>'
        f"{TEXT}</article></main></body></html>"
    )
    assert authors(html) == ["Dana Ospan"]
