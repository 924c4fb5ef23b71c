"""Store benchmark: the library against the raw clients, in one run, on one generated corpus.

    python -m benchmarks.stores [--docs 1000000] [--es-docs 300000] [--es http://127.0.0.1:9200]
        [--queries 60] [--baseline CHECKOUT] [--no-raw-load] [--workdir DIR [--reuse]]

1. bulk load: ``newsindex import`` into Elasticsearch vs ``helpers.bulk`` of the same
   documents into an index of the same template (Elasticsearch analyses the text); the
   index size per document after a merge to one segment;
2. the same into the embedded store vs a raw load (``executemany`` into the same table,
   one search-index writer for every row); the archive's size per document;
3. search latency p50/p95 over a fixed set of queries with two facets each, through
   the library and through the raw clients (the same request, compiled beforehand),
   each request through both in turn;
4. with ``--baseline CHECKOUT`` (the root of another checkout, e.g. ``git archive main |
   tar -x -C CHECKOUT``): that checkout's library on both stores importing the same
   documents and answering the same queries, in its own process right after, printed
   beside this one's: load rate, search p50/p95, size per document.

Run it as a module (``python -m benchmarks.stores``): as a script, ``benchmarks/`` would
come first on the path. Prints medians and ratios; not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import tantivy
from elasticsearch import Elasticsearch, helpers

from index.batches import batches
from index.document import Document
from index.elasticsearch.query import search_body
from index.elasticsearch.schema import index_template, versioned_index
from index.elasticsearch.store import ElasticsearchStore
from index.query import SearchRequest, parse_query
from index.sqlite.schema import UPSERT, row_values
from index.sqlite.searchindex import WRITER_HEAP, index_dir
from index.sqlite.searchquery import compile_query, facet_aggregations
from index.sqlite.searchschema import KEY, TOKENIZER, analyzer, build_schema, search_document
from index.sqlite.store import SqliteStore
from search_cli.commands.archive import import_documents

EN = [
    "The government announced new measures to support small businesses in the regions.",
    "Journalists said the accreditation rules would limit coverage of parliament.",
    "Oil exports through the Caspian pipeline resumed after repairs at the terminal.",
    "The central bank kept its base rate unchanged, citing persistent inflation.",
    "Farmers in the south complained about water shortages during the irrigation season.",
    "Press freedom groups called the court decision deeply concerning.",
    "The ministry of energy expects coal output to fall by a tenth next year.",
    "Local residents protested against the construction of a new landfill.",
    "Prices for bread and meat rose sharply in the capital last month.",
    "Deputies debated amendments to the media law in the first reading.",
    "The president met foreign investors to discuss railway and logistics projects.",
    "Teachers asked for higher salaries and fewer reporting obligations.",
]
RU = [
    "Правительство объявило о новых мерах поддержки малого бизнеса в регионах.",
    "Журналисты заявили, что новые правила аккредитации ограничат работу прессы.",
    "Экспорт нефти по Каспийскому трубопроводу возобновился после ремонта терминала.",
    "Национальный банк сохранил базовую ставку, сославшись на устойчивую инфляцию.",
    "Фермеры на юге жалуются на нехватку поливной воды в этом сезоне.",
    "Правозащитники назвали решение суда глубоко тревожным.",
    "Министерство энергетики ожидает снижения добычи угля в следующем году.",
    "Жители выступили против строительства нового полигона отходов.",
    "Цены на хлеб и мясо в столице резко выросли за последний месяц.",
    "Депутаты обсудили поправки в закон о средствах массовой информации.",
    "Президент встретился с иностранными инвесторами, обсудив железнодорожные проекты.",
    "Учителя попросили повысить зарплаты и сократить отчётность.",
]
KK = [
    "Үкімет өңірлердегі шағын бизнесті қолдаудың жаңа шараларын жариялады.",
    "Журналистер аккредитация ережелері парламент жұмысын шектейтінін айтты.",
    "Каспий құбыры арқылы мұнай экспорты жөндеуден кейін қайта басталды.",
    "Ұлттық банк базалық мөлшерлемені өзгеріссіз қалдырды.",
    "Оңтүстіктегі фермерлер суармалы судың жетіспеушілігіне шағымданды.",
    "Мұғалімдер жалақыны көтеруді және есептілікті азайтуды сұрады.",
    "Астанада нан мен ет бағасы өткен айда күрт өсті.",
    "Депутаттар бұқаралық ақпарат құралдары туралы заңға түзетулерді талқылады.",
]
POOLS = {"en": EN, "ru": RU, "kk": KK}
SOURCES = [f"outlet-{i:02d}" for i in range(20)]
TAGS = {
    "en": ["economy", "media", "energy", "oil", "courts", "education", "prices", "protest"],
    "ru": ["экономика", "СМИ", "энергетика", "нефть", "суды", "образование", "цены"],
    "kk": ["экономика", "БАҚ", "энергетика", "мұнай", "білім", "бағалар"],
}
COUNTRIES = ["KZ", "KG", "UZ", "TJ", "TM", "RU", "CN"]
AUTHORS = [f"Author {i}" for i in range(200)]


def generate(n: int, seed: int = 5) -> Iterator[Document]:
    """Realistic articles: 150-1,200 words of recombined sentences, three languages."""
    rng = random.Random(seed)
    for i in range(n):
        lang = rng.choices(["ru", "en", "kk"], weights=[5, 3, 2])[0]
        pool = POOLS[lang]
        words = int(rng.lognormvariate(6.0, 0.5))
        sentences = max(12, min(words, 1200) // 11)
        paragraphs = [" ".join(rng.choices(pool, k=4)) for _ in range(sentences // 4)]
        day = 1 + rng.randrange(3 * 365)
        published = (
            f"{2022 + day // 365}-{1 + day % 365 // 31:02d}-{1 + day % 28:02d}T09:00:00+05:00"
        )
        source = rng.choice(SOURCES)
        doc = Document(
            url=f"https://{source}.example/news/{i}",
            source=source,
            source_name=source.title(),
            title=rng.choice(pool).rstrip("."),
            lead=rng.choice(pool),
            body="\n\n".join(paragraphs),
            authors=rng.sample(AUTHORS, k=rng.randint(0, 2)),
            published=published,
            language=lang,
            section=rng.choice(["Politics", "Economy", "Society", None]),
            tags=rng.sample(TAGS[lang], k=rng.randint(1, 3)),
            countries=rng.sample(COUNTRIES, k=rng.randint(1, 2)),
            crawled_at="2025-01-01T00:00:00+00:00",
            first_seen="2025-01-01T00:00:00+00:00",
            last_seen="2025-01-01T00:00:00+00:00",
        )
        doc.word_count = len(doc.body.split())
        yield doc


QUERY_WORDS = [
    "закона",
    "journalists",
    "аккредитация",
    "oil",
    "инфляцию",
    "prices",
    "нефти",
    "farmers",
    "мұнай",
    "учителя",
    "court",
    "bank",
    "ставку",
    "investors",
    "railway",
]
FACET_PAIRS = [("source", "tags"), ("language", "countries"), ("authors", "section")]


QueryText = tuple[str, tuple[str, ...]]


def queries(n: int) -> list[QueryText]:
    """Query texts and their two facets: one word, two words, a phrase, a word with filters."""
    rng = random.Random(7)
    out: list[QueryText] = []
    for i in range(n):
        kind = i % 4
        if kind == 0:
            text = rng.choice(QUERY_WORDS)
        elif kind == 1:
            text = f"{rng.choice(QUERY_WORDS)} {rng.choice(QUERY_WORDS)}"
        elif kind == 2:
            text = f'"{rng.choice(EN + RU).split(",")[0].rstrip(".")}"'
        else:
            text = f"{rng.choice(QUERY_WORDS)} lang:{rng.choice(['ru', 'en'])} published:2023"
        out.append((text, FACET_PAIRS[i % 3]))
    return out


def request_of(text: QueryText) -> SearchRequest:
    return SearchRequest(parse_query(text[0]), facets=list(text[1]), limit=10)


def timed(action: Callable[[], Any]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def latencies(
    library: Callable[[SearchRequest], Any],
    raw: Callable[[SearchRequest], Any],
    requests: list[SearchRequest],
) -> tuple[list[float], list[float]]:
    """Milliseconds per request, four rounds, library and raw side by side: each request
    runs through both in turn, and the one that goes second alternates by round (the second
    finds the node's and the OS's caches warm from the first: 13 against 15 ms on the same
    request), so that caches and the machine's load favour neither."""
    for request in requests[:5]:
        library(request)  # warm caches
        raw(request)
    lib_ms: list[float] = []
    raw_ms: list[float] = []
    for round_ in range(4):
        for request in requests:
            pair = [(library, lib_ms), (raw, raw_ms)]
            for run, ms in pair if round_ % 2 == 0 else reversed(pair):
                ms.append(timed(lambda: run(request)) * 1000)  # noqa: B023
    return lib_ms, raw_ms


def report(name: str, library: float, raw: float, unit: str, higher_is_better: bool) -> None:
    ratio = library / raw if higher_is_better else raw / library
    print(
        f"{name:<44} library {library:>10.1f} {unit}   raw {raw:>10.1f} {unit}   "
        f"library/raw {ratio:6.2f}"
    )


# --- Elasticsearch -------------------------------------------------------------------


def es_bench(
    base: str, data: Path, n: int, requests: list[SearchRequest]
) -> tuple[float, list[float], int]:
    """Library vs raw: bulk load, size per document, search latency. Returns the library's
    load seconds, latencies and index size, for the baseline comparison."""
    client = Elasticsearch(base, request_timeout=120)
    lib_alias, raw_alias = (f"bench-{k}-{uuid.uuid4().hex[:6]}" for k in "lr")
    try:

        def raw_load(alias: str) -> float:
            client.indices.put_index_template(name=alias, **index_template(alias))
            client.indices.create(index=versioned_index(alias), aliases={alias: {}})

            def actions() -> Iterator[dict[str, Any]]:
                with data.open(encoding="utf-8") as f:
                    for line in islice(f, n):
                        source = json.loads(line)
                        yield {"_index": alias, "_id": source["id"], "_source": source}

            took = timed(lambda: helpers.bulk(client, actions(), chunk_size=500))
            client.indices.refresh(index=alias)
            return took

        # The raw load first: the node's first bulk load also warms it up.
        raw = raw_load(raw_alias)
        store = ElasticsearchStore(client, lib_alias, base)
        store.ensure_schema()
        with data.open("rb") as lines:
            lib = timed(lambda: import_documents(store, islice(lines, n), []))
        client.indices.forcemerge(index=lib_alias, max_num_segments=1)
        stats = client.indices.stats(index=lib_alias, metric="store")
        size = int(stats["_all"]["primaries"]["store"]["size_in_bytes"])
        print(f"{'ES index size per document':<44} {size / n:>10.0f} bytes ({size / 1e6:.0f} MB)")
        report("ES bulk load (docs/s)", n / lib, n / raw, "doc/s", True)

        bodies = {id(r): search_body(r) for r in requests}
        lib_ms, raw_ms = latencies(
            store.search, lambda r: client.search(index=lib_alias, **bodies[id(r)]), requests
        )
        report(
            "ES search p50 (ms)", statistics.median(lib_ms), statistics.median(raw_ms), "ms", False
        )
        report(
            "ES search p95 (ms)", percentile(lib_ms, 0.95), percentile(raw_ms, 0.95), "ms", False
        )
        return lib, lib_ms, size
    finally:
        for alias in (lib_alias, raw_alias):
            client.options(ignore_status=404).indices.delete(index=f"{alias}-v*")
            client.options(ignore_status=404).indices.delete_index_template(name=alias)
        client.close()


# --- SQLite ----------------------------------------------------------------------------

#: Runs in the other checkout (cwd and PYTHONPATH): its own library, whatever version it is.
BASELINE_SCRIPT = """\
import json, sys, time
from index.factory import open_store
from index.query import SearchRequest, parse_query
from search_cli.commands.archive import import_documents
url, corpus, spec = sys.argv[1:4]
spec = json.loads(spec)
store = open_store(url)
store.ensure_schema()
started = time.perf_counter()
with open(corpus, "rb") as lines:
    import_documents(store, (line for _, line in zip(range(spec["n"]), lines)), [])
load = time.perf_counter() - started
requests = [SearchRequest(parse_query(q), facets=f, limit=10) for q, f in spec["queries"]]
for r in requests[:5]:
    store.search(r)
ms = []
for _ in range(3):
    for r in requests:
        started = time.perf_counter()
        store.search(r)
        ms.append((time.perf_counter() - started) * 1000)
size = 0
if hasattr(store, "client"):
    store.client.indices.forcemerge(index=store.alias, max_num_segments=1)
    store.refresh()
    size = store.status().size_bytes
    store.client.options(ignore_status=404).indices.delete(index=store.alias + "-v*")
    store.client.options(ignore_status=404).indices.delete_index_template(name=store.alias)
store.close()
print(json.dumps({"load": load, "ms": ms, "size": size}))
"""


def archive_bytes(path: Path) -> int:
    """The archive file and what lies beside it (the search index, the WAL)."""
    return sum(
        f.stat().st_size
        for pattern in (path.name + "*", path.name + "-search/*")
        for f in path.parent.glob(pattern)
        if f.is_file()
    )


def sqlite_bench(
    workdir: Path, data: Path, n: int, texts: list[QueryText], raw_load: bool, reuse: bool
) -> tuple[float, list[float]]:
    """Library vs raw: bulk load, size per document, search latency. Returns the library's
    load seconds (0 when ``reuse`` searches the archive an earlier run built) and
    latencies, for the baseline comparison."""
    requests = [request_of(text) for text in texts]
    lib_store = SqliteStore(workdir / "library.db")
    lib_store.ensure_schema()
    lib = 0.0
    if reuse:
        raw_load = False
        n = lib_store.count()
        print(f"searching the {n} documents of the archive an earlier run built", file=sys.stderr)
    else:
        with data.open("rb") as lines:
            lib = timed(lambda: import_documents(lib_store, islice(lines, n), []))
    size = archive_bytes(lib_store.path)
    print(f"{'SQLite archive size per document':<44} {size / n:>10.0f} bytes ({size / 1e6:.0f} MB)")

    raw_dir = workdir / "raw-search"
    raw_dir.mkdir(exist_ok=True)
    raw_index = tantivy.Index(build_schema(), path=str(raw_dir))
    raw_index.register_tokenizer(TOKENIZER, analyzer())
    if raw_load:
        SqliteStore(workdir / "raw.db").close()  # the same tables, without the search index
        db = sqlite3.connect(workdir / "raw.db", isolation_level=None)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        raw_schema = SqliteStore(workdir / "raw.db")
        raw_schema.ensure_schema()
        raw_schema.close()
        for op in ("ai", "ad", "au"):  # the raw load indexes every row itself
            db.execute(f"DROP TRIGGER search_pending_{op}")

        def load() -> None:
            writer = raw_index.writer(heap_size=WRITER_HEAP, num_threads=1)
            with data.open(encoding="utf-8") as f:
                for chunk in batches(islice(f, n), 1000):
                    rows = [row_values(Document(**json.loads(line))) for line in chunk]
                    db.execute("BEGIN")
                    db.executemany(UPSERT, rows)
                    db.execute("COMMIT")
                    first = db.execute("SELECT max(rowid) FROM documents").fetchone()[0]
                    stored = db.execute(
                        "SELECT * FROM documents WHERE rowid > ?", (first - len(rows),)
                    )
                    for row in stored:
                        writer.add_document(search_document(row))
            writer.commit()
            writer.wait_merging_threads()

        raw = timed(load)
        report("SQLite bulk load (docs/s)", n / lib, n / raw, "doc/s", True)
        raw_db = db
    elif lib:
        print(f"{'SQLite bulk load (docs/s)':<44} library {n / lib:>10.1f} doc/s   (raw skipped)")
    if not raw_load:
        shutil.rmtree(raw_dir)
        shutil.copytree(index_dir(lib_store.path), raw_dir)
        raw_index = tantivy.Index.open(str(raw_dir))
        raw_db = sqlite3.connect(lib_store.path, isolation_level=None)
        raw_db.row_factory = sqlite3.Row
    raw_index.reload()
    raw_searcher = raw_index.searcher()
    schema = raw_index.schema
    compiled = {id(r): compile_query(schema, r.query) for r in requests}

    def raw_search(request: SearchRequest) -> None:
        """The same index work, compiled beforehand; rows read, no snippets."""
        query = compiled[id(request)]
        hits = raw_searcher.search(query, 10, count=True).hits
        keys = raw_searcher.fast_field_values(KEY, [a for _, a in hits])
        marks = ",".join("?" * len(keys))
        raw_db.execute(f"SELECT * FROM documents WHERE rowid IN ({marks})", keys).fetchall()
        raw_searcher.aggregate(query, facet_aggregations(request.facets))

    lib_ms, raw_ms = latencies(lib_store.search, raw_search, requests)
    report(
        "SQLite search p50 (ms)", statistics.median(lib_ms), statistics.median(raw_ms), "ms", False
    )
    report(
        "SQLite search p95 (ms)", percentile(lib_ms, 0.95), percentile(raw_ms, 0.95), "ms", False
    )
    lib_store.close()
    raw_db.close()
    return lib, lib_ms


def baseline_bench(
    checkout: Path, url: str, data: Path, n: int, texts: list[QueryText]
) -> tuple[float, list[float], int]:
    """Another checkout's library (e.g. an export of main) on the store at ``url``, the same
    corpus and queries, in its own process: load seconds, latencies and the Elasticsearch
    index's size (0 for SQLite, whose files are measured here)."""
    spec = json.dumps({"n": n, "queries": [[q, list(f)] for q, f in texts]})
    done = subprocess.run(
        [sys.executable, "-c", BASELINE_SCRIPT, url, str(data), spec],
        cwd=checkout,
        env={**os.environ, "PYTHONPATH": str(checkout)},
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout.splitlines()[-1])
    return float(result["load"]), [float(v) for v in result["ms"]], int(result["size"])


def compare(name: str, this: float, baseline: float, unit: str) -> None:
    print(
        f"{name:<44} this {this:>10.1f} {unit}   baseline {baseline:>10.1f} {unit}   "
        f"this/baseline {this / baseline:6.2f}"
    )


def compare_runs(
    store: str,
    n: int,
    this: tuple[float, list[float], int],
    baseline: tuple[float, list[float], int],
) -> None:
    """This checkout's figures beside the baseline's, for one store."""
    if this[0] and baseline[0]:
        compare(f"{store} bulk load vs baseline (docs/s)", n / this[0], n / baseline[0], "doc/s")
    compare(
        f"{store} search p50 vs baseline (ms)",
        statistics.median(this[1]),
        statistics.median(baseline[1]),
        "ms",
    )
    compare(
        f"{store} search p95 vs baseline (ms)",
        percentile(this[1], 0.95),
        percentile(baseline[1], 0.95),
        "ms",
    )
    if this[2] and baseline[2]:
        compare(f"{store} size per document vs baseline", this[2] / n, baseline[2] / n, "B")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000, help="into the SQLite store")
    parser.add_argument("--es-docs", type=int, help="into Elasticsearch (default: --docs)")
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--es", default="http://127.0.0.1:9200")
    parser.add_argument("--skip-es", action="store_true")
    parser.add_argument("--no-raw-load", action="store_true", help="skip the raw SQLite load")
    parser.add_argument("--baseline", type=Path, help="a checkout whose SQLite store to compare")
    parser.add_argument("--workdir", type=Path, help="keep the corpus and archives here")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="search the --workdir archive and corpus an earlier run built (no loads)",
    )
    args = parser.parse_args()
    if args.reuse and not (args.workdir and args.baseline is None):
        parser.error("--reuse needs the --workdir of an earlier run, and no --baseline")
    es_docs = args.es_docs or args.docs
    texts = queries(args.queries)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        data = workdir / "corpus.jsonl"
        if not args.reuse:
            with data.open("w", encoding="utf-8") as out:
                for doc in generate(max(args.docs, es_docs)):
                    out.write(doc.to_json() + "\n")
        print(
            f"corpus: {args.docs} documents for SQLite, {es_docs} for Elasticsearch, "
            f"{data.stat().st_size / 1e6:.0f} MB of JSONL, {args.queries} queries with two "
            "facets each",
            file=sys.stderr,
        )
        load, lib_ms = sqlite_bench(
            workdir, data, args.docs, texts, not args.no_raw_load, args.reuse
        )
        if args.baseline:
            base_db = workdir / "baseline.db"
            base = baseline_bench(args.baseline, f"sqlite:///{base_db}", data, args.docs, texts)
            this_size = archive_bytes(workdir / "library.db")
            compare_runs(
                "SQLite",
                args.docs,
                (load, lib_ms, this_size),
                (base[0], base[1], archive_bytes(base_db)),
            )
        if not args.skip_es:
            es = es_bench(args.es, data, es_docs, [request_of(text) for text in texts])
            if args.baseline:
                alias = f"bench-baseline-{uuid.uuid4().hex[:6]}"
                base = baseline_bench(args.baseline, f"{args.es}/{alias}", data, es_docs, texts)
                compare_runs("ES", es_docs, es, base)


if __name__ == "__main__":
    main()
