"""The main-text pieces: the extractors' vote, the headline, and what is never article text."""

from __future__ import annotations

import pytest

from crawler.extract.parse import parse_html
from crawler.extract.text import (
    algorithmic_text,
    block_text,
    clean_paragraphs,
    combined,
    containment,
    declared_or_found,
    drop_headline,
    looks_like_page_dump,
    main_text,
    nested_choice,
    trafilatura_text,
)

ARTICLE = (
    "Power was restored to most districts of Bishkek on Tuesday evening after a failure at "
    "the city's main thermal power plant left residents without electricity for six hours."
)
TEASERS = "Read our other stories about energy prices in the region and the winter ahead of us."


@pytest.mark.parametrize(
    ("text", "other", "expected"),
    [
        ("one two three four five", "zero one two three four five six", 1.0),
        ("one two three four five", "one two three four", 0.5),
        ("one two three four five", "five four three two one", 0.0),
        ("", "one two three four", 0.0),
        ("one two", "zero one two three", 0.0),
        ("one two", "one two", 1.0),
    ],
)
def test_containment_is_the_share_of_shingles_found_in_the_other_text(
    text: str, other: str, expected: float
) -> None:
    assert containment(text, other) == expected


@pytest.mark.parametrize(
    ("primary", "second", "expected"),
    [
        # The primary swept in teasers; the second is the article alone: the second wins.
        (f"{ARTICLE}\n{TEASERS}", ARTICLE, ARTICLE),
        # The second added teasers to the primary's article: it wins too (better edges
        # are readability's on the benchmark, whichever way the nesting goes).
        (ARTICLE, f"{ARTICLE}\n{TEASERS}", f"{ARTICLE}\n{TEASERS}"),
        # Different texts: the primary stays.
        (ARTICLE, TEASERS, ARTICLE),
        # Nothing from the second: the primary stays.
        (ARTICLE, " ", ARTICLE),
    ],
)
def test_nested_choice(primary: str, second: str, expected: str) -> None:
    assert nested_choice(primary, second) == expected


@pytest.mark.parametrize(
    ("paragraphs", "titles", "expected"),
    [
        (["Headline", "First.", "Second."], ["Headline"], ["First.", "Second."]),
        (["HEADLINE!", "First."], ["Headline"], ["First."]),
        (["Главная / Город", "Заголовок", "Первый абзац."], ["Заголовок"], ["Первый абзац."]),
        (["Заголовок", "12 марта 2026, 09:20", "Первый абзац."], ["Заголовок"], ["Первый абзац."]),
        (["Title", "Headline", "First."], ["Headline", "Title"], ["First."]),
        (
            ["First.", "Second.", "Third.", "Fourth.", "Headline"],
            ["Headline"],
            ["First.", "Second.", "Third.", "Fourth.", "Headline"],
        ),
        (
            ["First.", "Headline is quoted here."],
            ["Headline"],
            ["First.", "Headline is quoted here."],
        ),
        (["В 2026 году цены выросли."], ["Заголовок"], ["В 2026 году цены выросли."]),
        ([], ["Headline"], []),
    ],
)
def test_drop_headline(paragraphs: list[str], titles: list[str], expected: list[str]) -> None:
    assert drop_headline(paragraphs, titles) == expected


@pytest.mark.parametrize(
    ("line", "kept", "names"),
    [
        ("Фото: Данияр Мусиров", [], []),
        ("Сурет: ашық дереккөздерден", [], []),
        ("Photo credit: AFP", [], []),
        ("© Reuters", [], []),
        ("Автор: Айгерим Тулегенова", [], ["Айгерим Тулегенова"]),
        ("Original Author: Alina Yesenalina", [], ["Alina Yesenalina"]),
        ("DISCLAIMER: This is a translated piece.", [], []),
        ("Читайте также: Как изменится закон о СМИ", [], []),
        ("Тағы оқыңыз: Алматыда жаңа мектеп ашылды", [], []),
        (
            "Фотографии показали, что здание разрушено.",
            ["Фотографии показали, что здание разрушено."],
            [],
        ),
        (
            "The authorities said the photo was fake.",
            ["The authorities said the photo was fake."],
            [],
        ),
    ],
)
def test_clean_paragraphs_drops_what_is_never_article_text(
    line: str, kept: list[str], names: list[str]
) -> None:
    assert clean_paragraphs(["Первый абзац статьи.", line]) == (
        ["Первый абзац статьи.", *kept],
        names,
    )


@pytest.mark.parametrize(
    "heading",
    ["Latest news", "Последние новости", "Читайте также", "Соңғы жаңалықтар", "Read more:"],
)
def test_clean_paragraphs_stops_at_a_list_of_other_stories(heading: str) -> None:
    paragraphs = ["First paragraph.", "Second paragraph.", heading, "Another story's headline"]
    assert clean_paragraphs(paragraphs) == (["First paragraph.", "Second paragraph."], [])


@pytest.mark.parametrize(
    ("text", "headline", "expected"),
    [
        (
            "Главная / Город Проезд подорожает 12 марта Текст статьи. Поделиться",
            "Проезд подорожает",
            True,
        ),
        ("Проезд подорожает\nТекст статьи.", "Проезд подорожает", False),
        ("Текст статьи.", "Проезд подорожает", False),
        ("Проезд подорожает\n12 марта 2026\nТекст статьи.", "Проезд подорожает", False),
        ("Any text at all", None, False),
    ],
)
def test_looks_like_page_dump(text: str, headline: str | None, expected: bool) -> None:
    assert looks_like_page_dump(text, headline) is expected


SHORT_PAGE = """<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8">
<title>Dala News</title></head><body>
<header><a class="logo" href="/">Dala News</a><nav><a href="/news/">Новости</a>
<a href="/tag/politika/">Политика</a><a href="/about/">О нас</a></nav></header>
<main><article class="post">
<div class="breadcrumbs"><a href="/">Главная</a> / <a href="/tag/gorod/">Город</a></div>
<h1>Проезд в автобусах Алматы подорожает</h1>
<div class="post-meta"><span class="date">12 марта 2026</span> <span>1 245</span></div>
<figure><img src="/media/bus.jpg" alt=""></figure>
<div class="post-body">
<p>В Алматы с 1 апреля подорожает проезд в автобусах.</p>
<p>Стоимость поездки вырастет до 250 тенге, сообщили в акимате.</p>
</div>
<div class="tags">Теги: <a href="/tag/gorod/">Город</a></div>
<div class="share">Поделиться: <a href="https://t.me/share">Telegram</a></div>
</article></main>
<footer><p>© 2026 Dala News. Все права защищены.</p></footer></body></html>"""
SHORT_STORY = [
    "В Алматы с 1 апреля подорожает проезд в автобусах.",
    "Стоимость поездки вырастет до 250 тенге, сообщили в акимате.",
]


def test_trafilatura_alone_turns_a_short_story_into_the_whole_page() -> None:
    """Why the short-story retry exists: the default minimum size gives a page dump."""
    text = trafilatura_text(parse_html(SHORT_PAGE), None)
    assert looks_like_page_dump(text, "Проезд в автобусах Алматы подорожает") is True


def test_a_short_story_is_extracted_alone() -> None:
    assert main_text(SHORT_PAGE, "https://dala.kz/news/bus-1/").split("\n\n") == SHORT_STORY


def test_the_extractors_agree_on_an_ordinary_page() -> None:
    html = SHORT_PAGE.replace(
        '<div class="post-body">', f'<div class="post-body"><p>{ARTICLE}</p><p>{ARTICLE}</p>'
    )
    text = algorithmic_text(html, parse_html(html))
    assert text.split("\n")[-2:] == SHORT_STORY


LONG = " ".join([ARTICLE] * 3)


@pytest.mark.parametrize(
    ("found", "declared", "expected"),
    [
        (ARTICLE, None, ARTICLE),
        (ARTICLE, "Too short to be a whole article body.", ARTICLE),
        ("", LONG, LONG),
        # The extractors found the first third of what the page declares: the declaration.
        (ARTICLE, f"{ARTICLE} {TEASERS} {LONG}", f"{ARTICLE} {TEASERS} {LONG}"),
        # They found all of it (and more): their text, which has the paragraphs.
        (f"{LONG}\n{TEASERS}", LONG, f"{LONG}\n{TEASERS}"),
        # A declared body in HTML is read as text.
        ("", f"<p>{LONG}</p><p>{TEASERS}</p>", f"{LONG}\n{TEASERS}"),
    ],
)
def test_declared_body_rescues_only_what_the_extractors_missed(
    found: str, declared: str | None, expected: str
) -> None:
    assert declared_or_found(found, declared) == expected


def test_block_text_puts_each_block_on_its_own_line() -> None:
    tree = parse_html(
        "<html><body><div><h2>Sub-heading</h2><p>One <b>bold</b> word.</p>"
        "<ul><li>First</li><li>Second</li></ul>Tail text<br>After break</div></body></html>"
    )
    assert block_text(tree).split("\n") == [
        "Sub-heading",
        "One bold word.",
        "First",
        "Second",
        "Tail text",
        "After break",
    ]


SECOND = (
    "Engineers said the plant's third turbine tripped after a cable fault and that the "
    "back-up lines were not enough to carry the evening load across the city's districts."
)
THIRD = (
    "The city administration promised to compensate shops that lost goods in the outage "
    "and asked the plant's operator for a full report on the causes by the end of the week."
)
WHOLE = f"{ARTICLE}\n{SECOND}\n{THIRD}"
MENUS = "\n".join(f"Menu item number {n} of the site's navigation bar" for n in range(30))


def test_a_fragment_of_the_article_gives_way_to_the_arbiters_whole_text() -> None:
    """A fragment is always "contained" in resiliparse's text: its length tells."""
    assert combined(ARTICLE, f"{MENUS}\n{WHOLE}", lambda: WHOLE) == WHOLE


def test_trafilatura_stands_when_only_resiliparse_swept_in_more() -> None:
    assert combined(WHOLE, f"{MENUS}\n{MENUS}\n{WHOLE}", lambda: f"{WHOLE}\n{TEASERS}") == WHOLE


def test_the_arbiter_is_not_run_when_the_extractors_agree() -> None:
    def arbiter() -> str:
        raise AssertionError("readability ran")

    assert combined(WHOLE, f"{WHOLE}\n{TEASERS}", arbiter) == WHOLE


def test_a_read_more_box_in_the_middle_does_not_end_the_article() -> None:
    paragraphs = [ARTICLE, "Read more", "Heating prices rise", SECOND, THIRD]
    assert clean_paragraphs(paragraphs) == ([ARTICLE, "Heating prices rise", SECOND, THIRD], [])


@pytest.mark.parametrize(
    ("last", "known", "kept", "names"),
    [
        ("— Dana Ospan", [], False, ["Dana Ospan"]),
        ("Dana Ospan, Bishkek", [], False, ["Dana Ospan"]),
        ("Dana Ospan", ["Dana Ospan"], False, ["Dana Ospan"]),
        ("Dana Ospan", [], True, []),
        ("Thanks For Reading", [], True, []),
        ("Dana Ospan contributed to this report.", ["Dana Ospan"], True, []),
    ],
)
def test_a_last_line_is_a_signature_only_when_it_evidently_is_one(
    last: str, known: list[str], kept: bool, names: list[str]
) -> None:
    body, found = clean_paragraphs([ARTICLE, last], known)
    assert (body == [ARTICLE, last], found) == (kept, names)
