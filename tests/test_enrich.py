"""What an article says about itself: translation disclaimers, cited sources, word count."""

from __future__ import annotations

import pytest

from crawler.extract.enrich import cited_sources, is_translation, word_count

TRANSLATIONS = [
    ("DISCLAIMER: This is a translated piece. The text has been modified.", True),
    ("This article is a translation of a story first published in Kazakh.", True),
    ("Translated from the Russian by our editors.", True),
    ("Please refer to the original piece in Russian for accuracy.", True),
    ("Read the original in Kazakh on our sister site.", True),
    ("Перевод с казахского языка выполнен редакцией.", True),
    ("Материал переведён с английского редакцией.", True),
    ("Мақала орыс тілінен аударылды.", True),
    ("Maqola rus tilidan tarjima qilindi.", True),
    ("Макала орус тилинен которулду.", True),
    ("The translator of Abai's poems spoke at the book fair.", False),
    ("The ministry said the law would be published in Kazakh and Russian.", False),
    ("Переводчики собрались на конференцию в Алматы.", False),
]


@pytest.mark.parametrize(("text", "expected"), TRANSLATIONS, ids=[t[:40] for t, _ in TRANSLATIONS])
def test_is_translation(text: str, expected: bool) -> None:
    assert is_translation(text) is expected


# (text, own outlet names, cited sources in order of first citation)
CITED = [
    ("Kazakhstan's authorities should investigate the attacks, reports Orda.kz.", (), ["Orda.kz"]),
    ("The journalists told CPJ about the attacks, CPJ reported.", (), ["CPJ"]),
    ("According to Adil Soz, there were 56 cyber attacks in 2023.", (), ["Adil Soz"]),
    ("Об этом сообщает КазТАГ со ссылкой на источник.", (), ["KazTAG"]),
    ("Как сообщает Tengrinews, дорогу откроют в мае.", (), ["Tengrinews"]),
    (
        "По данным Бюро национальной статистики, инфляция составила 0,9%.",
        (),
        ["Бюро национальной статистики"],
    ),
    ("По данным «Казинформа», решение приняли вчера.", (), ["Kazinform"]),
    ("По информации МВД, задержаны двое.", (), ["МВД"]),
    ("Kazinform хабарлайды, жиын ертең өтеді.", (), ["Kazinform"]),
    ("Бұл туралы Kazinform тілшісінің хабарлауынша белгілі болды.", (), ["Kazinform"]),
    ("Kun.uz xabar beradi, yig'ilish ertaga bo'ladi.", (), ["Kun.uz"]),
    ("24.kg кабарлайт, жыйын эртең өтөт.", (), ["24.kg"]),
    ("The Ministry of Energy said petrol prices would not rise.", (), ["Ministry of Energy"]),
    ("According to the World Bank, growth will slow.", (), ["World Bank"]),
    ("Reuters reported the deal, citing Interfax.", (), ["Reuters", "Interfax"]),
    # names that are only mentioned, or people, are not sources
    ("Journalists of KazTAG and Radio Azattyq attended the meeting.", (), []),
    ("According to Gulnoza Said, the decision was deeply concerning.", (), []),
    ("Президент Тоқаев сообщил о новых мерах.", (), []),
    # the outlet's own name is not a source of its own article
    ("The head of the service told Orda.kz the reasons were unclear.", ("Orda.kz",), []),
    (
        "According to CPJ, the KazTAG site was attacked. "
        "The editor told Orda.kz, reports Vlast.kz.",
        (),
        ["CPJ", "Orda.kz", "Vlast.kz"],
    ),
]


@pytest.mark.parametrize(("text", "own", "expected"), CITED, ids=[t[:40] for t, _, _ in CITED])
def test_cited_sources(text: str, own: tuple[str, ...], expected: list[str]) -> None:
    assert cited_sources(text, own) == expected


WORDS = [
    ("", 0),
    ("Президент Қасым-Жомарт Тоқаев подписал закон.", 5),
    ("O'zbekiston va Qozog'iston chegarasida navbat uzaydi.", 6),
    ("Инфляция составила 0,9 процента, сообщает Orda.kz.", 6),
    ("Paragraph one.\n\nParagraph two — with a dash.", 7),
    ("56 кибератак за 2023 год", 5),
]


@pytest.mark.parametrize(("text", "count"), WORDS, ids=[t[:30] or "empty" for t, _ in WORDS])
def test_word_count(text: str, count: int) -> None:
    assert word_count(text) == count
