"""Keys that find copies of an article: a content hash and MinHash band keys.

A syndicated story reposted by another outlet, or lightly edited (a word
changed, a sentence added, a paragraph cut), keeps most of its runs of three
words ("shingles"). A MinHash signature estimates how many two texts share;
cut into bands, it gives keys that two texts sharing about half their
shingles or more have in common with high probability (about 94% at a
Jaccard similarity of 0.5, over 99.9% at 0.8, 2% at 0.1). The keys are stored
with the document (``Document.fingerprints``), so a store finds the
candidates with one keyword query; :func:`similarity` then confirms them on
the texts themselves. The signature uses one hash per shingle (one-permutation
hashing, empty bins filled from their neighbours), so it is cheap enough to
run on every article.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

SHINGLE_WORDS = 3
BINS = 64
ROWS = 3  # bins per band
BANDS = BINS // ROWS  # 21 bands, 63 bins used
MIN_SHINGLES = 8  # shorter texts get only the content hash
_WORD = re.compile(r"\w+")
_MASK = (1 << 64) - 1
_EMPTY = _MASK
_STEP = 0x9E3779B97F4A7C15  # odd constant that spreads the values of filled bins
_K1, _K2 = 0xD6E8FEB86659FD93, 0xA0761D6478BD642F  # odd multipliers: word order matters


def words(text: str) -> list[str]:
    """The text's words, folded so that case, ё and Unicode forms do not matter."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    return _WORD.findall(folded)


def _hash(value: str) -> int:
    return int.from_bytes(hashlib.blake2b(value.encode(), digest_size=8).digest(), "big")


@lru_cache(maxsize=200_000)
def _word_hash(word: str) -> int:
    return _hash(word)


def _mix(h: int) -> int:
    """A 64-bit finaliser (splitmix64's), so every bit of a combined hash depends on all."""
    h = ((h ^ (h >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    h = ((h ^ (h >> 27)) * 0x94D049BB133111EB) & _MASK
    return h ^ (h >> 31)


def shingles(text: str) -> set[int]:
    """Hashes of every run of three words, combined from one cached hash per word:
    a stable hash per shingle costs too much on every article."""
    w = words(text)
    if len(w) < SHINGLE_WORDS:
        return {_hash(" ".join(w))} if w else set()
    h = [_word_hash(x) for x in w]
    return {_mix((a * _K1 + b * _K2 + c) & _MASK) for a, b, c in zip(h, h[1:], h[2:], strict=False)}


def content_hash(text: str) -> str:
    """The same words in the same order, whatever the markup, spacing or case."""
    digest = hashlib.sha256(" ".join(words(text)).encode()).hexdigest()
    return f"c:{digest[:24]}"


def signature(hashes: set[int]) -> list[int]:
    """The MinHash signature: per bin, the least value of the shingles hashed into it."""
    bins = [_EMPTY] * BINS
    for h in hashes:
        b, value = h % BINS, h // BINS
        if value < bins[b]:
            bins[b] = value
    if all(v == _EMPTY for v in bins):
        return bins
    for i in range(BINS):  # an empty bin borrows from the next full one, shifted by distance
        if bins[i] == _EMPTY:
            j = next(k for k in range(1, BINS) if bins[(i + k) % BINS] != _EMPTY)
            bins[i] = (bins[(i + j) % BINS] + j * _STEP) & _MASK
    return bins


def band_keys(sig: list[int]) -> list[str]:
    """One key per band of ROWS bins: equal keys mean equal bins, so likely copies."""
    keys = []
    for band in range(BANDS):
        rows = ",".join(str(v) for v in sig[band * ROWS : (band + 1) * ROWS])
        keys.append(f"b{band:02d}:{hashlib.blake2b(rows.encode(), digest_size=6).hexdigest()}")
    return keys


def fingerprints(text: str) -> list[str]:
    """The keys stored with a document: its content hash, and band keys when long enough."""
    if not text.strip():
        return []
    hashes = shingles(text)
    keys = [content_hash(text)]
    if len(hashes) >= MIN_SHINGLES:
        keys += band_keys(signature(hashes))
    return keys


def similarity(a: str, b: str) -> float:
    """Share of their three-word runs two texts have in common (Jaccard, 0..1)."""
    sa, sb = shingles(a), shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)
