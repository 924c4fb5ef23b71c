"""What ``extract`` makes of whole article pages: the body, the title, the lead, the command.

Each page is a full outlet layout (navigation, sidebar, footer) around the
article's paragraphs and one piece of furniture outlets put inside or next to
the article; the body must be the paragraphs and nothing else.
"""

from __future__ import annotations

from html import escape

import pytest

from crawler.extract import ExtractionError, extract
from crawler.profile import parse_profile_text
from tests.cli import run_cli

RU = (
    "Мажилис одобрил в первом чтении поправки в закон о средствах массовой информации. "
    "Документ вводит новые правила аккредитации журналистов при государственных органах.",
    "По словам авторов поправок, изменения должны упростить работу редакций и сократить "
    "сроки ответов на запросы. Медиаюристы считают, что часть норм сформулирована размыто.",
    "Фонд защиты свободы слова «Адил Соз» направил депутатам замечания к законопроекту и "
    "предложил провести публичные обсуждения с участием редакций из регионов.",
)
KK = (
    "Алматыда жаңа велосипед жолдарының құрылысы басталды. Қала әкімдігінің мәліметінше, "
    "биыл жалпы ұзындығы қырық шақырым болатын жолдар салынады.",
    "Жобаға қала бюджетінен қаржы бөлінген. Жұмыс күзге дейін аяқталуы тиіс, ал жолдардың "
    "бір бөлігі жазда пайдалануға беріледі.",
    "Тұрғындар велосипед жолдарының орталықтан шеткі аудандарға дейін созылуын сұрап, "
    "әкімдікке бірнеше рет хат жолдаған.",
)
EN = (
    "Kyrgyzstan's parliament has approved a bill that tightens the rules for registering "
    "online media outlets, despite objections from journalists and rights groups.",
    "The bill requires websites that publish news to register as media outlets and to "
    "name an editor responsible for their content, or face fines and blocking.",
    "Local media organisations said the wording was so broad that bloggers and small "
    "regional sites could be forced to close, and urged the president to veto the law.",
)
TITLES = {
    "ru": "Мажилис одобрил поправки в закон о СМИ",
    "kk": "Алматыда велосипед жолдары салынады",
    "en": "Kyrgyz parliament approves online media bill",
}
TEXTS = {"ru": RU, "kk": KK, "en": EN}


def page(lang: str, inside: str = "", after: str = "", title_tag: str | None = None) -> str:
    """An outlet's article page: *inside* goes after the paragraphs, *after* after the article."""
    paragraphs = "\n".join(f"<p>{escape(p)}</p>" for p in TEXTS[lang])
    title = TITLES[lang]
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<title>{escape(title_tag or title + " | Steppe Wire")}</title>
<meta property="og:site_name" content="Steppe Wire">
</head><body>
<header><a class="logo" href="/">Steppe Wire</a>
<nav><a href="/news/">Новости</a> <a href="/politics/">Политика</a>
<a href="/economy/">Экономика</a> <a href="/society/">Общество</a></nav></header>
<div class="wrap"><main>
<article class="story">
<div class="crumbs"><a href="/">Главная</a> / <a href="/politics/">Политика</a></div>
<h1>{escape(title)}</h1>
<div class="meta"><time datetime="2026-03-12T09:20:00+05:00">12.03.2026, 09:20</time></div>
<div class="story-body">
{paragraphs}
{inside}
</div>
</article>
{after}
</main>
<aside><h3>Популярное</h3><ul>
<li><a href="/news/1/">Курс тенге укрепился на фоне роста цен на нефть</a></li>
<li><a href="/news/2/">В Астане открыли новый мост через Ишим</a></li>
<li><a href="/news/3/">Синоптики обещают похолодание на выходных</a></li>
</ul></aside></div>
<footer><p>© 2026 Steppe Wire. Все права защищены.</p>
<a href="/about/">О нас</a> <a href="/ads/">Реклама</a></footer>
</body></html>"""


URL = "https://steppe-wire.kz/news/story-1001/"

FURNITURE = [
    ("photo credit ru", "ru", "<p>Фото: Данияр Мусиров / Steppe Wire</p>", ""),
    ("photo credit kk", "kk", "<p>Сурет: Steppe Wire</p>", ""),
    ("photo credit en", "en", "<p>Photo credit: Vyacheslav Oseledko / AFP</p>", ""),
    (
        "caption",
        "en",
        '<figure><img src="/i.jpg" alt=""><figcaption>Photo: the parliament building in '
        "Bishkek. © AKIpress</figcaption></figure>",
        "",
    ),
    ("byline ru", "ru", "<p>Автор: Айгерим Тулегенова</p>", ""),
    ("byline kk", "kk", "<p>Мәтін: Гүлмира Ахметова</p>", ""),
    ("byline en", "en", "<p><strong>Original Author: Alina Yesenalina</strong></p>", ""),
    (
        "disclaimer",
        "en",
        "<p><em>DISCLAIMER: This is a translated piece. Please refer to the original "
        "for the exact wording.</em></p>",
        "",
    ),
    (
        "read also ru",
        "ru",
        '<p>Читайте также: <a href="/news/5/">Как изменится закон о СМИ</a></p>',
        "",
    ),
    (
        "latest news en",
        "en",
        "",
        '<section class="latest"><h2>Latest news</h2><ul>'
        '<li><a href="/en/1/">Tajikistan raises electricity tariffs for households</a></li>'
        '<li><a href="/en/2/">Uzbekistan and Kazakhstan sign a water-sharing deal</a></li>'
        '<li><a href="/en/3/">Turkmenistan opens a new gas pipeline section</a></li>'
        "</ul></section>",
    ),
    (
        "related ru",
        "ru",
        "",
        '<section class="related"><h3>Новости по теме</h3><ul>'
        '<li><a href="/news/7/">Депутаты обсудили закон о доступе к информации</a></li>'
        '<li><a href="/news/8/">Журналисты попросили упростить аккредитацию</a></li>'
        "</ul></section>",
    ),
    (
        "share",
        "kk",
        '<div class="share">Бөлісу: <a href="https://t.me/share">Telegram</a> '
        '<a href="https://wa.me/">WhatsApp</a> <a href="https://fb.com/">Facebook</a></div>',
        "",
    ),
    (
        "comments",
        "ru",
        "",
        '<section class="comments"><h3>Комментарии (2)</h3>'
        '<div class="comment"><b>Ерлан</b><p>Наконец-то об этом заговорили, спасибо.</p></div>'
        '<div class="comment"><b>Наталья</b><p>А что будет с блогерами, непонятно.</p></div>'
        "</section>",
    ),
]


@pytest.mark.parametrize(
    ("lang", "inside", "after"),
    [case[1:] for case in FURNITURE],
    ids=[case[0] for case in FURNITURE],
)
def test_body_is_the_article_paragraphs_only(lang: str, inside: str, after: str) -> None:
    body = extract(page(lang, inside, after), URL)["body"]
    assert body.split("\n\n") == list(TEXTS[lang])


SHORT_STORY = (
    "В Алматы с 1 апреля подорожает проезд в автобусах.",
    "Стоимость поездки вырастет до 250 тенге, сообщили в акимате.",
)


def test_short_wire_story_is_not_replaced_by_the_whole_page() -> None:
    paragraphs = "\n".join(f"<p>{p}</p>" for p in SHORT_STORY)
    html = f"""<html lang="ru"><head><title>Проезд подорожает | Steppe Wire</title></head><body>
<nav><a href="/">Главная</a> <a href="/news/">Новости</a> <a href="/about/">О нас</a></nav>
<div class="post"><div class="crumbs"><a href="/">Главная</a> / Город</div>
<h1>Проезд в автобусах Алматы подорожает</h1><span class="date">12 марта 2026</span>
<div class="text">{paragraphs}</div>
<div class="tags">Теги: Город</div>
<div class="share">Поделиться: <a href="#">Facebook</a> <a href="#">Telegram</a></div></div>
<footer>© 2026 Steppe Wire</footer></body></html>"""
    assert extract(html, URL)["body"].split("\n\n") == list(SHORT_STORY)


HEADLINE = "Мажилис одобрил поправки в закон о СМИ"


@pytest.mark.parametrize(
    ("title_tag", "expected"),
    [
        (f"{HEADLINE} | Orda.kz", HEADLINE),
        (f"{HEADLINE} - KazTAG", HEADLINE),
        (f"{HEADLINE} — Радио Азаттык", HEADLINE),
        (f"Orda.kz | {HEADLINE}", HEADLINE),
        (f"{HEADLINE} :: Новости", HEADLINE),
        (
            "Мажилис одобрил поправки — законопроект о СМИ",
            "Мажилис одобрил поправки — законопроект о СМИ",
        ),
        ("Astana - Almaty trains run faster", "Astana - Almaty trains run faster"),
        ("«Казселезащита» завершила монтаж датчиков", "«Казселезащита» завершила монтаж датчиков"),
    ],
)
def test_title_without_the_outlet_name(title_tag: str, expected: str) -> None:
    profile_toml = """name = "kaztag"
source_name = "KazTAG"
domains = ["kaztag.kz"]
[lists]
urls = ["https://kaztag.kz/ru/news/"]
article_pattern = 'https://kaztag\\.kz/ru/news/[\\w-]+'
"""
    profile = parse_profile_text(profile_toml, "kaztag.toml")
    html = (
        f"<html><head><title>{escape(title_tag)}</title>"
        '<meta property="og:site_name" content="Радио Азаттык"></head>'
        f"<body><article>{''.join(f'<p>{p}</p>' for p in RU)}</article></body></html>"
    )
    assert extract(html, "https://orda.kz/story-1/", profile)["title"] == expected


def test_headline_is_the_h1_when_the_title_tag_adds_the_section() -> None:
    html = page("en", title_tag=f"{TITLES['en']} :: Politics :: Steppe Wire")
    assert extract(html, URL)["title"] == TITLES["en"]


def test_lead_shown_above_the_text_is_also_the_first_paragraph() -> None:
    lead = "Parliament passed the bill by 70 votes to 12 after a two-hour debate on Wednesday."
    html = (
        page("en")
        .replace(
            '<div class="story-body">',
            f'<p class="lead"><strong>{lead}</strong></p>\n<div class="story-body">',
        )
        .replace("</title>", f'</title><meta name="description" content="{lead}">')
    )
    fields = extract(html, URL)
    assert (fields["lead"], fields["body"].split("\n\n")) == (lead, [lead, *EN])


def test_bytes_are_decoded_as_the_crawler_decodes_them() -> None:
    html = page("ru").replace('<meta charset="utf-8">', "")
    fields = extract(html.encode("cp1251"), URL)
    assert (fields["title"], fields["body"].split("\n\n")) == (TITLES["ru"], list(RU))


def test_utf8_bytes_under_a_stale_single_byte_charset_are_read_as_utf8() -> None:
    html = page("ru").replace('<meta charset="utf-8">', '<meta charset="windows-1251">')
    fields = extract(html.encode("utf-8"), URL)
    assert (fields["title"], fields["body"].split("\n\n")) == (TITLES["ru"], list(RU))


def test_the_headline_readers_see_is_searchable_when_the_title_words_it_differently() -> None:
    html = page("en").replace(
        "</title>", '</title><meta property="og:title" content="Online media bill passes">'
    )
    fields = extract(html, URL)
    assert (fields["title"], fields["body"].split("\n\n")) == (
        "Online media bill passes",
        [TITLES["en"], *EN],
    )


def test_a_declared_title_the_text_opens_with_stays_in_the_text_under_another_headline() -> None:
    """A social headline the page shows only as its standfirst is text, not the headline."""
    deck = "Kyrgyz parliament approves online media bill despite objections from journalists"
    html = (
        page("en")
        .replace("</title>", f'</title><meta property="og:title" content="{deck}">')
        .replace('<div class="story-body">', f'<div class="story-body">\n<p>{deck}</p>')
    )
    assert extract(html, URL)["body"].split("\n\n") == [deck, *EN]


def test_a_title_shortened_from_the_visible_headline_gives_way_to_it() -> None:
    html = page("en", title_tag="Kyrgyz parliament approves bill | Steppe Wire")
    fields = extract(html, URL)
    assert (fields["title"], fields["body"].split("\n\n")) == (TITLES["en"], list(EN))


def test_entities_escaped_twice_in_the_metadata_are_decoded() -> None:
    html = page("en").replace(
        "</title>",
        '</title><meta property="og:title" content="Kyrgyz parliament approves &amp;quot;online'
        ' media&amp;quot; bill">',
    )
    assert extract(html, URL)["title"] == 'Kyrgyz parliament approves "online media" bill'


def test_a_page_with_an_xml_declaration_is_read() -> None:
    html = '<?xml version="1.0" encoding="utf-8"?>\n' + page("en")
    assert extract(html, URL)["body"].split("\n\n") == list(EN)


def test_an_empty_page_is_an_extraction_error() -> None:
    with pytest.raises(ExtractionError):
        extract("", URL)


# --- newsindex extract ------------------------------------------------------------------


def test_extract_command_reads_stdin_and_prints_the_document_as_json() -> None:
    import json

    outcome = run_cli("extract", "-", "--url", URL, "--json", stdin=page("en"))
    doc = json.loads(outcome.stdout)
    assert (outcome.code, doc["url"], doc["title"], doc["body"].split("\n\n")) == (
        0,
        URL,
        TITLES["en"],
        list(EN),
    )


def test_extract_command_gives_the_document_the_crawler_would_store(tmp_path) -> None:
    import json

    from crawler.extract import extract as crawler_extract

    saved = tmp_path / "page.html"
    saved.write_bytes(page("kk").encode("utf-8"))
    outcome = run_cli("extract", str(saved), "--url", URL, "--json")
    doc = json.loads(outcome.stdout)
    expected = crawler_extract(page("kk"), URL)
    keys = ("title", "lead", "body", "language", "published", "word_count")
    assert [doc[k] for k in keys] == [expected[k] for k in keys]


def test_extract_command_prints_the_document_for_people() -> None:
    outcome = run_cli("extract", "-", "--url", URL, stdin=page("ru"))
    assert (outcome.code, TITLES["ru"] in outcome.stdout, RU[-1] in outcome.stdout) == (
        0,
        True,
        True,
    )


def test_extract_command_reports_a_page_that_is_not_html() -> None:
    outcome = run_cli("extract", "-", "--url", URL, stdin="")
    assert (outcome.code, outcome.stdout, outcome.stderr) == (
        1,
        "",
        "newsindex: error: <stdin>: not an HTML page: Document is empty\n",
    )
