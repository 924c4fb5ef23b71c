"""Bylines and author metadata: people's names only, never outlets, roles, e-mails or dates."""

from __future__ import annotations

import pytest

from crawler.extract import extract
from crawler.extract.authors import byline_names, clean_authors, signature_names
from crawler.profile import parse_profile_text

OUTLETS = ("Dala Times", "dala-times", "Orda.kz")

# (byline line as printed in the article, the names it gives; None: not a byline)
BYLINES = [
    ("Original Author: Alina Yesenalina", ["Alina Yesenalina"]),
    ("Author: Ruslan Loginov", ["Ruslan Loginov"]),
    ("Автор: Айгерим Сапарова", ["Айгерим Сапарова"]),
    ("Текст: Данияр Омаров", ["Данияр Омаров"]),
    ("Мәтін: Әсел Нұрбекова", ["Әсел Нұрбекова"]),
    ("Muallif: Dilnoza Yusupova", ["Dilnoza Yusupova"]),
    ("Муаллиф: Азиз Каримов", ["Азиз Каримов"]),
    ("Авторы: Иван Петров и Анна Смирнова", ["Иван Петров", "Анна Смирнова"]),
    ("By Alina Yesenalina and Ruslan Loginov", ["Alina Yesenalina", "Ruslan Loginov"]),
    ("Авторы: Ерлан Жанұлы және Әсел Нұрбекова", ["Ерлан Жанұлы", "Әсел Нұрбекова"]),
    ("Автор: Бакыт Асанов жана Айпери Токтогулова", ["Бакыт Асанов", "Айпери Токтогулова"]),
    ("Mualliflar: Aziz Karimov va Dilnoza Yusupova", ["Aziz Karimov", "Dilnoza Yusupova"]),
    ("Reporting by Daniyar Omarov; Editing by Peter Graff", ["Daniyar Omarov"]),
    ("Текст и фото: Мирлан Асанов", ["Мирлан Асанов"]),
    ("Автор: Айгерим Сапарова, фото: Данияр Омаров", ["Айгерим Сапарова"]),
    ("By ALINA YESENALINA", ["Alina Yesenalina"]),
    ("Автор: Айгерим Сапарова (a.saparova@dala.kz)", ["Айгерим Сапарова"]),
    ("Автор: Иван Петров | 23.11.2025", ["Иван Петров"]),
    ("Автор: наш корреспондент Иван Петров", ["Иван Петров"]),
    ("Author: Staff", None),
    ("Автор: Редакция", None),
    ("Muallif: Kun.uz muxbiri", None),
    ("By the end of the year, the ministry will publish its report.", None),
    ("Text of the resolution was published on Monday", None),
    ("Автор фото: Данияр Омаров", None),
    ("Von Anna Schmidt und Jonas Weber", ["Anna Schmidt", "Jonas Weber"]),
    ("Por María López y Juan Pérez", ["María López", "Juan Pérez"]),
    ("Par Jean Dupont et Marie Curie", ["Jean Dupont", "Marie Curie"]),
    (
        "By Lauren del Valle and Alejandro de la Garza",
        ["Lauren del Valle", "Alejandro de la Garza"],
    ),
    ("By Joshua Sokol May 20, 2019", ["Joshua Sokol"]),
    (
        "By Daniel Kahn Gillmor, Senior Staff Technologist, ACLU Speech Project",
        ["Daniel Kahn Gillmor"],
    ),
    ("作者：肖春芳", ["肖春芳"]),
    ("By comparison, the ministry spent less than planned.", None),
    ("Par ailleurs, Marie Dupont a déclaré que le projet avance.", None),
]


@pytest.mark.parametrize(("line", "names"), BYLINES, ids=[line for line, _ in BYLINES])
def test_byline(line: str, names: list[str] | None) -> None:
    assert byline_names(line) == names


# (last line of an article, the names it signs; None: not a signature)
SIGNATURES = [
    ("— Алина Есеналина", ["Алина Есеналина"]),
    ("Ruslan Loginov, Astana", ["Ruslan Loginov"]),
    ("Данияр Омаров (Алматы)", ["Данияр Омаров"]),
    ("Айгерим Сапарова, специально для Orda.kz", ["Айгерим Сапарова"]),
    ("Иван Петров, Анна Смирнова", ["Иван Петров", "Анна Смирнова"]),
    ("Original Author: Alina Yesenalina", ["Alina Yesenalina"]),
    ("Суд отложил заседание.", None),
    ("The ministry did not respond to a request for comment.", None),
    ("Фото: Данияр Омаров", None),
    ("Staff", None),
    ("Heba Habib contributed to this report.", None),
    ("新华社记者报道", None),
    ("Подписывайтесь на наш Telegram!", None),
    ("DISCLAIMER: This is a translated piece.", None),
]


@pytest.mark.parametrize(("line", "names"), SIGNATURES, ids=[line for line, _ in SIGNATURES])
def test_signature(line: str, names: list[str] | None) -> None:
    assert signature_names(line, OUTLETS) == names


# (author values from JSON-LD or meta tags, what is kept)
METADATA = [
    (["Orda.kz"], []),
    (["Orda"], []),
    (["dala-times"], []),
    (["DALA TIMES"], []),
    (["Staff Writer"], []),
    (["editor@dala.kz"], []),
    (["23.11.2025"], []),
    (["Tuesday, November 25"], []),
    (["Reuters"], []),
    (["Kazinform"], []),
    (["https://orda.kz/author/loginov/"], []),
    (["Ruslan Loginov, Astana"], ["Ruslan Loginov"]),
    (["Alina Yesenalina", "ALINA YESENALINA"], ["Alina Yesenalina"]),
    (["Айгерим Сапарова", "Данияр Омаров"], ["Айгерим Сапарова", "Данияр Омаров"]),
    (["Madina Omarova 12 March 2026"], ["Madina Omarova"]),
    (["Anna Schmidt Redakteurin"], ["Anna Schmidt"]),
    (
        ["Martin Untersinger (avec Damien Leloup et Morgane Tual)"],
        ["Martin Untersinger", "Damien Leloup", "Morgane Tual"],
    ),
    (["Bruno Rodrigues (abc)"], ["Bruno Rodrigues"]),
    (["Martina Montgomery", "Theresa May"], ["Martina Montgomery", "Theresa May"]),
    (["Ben Silverman Games Editor"], ["Ben Silverman Games"]),
    (["Username"], []),
    (["作者"], []),
    (
        ["Dana A. Ford, James S.A. Corey, and Tom Watkins, CNN"],
        ["Dana A. Ford", "James S.A. Corey", "Tom Watkins"],
    ),
]


@pytest.mark.parametrize(("values", "names"), METADATA, ids=[" + ".join(v) for v, _ in METADATA])
def test_author_metadata(values: list[str], names: list[str]) -> None:
    assert clean_authors(values, OUTLETS) == names


# Names in every script; an all lower-case name only where the page declares an author.
SCRIPTS = [
    ("肖春芳", True, ["肖春芳"]),
    ("김민수", True, ["김민수"]),
    ("محمد علي", True, ["محمد علي"]),
    ("mama robotnik", True, ["mama robotnik"]),
    ("mama robotnik", False, []),
    ("devindra", True, []),
    ("Қасым Тоқаев", False, ["Қасым Тоқаев"]),
]


@pytest.mark.parametrize(
    ("value", "declared", "names"), SCRIPTS, ids=[f"{v}-{d}" for v, d, _ in SCRIPTS]
)
def test_names_of_every_script(value: str, declared: bool, names: list[str]) -> None:
    assert clean_authors([value], trusted=declared) == names


PROFILE = parse_profile_text(
    """name = "dala-times"
source_name = "Dala Times"
domains = ["dala.example"]
timezone = "Asia/Almaty"

[lists]
urls = ["https://dala.example/news/"]
article_pattern = 'https://dala\\.example/news/.+'
"""
)
PARAGRAPH = (
    "Акимат Алматы утвердил план ремонта дорог на лето. По словам представителей ведомства, "
    "работы планируется завершить до конца года, а жители давно просили об этом."
)


def _page(json_ld_author: str, meta_author: str, byline: str) -> str:
    return f"""<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8">
<title>Ремонт дорог | Dala Times</title><meta name="author" content="{meta_author}">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "Ремонт дорог",
"author": {{"@type": "Organization", "name": "{json_ld_author}"}}}}</script></head><body>
<main><article><h1>Ремонт дорог</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>
<p>{byline}</p></article></main></body></html>"""


@pytest.mark.parametrize(
    ("json_ld_author", "meta_author", "byline", "authors"),
    [
        ("Dala Times", "Staff", "Автор: Айгерим Сапарова", ["Айгерим Сапарова"]),
        ("Madina Omarova", "editor@dala.kz", "Original Author: Madina Omarova", ["Madina Omarova"]),
    ],
    ids=["outlet-and-staff-in-metadata", "same-name-twice"],
)
def test_page_authors(json_ld_author: str, meta_author: str, byline: str, authors: list[str]):
    html = _page(json_ld_author, meta_author, byline)
    fields = extract(html, "https://dala.example/news/remont", PROFILE)
    assert fields["authors"] == authors
    assert byline not in fields["body"]
