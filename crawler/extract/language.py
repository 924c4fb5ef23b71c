"""Which language an article is in, from its letters and words, checked against the page.

Kazakh, Kyrgyz, Tajik and Uzbek Cyrillic each use letters Russian lacks;
those letters decide first, so a Kazakh text is never labelled Russian.
Latin-script Uzbek is told from English by its apostrophe letters and words.
"""

from __future__ import annotations

import re
from collections import Counter

_KK_ONLY = set("әғқұһі")  # Kazakh letters absent from Kyrgyz
_KY_TK = set("ңөү")  # shared by Kazakh and Kyrgyz
_TG_ONLY = set("ҳҷӣӯғқ")
_UZ_CYR = set("ўқғҳ")
_UZ_LATIN_RE = re.compile(
    r"\b\w+(?:o['ʻ‘’`]|g['ʻ‘’`])\w*|\b(?:va|bilan|uchun|bo'yicha|ham|yil|haqida)\b"
)
_EN_RE = re.compile(r"\b(?:the|and|of|to|in|is|was|for|that|with|on|said)\b")
_CYR_RE = re.compile(r"[а-яёәғқңөұүһіҳҷӣӯў]", re.IGNORECASE)
_LAT_RE = re.compile(r"[a-z]", re.IGNORECASE)


def detect_language(text: str, declared: str | None = None) -> str:
    """ISO 639-1 code of the text's language; ``declared`` (page or profile) breaks ties."""
    sample = text[:6000].lower()
    cyr = len(_CYR_RE.findall(sample))
    lat = len(_LAT_RE.findall(sample))
    declared = (declared or "").lower()[:2] or None
    if cyr == 0 and lat == 0:
        return declared or "und"
    if cyr >= lat:
        counts = Counter(ch for ch in sample if ch in _KK_ONLY | _KY_TK | _TG_ONLY | _UZ_CYR)
        per_1000 = 1000 / max(cyr, 1)
        kk = sum(counts[c] for c in _KK_ONLY - {"қ", "ғ"}) * per_1000
        tg = (counts["ҳ"] + counts["ҷ"] + counts["ӣ"] + counts["ӯ"]) * per_1000
        uz = (counts["ў"]) * per_1000
        ky = sum(counts[c] for c in _KY_TK) * per_1000
        if tg > 2 and counts["ҷ"] + counts["ӣ"] + counts["ӯ"] > 0:
            return "tg"
        if uz > 2:
            return "uz"
        if kk > 2:
            return "kk"
        if ky > 2:
            return "ky"
        if declared in ("kk", "ky", "tg", "uz") and kk + ky + tg + uz > 0.5:
            return declared
        return "ru" if declared in (None, "ru", "en") else declared
    uz_hits = len(_UZ_LATIN_RE.findall(sample))
    en_hits = len(_EN_RE.findall(sample))
    if uz_hits > en_hits:
        return "uz"
    if en_hits:
        return "en"
    return declared or "en"
