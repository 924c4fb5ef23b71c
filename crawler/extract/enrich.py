"""What an article is about and where it comes from, read from its text (pure)."""

from __future__ import annotations

import re

TRANSLATION_RE = re.compile(
    r"this is a translated piece|translated from (?:the )?(?:russian|kazakh|uzbek|kyrgyz)|"
    r"перевод с (?:казахского|английского|узбекского)|"
    r"please refer to the original piece",
    re.IGNORECASE,
)

# Outlets and organisations our users track as sources; names as written in the text.
KNOWN_SOURCES: dict[str, tuple[str, ...]] = {
    "Orda.kz": ("Orda.kz", "Орда.кз", "Orda"),
    "KazTAG": ("KazTAG", "КазТАГ"),
    "Radio Azattyq": ("Radio Azattyq", "Azattyq", "Азаттык", "Азаттық"),
    "CPJ": ("CPJ", "Committee to Protect Journalists", "Комитет защиты журналистов"),
    "Adil Soz": ("Adil Soz", "Әділ сөз", "Адил Соз"),
    "Kazinform": ("Kazinform", "Казинформ", "Қазинформ"),
    "Vlast.kz": ("Vlast.kz", "Власть"),
    "24.kg": ("24.kg",),
    "Kun.uz": ("Kun.uz",),
    "Asia-Plus": ("Asia-Plus", "Азия-Плюс"),
    "Interfax": ("Interfax", "Интерфакс"),
    "TASS": ("TASS", "ТАСС"),
    "Reuters": ("Reuters", "Рейтер"),
    "RFE/RL": ("RFE/RL", "Radio Free Europe"),
    "Human Rights Watch": ("Human Rights Watch", "HRW"),
    "Reporters Without Borders": ("Reporters Without Borders", "RSF", "Репортеры без границ"),
}

# Cues that a name is quoted as a source, not just mentioned.
_CUE = (
    r"(?:reports?|reported|told|according to|said|says|cited|citing|via|"
    r"сообщает|сообщил[аио]?|сообщают|по данным|по информации|пишет|передает|"
    r"со ссылкой на|заявили? в|хабарлайды|мәліметінше|хабарлады)"
)

COUNTRIES: dict[str, tuple[str, ...]] = {
    "KZ": (
        "Kazakhstan",
        "Kazakh",
        "Казахстан",
        "Қазақстан",
        "Astana",
        "Almaty",
        "Астана",
        "Алматы",
    ),
    "KG": ("Kyrgyzstan", "Kyrgyz", "Кыргызстан", "Киргизия", "Қырғызстан", "Bishkek", "Бишкек"),
    "UZ": (
        "Uzbekistan",
        "Uzbek",
        "Узбекистан",
        "Oʻzbekiston",
        "O'zbekiston",
        "Tashkent",
        "Ташкент",
    ),
    "TJ": ("Tajikistan", "Tajik", "Таджикистан", "Тоҷикистон", "Dushanbe", "Душанбе"),
    "TM": ("Turkmenistan", "Turkmen", "Туркменистан", "Ashgabat", "Ашхабад"),
    "RU": (
        "Russia",
        "Russian Federation",
        "Россия",
        "Ресей",
        "Moscow",
        "Москва",
        "Kremlin",
        "Кремль",
    ),
    "CN": ("China", "Китай", "Қытай", "Beijing", "Пекин"),
    "UA": ("Ukraine", "Украина", "Украина", "Kyiv", "Киев"),
    "AF": ("Afghanistan", "Афганистан", "Kabul", "Кабул"),
}


def is_translation(text: str) -> bool:
    return bool(TRANSLATION_RE.search(text))


def _mentions(text: str, names: tuple[str, ...]) -> list[re.Match[str]]:
    out: list[re.Match[str]] = []
    for name in names:
        out.extend(re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text))
    return out


def cited_sources(text: str, own_names: tuple[str, ...] = ()) -> list[str]:
    """Outlets and organisations the article quotes as sources, in order of first citation."""
    found: list[tuple[int, str]] = []
    own = {n.casefold() for n in own_names}
    for canonical, names in KNOWN_SOURCES.items():
        if canonical.casefold() in own:
            continue
        for m in _mentions(text, names):
            window = text[max(0, m.start() - 60) : m.end() + 60]
            if re.search(_CUE, window, re.IGNORECASE):
                found.append((m.start(), canonical))
                break
    return [name for _, name in sorted(found)]


def countries(text: str, minimum: int = 1) -> list[str]:
    """ISO codes of countries the text is about, most mentioned first."""
    scores: list[tuple[int, str]] = []
    for code, names in COUNTRIES.items():
        n = len(_mentions(text, names))
        if n >= minimum:
            scores.append((-n, code))
    return [code for _, code in sorted(scores)]
