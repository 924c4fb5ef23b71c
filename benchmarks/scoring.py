"""Scoring for the article-extraction benchmark.

The rules follow the summary in the data set's README
(``shared/benchmarks/article-extraction/README.md``), so that our numbers
are comparable with the published upstream ones:

* text -> ``\\w+`` tokens -> multiset of 4-token shingles;
* per page, TP/FP/FN over the shingle multisets;
* precision is averaged over pages that produced text, recall over pages
  that have ground truth, and F1 is the harmonic mean of those two means;
* accuracy is the share of pages whose token sequence is exactly the truth.

Everything here is a pure function so the benchmark script and tests can
share it without side effects.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence

__all__ = ["bootstrap_std", "page_counts", "score", "shingles", "tokens"]

# Unicode-aware by default in Python 3, which matters for Cyrillic/Kazakh text.
_TOKEN_RE = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    """Split *text* into ``\\w+`` tokens.

    Punctuation and whitespace are dropped on purpose: extractors differ a lot
    in how they render line breaks and quotes, and the benchmark should judge
    *which* words were kept, not how they were laid out. Case is kept.
    """
    return _TOKEN_RE.findall(text or "")


def shingles(toks: Sequence[str], n: int = 4) -> Counter[tuple[str, ...]]:
    """Return the multiset of consecutive *n*-token shingles of *toks*.

    Shingles rather than bags of words, so that keeping the right words in the
    wrong place (e.g. a teaser repeated in a sidebar) still costs something.
    A text shorter than *n* tokens is one shorter shingle, so very short but
    non-empty texts still count; an empty text has no shingles.
    """
    if not toks:
        return Counter()
    if len(toks) < n:
        return Counter([tuple(toks)])
    # zip over n shifted views: same shingles as slicing, several times faster.
    return Counter(zip(*(toks[i:] for i in range(n)), strict=False))


def page_counts(truth: str, prediction: str) -> tuple[float, float, float]:
    """Return normalised ``(tp, fp, fn)`` for one page.

    Counts are over shingle *multisets* (a paragraph extracted twice is a
    false positive the second time). They are divided by ``tp + fp + fn`` so
    that every page weighs the same whatever its length; ``(0, 0, 0)`` when
    both texts are empty.
    """
    t = shingles(tokens(truth))
    p = shingles(tokens(prediction))
    tp = (t & p).total()
    fp = p.total() - tp
    fn = t.total() - tp
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def _aggregate(
    counts: Sequence[tuple[float, float, float]], exact: Sequence[bool]
) -> dict[str, float]:
    """Combine per-page counts into the README's precision/recall/F1/accuracy."""
    precisions = [tp / (tp + fp) for tp, fp, _ in counts if tp + fp > 0]
    recalls = [tp / (tp + fn) for tp, _, fn in counts if tp + fn > 0]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    accuracy = sum(exact) / len(exact) if exact else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "accuracy": accuracy,
        "pages": len(counts),
    }


def score(pairs: Iterable[tuple[str, str]]) -> dict[str, float]:
    """Score ``(truth, prediction)`` pairs, one per page.

    F1 is the harmonic mean of mean precision and mean recall (not a mean of
    per-page F1s), as upstream does. Pages with an empty prediction only hurt
    recall, which is why precision alone can flatter an extractor that gives
    up on hard pages: always read it together with recall.
    """
    counts: list[tuple[float, float, float]] = []
    exact: list[bool] = []
    for truth, prediction in pairs:
        counts.append(page_counts(truth, prediction))
        exact.append(tokens(truth) == tokens(prediction))
    return _aggregate(counts, exact)


def bootstrap_std(
    pairs: Sequence[tuple[str, str]], resamples: int = 1000, seed: int = 0
) -> dict[str, float]:
    """Bootstrap standard deviation of each metric over pages.

    With ~180 pages a difference of 0.005 in F1 can be noise; this gives the
    ``±`` upstream reports so that two extractors are only called different
    when the gap is larger than that.
    """
    counts = [page_counts(t, p) for t, p in pairs]
    exact = [tokens(t) == tokens(p) for t, p in pairs]
    rng = random.Random(seed)
    n = len(counts)
    samples: dict[str, list[float]] = {"precision": [], "recall": [], "f1": [], "accuracy": []}
    for _ in range(resamples if n else 0):
        idx = [rng.randrange(n) for _ in range(n)]
        res = _aggregate([counts[i] for i in idx], [exact[i] for i in idx])
        for key, values in samples.items():
            values.append(res[key])
    out: dict[str, float] = {}
    for key, values in samples.items():
        if len(values) < 2:
            out[key] = 0.0
            continue
        mean = sum(values) / len(values)
        out[key] = (sum((v - mean) ** 2 for v in values) / (len(values) - 1)) ** 0.5
    return out
