"""Cold start of `newsindex search` on a 100,000-document SQLite archive.

Measures, in one run and interleaved, the wall time of fresh processes:

  baseline   python -c "import sqlite3"
  raw        a ten-line script doing the core of the search on the archive's search
             index: count and top 10 of the words as written in title, lead or body,
             their rows read from SQLite (no snippets, stems or folded keys), so it is
             a floor, not a twin
  newsindex  newsindex search QUERY --store sqlite:///... --json

and prints medians side by side; the target is newsindex at most 0.25 s
slower than the raw script. It also checks with `python -X importtime`
that the search imports neither Scrapy, Twisted nor the crawler.

    python -m benchmarks.cli [--db PATH] [--runs 15] [--docs 100000]
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from index.document import Document
from index.factory import open_store

QUERY = "parliament media"
TARGET_SECONDS = 0.25

RAW_SCRIPT = """\
import json, sqlite3, sys, tantivy
index = tantivy.Index.open(sys.argv[1] + "-search")
searcher, schema = index.searcher(), index.schema
word = lambda w: tantivy.Query.boolean_query(
    [(tantivy.Occur.Should, tantivy.Query.term_query(schema, f, w)) for f in ("title", "lead", "body")])
query = tantivy.Query.boolean_query([(tantivy.Occur.Must, word(w)) for w in sys.argv[2].lower().split()])
found = searcher.search(query, 10, count=True)
keys = searcher.fast_field_values("rowid", [address for _, address in found.hits])
db = sqlite3.connect(sys.argv[1])
rows = db.execute(f"SELECT * FROM documents WHERE rowid IN ({','.join('?' * len(keys))})", keys).fetchall()
print(json.dumps({"total": found.count, "hits": [list(r) for r in rows]}, ensure_ascii=False, indent=2))
"""  # noqa: E501

_VOCABULARY = {
    "en": "media law parliament oil gas press freedom journalist court election minister "
    "border water energy grain price bank reform protest visit talks",
    "ru": "закон парламент СМИ нефть газ журналист суд выборы министр граница вода "
    "энергия зерно цена банк реформа протест визит переговоры",
    "kk": "заң парламент журналист сот сайлау министр шекара су баға банк реформа",
}
WORDS = {lang: text.split() for lang, text in _VOCABULARY.items()}
SOURCES = ["orda-kz", "kaztag", "azattyq", "24-kg", "kun-uz", "asia-plus", "vlast-kz"]


def make_documents(n: int, seed: int = 7) -> Iterator[Document]:
    """Plausible articles: a few hundred words each, three languages, seven outlets."""
    rng = random.Random(seed)
    for i in range(n):
        lang = rng.choice(("en", "ru", "ru", "kk"))
        words = WORDS[lang]
        source = SOURCES[i % len(SOURCES)]
        yield Document(
            url=f"https://example.org/{source}/{i}",
            source=source,
            source_name=source.title(),
            title=" ".join(rng.choices(words, k=8)).capitalize(),
            lead=" ".join(rng.choices(words, k=15)),
            body="\n\n".join(" ".join(rng.choices(words, k=40)) + "." for _ in range(5)),
            published=f"20{18 + i % 7}-{1 + i % 12:02d}-{1 + i % 28:02d}T10:00:00+05:00",
            language=lang,
            crawled_at="2025-01-01T00:00:00+00:00",
            word_count=200,
        )


def ensure_archive(path: Path, n: int) -> str:
    """Build the archive unless ``path`` already holds ``n`` documents."""
    url = f"sqlite:///{path}"
    store = open_store(url)
    try:
        store.ensure_schema()
        if store.count() != n:
            print(f"building {n} documents in {path} ...", file=sys.stderr)
            docs = make_documents(n)
            while batch := list(itertools.islice(docs, 5000)):
                store.upsert(batch)
    finally:
        store.close()
    return url


def wall(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def heavy_imports(argv: list[str]) -> list[str]:
    """Modules of Scrapy, Twisted or the crawler that the command imports."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *argv], capture_output=True, text=True, check=True
    )
    found = []
    for line in done.stderr.splitlines():
        name = line.rsplit("|", 1)[-1].strip()
        if name.split(".")[0] in ("scrapy", "twisted", "crawler"):
            found.append(name)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="archive to build or reuse")
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="newsindex-bench-"))
    db = args.db or workdir / "news.db"
    url = ensure_archive(db, args.docs)
    raw = workdir / "raw_search.py"
    raw.write_text(RAW_SCRIPT, encoding="utf-8")
    newsindex = Path(sys.executable).with_name("newsindex")
    commands = {
        "python -c 'import sqlite3'": [sys.executable, "-c", "import sqlite3"],
        "raw script": [sys.executable, str(raw), str(db), QUERY],
        "newsindex search --json": [str(newsindex), "search", QUERY, "--store", url, "--json"],
    }
    for argv in commands.values():  # warm the file cache once; every run after is a new process
        wall(argv)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, argv in commands.items():
            times[name].append(wall(argv))
    medians = {name: statistics.median(values) for name, values in times.items()}
    baseline = medians["python -c 'import sqlite3'"]
    print(f"{args.docs} documents, query {QUERY!r}, {args.runs} runs each (median wall time)")
    for name, value in medians.items():
        print(f"  {name:<28} {value * 1000:7.1f} ms   x{value / baseline:4.2f} of python+sqlite3")
    gap = medians["newsindex search --json"] - medians["raw script"]
    verdict = "within" if gap <= TARGET_SECONDS else "OVER"
    print(
        f"  newsindex - raw script: {gap * 1000:+.1f} ms ({verdict} the {TARGET_SECONDS} s target)"
    )
    heavy = heavy_imports(["-m", "search_cli", "search", QUERY, "--store", url, "--json"])
    print(f"  Scrapy/Twisted/crawler modules imported by search: {heavy or 'none'}")


if __name__ == "__main__":
    main()
