"""The right text for pages that do not say (or say wrongly) how they are encoded.

Russian-language sites still serve windows-1251 or KOI8-R pages without a
charset in the header or a ``<meta charset>``; decoded as anything else,
every letter is wrong. A declared encoding wins when the bytes fit it; when
nothing is declared, or UTF-8 is declared but the bytes are not UTF-8, the
single-byte Cyrillic encoding under which the text reads most like words
(lower-case letters, frequent letters in common places) is chosen.
"""

from __future__ import annotations

import codecs

from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding

CANDIDATES = ("cp1251", "koi8_r", "mac_cyrillic", "cp866")
RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
LETTERS = frozenset(RUSSIAN + RUSSIAN.upper() + "әғқңөұүһіӘҒҚҢӨҰҮҺІўЎєЄїЇ")
FREQUENT = frozenset("оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё")
PUNCTUATION = frozenset("«»—–“”„…№°’‘\u00a0")
BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def declared_encoding(content_type: str | None, body: bytes) -> str | None:
    """The encoding the HTTP header, a BOM or the page itself declares, if any."""
    if body.startswith(BOMS):
        return "utf-8" if body.startswith(codecs.BOM_UTF8) else "utf-16"
    if content_type and (encoding := http_content_type_encoding(content_type)):
        return str(encoding)
    declared = html_body_declared_encoding(body)
    return str(declared) if declared else None


MIN_UTF8_LETTERS = 8  # characters beyond ASCII that make valid UTF-8 evidence enough


def evident_utf8(body: bytes) -> str | None:
    """The text of *body* when it is valid UTF-8 holding letters beyond ASCII.

    Text in another encoding is almost never valid UTF-8 by chance, so such
    bytes are UTF-8 whatever the page declares (servers and templates copied
    from older sites often keep a stale ``charset=gb2312`` or ``windows-1251``).
    """
    if body.isascii():
        return None
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    # Each character beyond ASCII takes two bytes or more.
    return text if len(body) - len(text) >= MIN_UTF8_LETTERS else None


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _score(text: str) -> float:
    """How much a decoding reads like Cyrillic prose.

    Right decodings give letters of real alphabets, mostly lower-case and
    frequent; wrong ones swap cases (KOI8-R read as windows-1251) or give
    rare letters and symbols (windows-1251 read as Mac Cyrillic).
    """
    frequent = letters = odd = 0
    for ch in text:
        if ch < "\x80":
            continue
        if ch in LETTERS:
            letters += 1
            frequent += ch in FREQUENT
        elif ch not in PUNCTUATION:
            odd += 1
    return frequent + 0.5 * letters - 3.0 * odd


def guess_cyrillic(body: bytes) -> str | None:
    """The single-byte Cyrillic encoding of ``body``, or None when it is UTF-8 or not Cyrillic."""
    if _is_utf8(body):
        return None
    best, best_score = None, 0.0
    for encoding in CANDIDATES:
        score = _score(body.decode(encoding, errors="replace"))
        if score > best_score:
            best, best_score = encoding, score
    return best if best_score >= 10.0 else None


def effective_encoding(content_type: str | None, body: bytes) -> str | None:
    """The encoding to decode with, when it differs from what Scrapy would pick; else None."""
    declared = declared_encoding(content_type, body)
    if declared and codecs.lookup(declared).name != "utf-8":
        # A declared encoding is trusted, unless the bytes are evidently UTF-8.
        return "utf-8" if evident_utf8(body) is not None else None
    if declared and _is_utf8(body):
        return None
    return guess_cyrillic(body)
