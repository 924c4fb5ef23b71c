"""Parity: the Elasticsearch analyzers generated from the rule table (index/analysis_es.py)
give exactly the Python executor's tokens (index/analysis.py), in the same order.

On a real node: the stock distribution's analysis-common module, or on the minimal test
node the plugin scripts/elasticsearch.sh builds from tests/es-analysis-plugin. Compared:
every spelling of the name-variant evaluation set (also typed decomposed), at least 5,000
distinct words per language (the test corpora's, and tests/wordforms.py's inflected
stems), the corpora's texts as written, and every letter and digit of the Basic
Multilingual Plane between two letters.
"""

from __future__ import annotations

import difflib
import re
import tomllib
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from index.analysis import folded, stemmed, words, written_words
from index.analysis_es import ANALYZERS, Kind, analysis_settings
from index.analysis_table import table
from tests.conftest import IN_CI
from tests.corpus import CORPUS
from tests.wordforms import word_forms

pytestmark = pytest.mark.elasticsearch

TESTS = Path(__file__).parent
LANGUAGE_FILES = {"en": ["en"], "ru": ["ru"], "kk": ["kk"], "ky": ["ky"], "tg": ["tg"]}
LANGUAGE_FILES["uz"] = ["uz-cyrl", "uz-latn"]
MIN_WORDS = 5000
BATCH = 1000  # texts per _analyze call (a call may return at most 10,000 tokens)
PLUGIN = "newsindex-analysis-test"

Analyze = Callable[[str, list[str]], list[str]]


def python_tokens(kind: Kind, text: str) -> list[str]:
    """What the SQLite store indexes for the text (``*_stemmed``/``*_folded`` hold them
    space-separated)."""
    if kind == "stemmed":
        return stemmed(text).split()
    if kind == "folded":
        return folded(text).split()
    if kind == "written":
        return written_words(text)
    return words(text)


def _components_missing(client: object) -> str | None:
    """Why the node cannot run the generated analyzers, or None."""
    info = client.nodes.info(metric="plugins")  # type: ignore[attr-defined]
    for node in info["nodes"].values():
        names = {p["name"] for p in node.get("plugins", [])} | {
            m["name"] for m in node.get("modules", [])
        }
        if not names & {PLUGIN, "analysis-common"}:
            return (
                f"node {node['name']} has neither the analysis-common module nor the {PLUGIN} "
                "plugin: start it with scripts/elasticsearch.sh (which builds the plugin)"
            )
    return None


@pytest.fixture(scope="module")
def analyze(es_url: str) -> Iterator[Analyze]:
    """Runs a generated analyzer over texts on the node; tokens in order."""
    from elasticsearch import Elasticsearch

    client = Elasticsearch(es_url, request_timeout=120)
    missing = _components_missing(client)
    if missing:
        client.close()
        if IN_CI:
            pytest.fail(missing)
        pytest.skip(missing)
    index = f"newsindex-test-analysis-{uuid.uuid4().hex[:10]}"
    client.indices.create(index=index, settings={"analysis": analysis_settings()})

    def run(analyzer: str, texts: list[str]) -> list[str]:
        tokens: list[str] = []
        for i in range(0, len(texts), BATCH):
            found = client.indices.analyze(
                index=index, analyzer=analyzer, text=texts[i : i + BATCH]
            )
            tokens.extend(t["token"] for t in found["tokens"])
        return tokens

    yield run
    client.indices.delete(index=index)
    client.close()


def differences(analyze: Analyze, kind: Kind, texts: list[str]) -> list[str]:
    """The texts whose tokens differ, each with both executors' tokens (empty: parity)."""
    expected = [t for text in texts for t in python_tokens(kind, text)]
    if analyze(ANALYZERS[kind], texts) == expected:
        return []
    out = []
    for text in texts:  # find the culprits, one text at a time
        ours, theirs = python_tokens(kind, text), analyze(ANALYZERS[kind], [text])
        if ours != theirs:
            diff = [d for d in difflib.ndiff(ours, theirs) if d[0] in "+-"]
            out.append(f"{text!r}: python - / elasticsearch + {diff[:6]}")
    return out


def _variant_spellings() -> list[str]:
    data = tomllib.loads((TESTS / "data" / "name_variants.toml").read_text(encoding="utf-8"))
    return sorted({s for spellings in data["groups"].values() for s in spellings})


def _language_texts() -> dict[str, list[str]]:
    texts: dict[str, list[str]] = {language: [] for language in LANGUAGE_FILES}
    for language, files in LANGUAGE_FILES.items():
        for name in files:
            path = TESTS / "data" / "language" / f"{name}.txt"
            texts[language] += [line for line in path.read_text("utf-8").splitlines() if line]
    for doc in CORPUS:
        if doc.language in texts:
            texts[doc.language] += [t for t in (doc.title, doc.lead, doc.body) if t]
    return texts


def _site_texts() -> list[str]:
    """The string literals of the test sites' pages, tags stripped."""
    out = []
    for path in sorted((TESTS / "sites").glob("*.py")):
        source = path.read_text("utf-8")
        out += [re.sub(r"<[^>]*>", " ", s) for s in re.findall(r'"([^"\n]{2,})"', source)]
    return out


def _sample(language: str) -> list[str]:
    corpus = {w for text in _language_texts()[language] for w in words(text)}
    return sorted(corpus | set(word_forms()[language]))


@pytest.mark.parametrize("kind", list(ANALYZERS))
def test_every_spelling_of_the_name_variants_analyses_alike(analyze: Analyze, kind: Kind) -> None:
    spellings = _variant_spellings()
    decomposed = [unicodedata.normalize("NFD", s) for s in spellings]
    assert differences(analyze, kind, spellings + decomposed) == []
    print(f"\nparity {ANALYZERS[kind]}: {len(spellings)} name spellings (and decomposed), 0 differ")


@pytest.mark.parametrize("language", list(LANGUAGE_FILES))
@pytest.mark.parametrize("kind", list(ANALYZERS))
def test_five_thousand_words_of_each_language_analyse_alike(
    analyze: Analyze, kind: Kind, language: str
) -> None:
    sample = _sample(language)
    assert len(sample) >= MIN_WORDS
    assert differences(analyze, kind, sample) == []
    print(f"\nparity {ANALYZERS[kind]} {language}: {len(sample)} distinct words, 0 differ")


@pytest.mark.parametrize("kind", list(ANALYZERS))
def test_the_corpora_texts_as_written_analyse_alike(analyze: Analyze, kind: Kind) -> None:
    texts = [t for texts in _language_texts().values() for t in texts] + _site_texts()
    assert differences(analyze, kind, texts) == []
    print(f"\nparity {ANALYZERS[kind]}: {len(texts)} corpus texts, 0 differ")


@pytest.mark.parametrize("kind", ["written", "words"])
def test_every_letter_and_digit_cuts_words_alike(analyze: Analyze, kind: Kind) -> None:
    """Each code point of the Basic Multilingual Plane between two letters: one word or two,
    the same on both sides (code points Python's Unicode does not know are left out)."""
    texts = [
        f"a{chr(cp)}b"
        for cp in range(0x20, 0x10000)
        if unicodedata.category(chr(cp)) not in ("Cn", "Cs", "Co", "Cc")
    ]
    assert differences(analyze, kind, texts) == []
    unicode = unicodedata.unidata_version
    print(f"\nparity {ANALYZERS[kind]}: {len(texts)} code points (Unicode {unicode}), 0 differ")


@pytest.mark.parametrize("kind", list(ANALYZERS))
def test_tokens_around_the_maximum_length_are_kept_or_left_out_alike(
    analyze: Analyze, kind: Kind
) -> None:
    """Runs of letters just within and just beyond the table's limit, counted in UTF-16 units
    (letters outside the BMP count two), and one run Lucene could not index at all."""
    longest = table().max_length
    runs = [longest - 1, longest, longest + 1]
    texts = [f"Тоқаев {'ж' * n} Tokayev" for n in runs]  # ж folds to two letters
    wide = "\U0001d400" * (longest // 2)
    texts += [f"ok {wide}{'a' * extra} ok" for extra in (0, 1, 2)]
    texts += ["Начало " + "Qm" * 20_000 + " конец"]
    assert differences(analyze, kind, texts) == []
