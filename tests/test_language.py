"""Language identification on texts written for the suite (tests/data/language/*.txt).

Each file holds one language (uz-latn and uz-cyrl are both ``uz``), one text
a line. Every text is a case; the summary test states the acceptance bar: at
least 98% right overall, no Kazakh text taken for Russian, no Kyrgyz for Kazakh.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.extract.language import detect_language

DATA = Path(__file__).parent / "data" / "language"


def _texts() -> list[tuple[str, str, str]]:
    """(case id, expected code, text) for every line of every file."""
    cases = []
    for path in sorted(DATA.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        texts = [line for line in lines if line.strip() and not line.startswith("#")]
        cases += [(f"{path.stem}-{n}", path.stem.split("-")[0], t) for n, t in enumerate(texts, 1)]
    return cases


TEXTS = _texts()


@pytest.mark.parametrize(("expected", "text"), [c[1:] for c in TEXTS], ids=[c[0] for c in TEXTS])
def test_text_language(expected: str, text: str) -> None:
    assert detect_language(text) == expected


def test_every_language_has_enough_texts() -> None:
    per_file = {
        p.stem: sum(1 for c in TEXTS if c[0].startswith(f"{p.stem}-")) for p in DATA.glob("*.txt")
    }
    assert all(per_file[name] >= 30 for name in ("ru", "kk", "en", "uz-latn", "uz-cyrl", "ky"))
    assert per_file["tg"] >= 20


def test_acceptance_bar() -> None:
    found = [(expected, detect_language(text)) for _, expected, text in TEXTS]
    right = sum(1 for expected, got in found if expected == got)
    assert right / len(found) >= 0.98
    assert ("kk", "ru") not in found
    assert ("ky", "kk") not in found


# (text, the page's declared language, expected)
DECLARED = [
    ("Сегодня", "kk", "kk"),  # too little to vote: the page's declaration decides
    ("Сегодня", None, "ru"),
    ("Kun.uz", "uz", "uz"),
    ("12:05", "ky", "ky"),
    ("", None, "und"),
    ("Акимат Алматы утвердил план ремонта дорог на лето.", "kk", "ru"),  # text beats a wrong tag
    ("Алматы әкімдігі жазғы жол жөндеу жоспарын бекітті.", "ru", "kk"),
    ("The ministry did not respond to a request for comment.", "ru-RU", "en"),
]


@pytest.mark.parametrize(
    ("text", "declared", "expected"), DECLARED, ids=[f"{d}:{t[:20]}" for t, d, _ in DECLARED]
)
def test_declared_language_only_breaks_ties(text: str, declared: str | None, expected: str) -> None:
    assert detect_language(text, declared) == expected


# Languages outside the region, so their pages are not filed under ours.
OTHERS = [
    ("Die Regierung hat das neue Gesetz über die Medien nicht verabschiedet.", "de"),
    ("Le gouvernement a adopté une nouvelle loi sur la presse et les médias.", "fr"),
    ("El gobierno aprobó una nueva ley sobre los medios de comunicación.", "es"),
    ("O governo aprovou uma nova lei para os meios de comunicação.", "pt"),
    ("Il governo ha approvato una nuova legge per la stampa e i media.", "it"),
    ("Pemerintah telah menyetujui undang-undang baru tentang media dan pers.", "id"),
    ("Hükümet basın ve medya ile ilgili yeni bir yasayı kabul etti.", "tr"),
    ("Hökümet metbugat barada täze kanuny kabul etdi we ol ýanwarda güýje girer.", "tk"),
    ("Уряд ухвалив новий закон про засоби масової інформації та їхню роботу.", "uk"),
    ("정부는 언론에 관한 새 법안을 통과시켰다.", "ko"),
    ("政府は報道に関する新しい法律を可決しました。", "ja"),
    ("政府通过了一项关于新闻媒体的新法律。", "zh"),
    ("وافقت الحكومة على قانون جديد للإعلام.", "ar"),
    ("دولت قانون جدیدی درباره رسانه ها تصویب کرد.", "fa"),
]


@pytest.mark.parametrize(("text", "expected"), OTHERS, ids=[e for _, e in OTHERS])
def test_other_languages(text: str, expected: str) -> None:
    assert detect_language(text) == expected
