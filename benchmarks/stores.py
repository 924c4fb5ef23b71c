"""Store benchmark: the library against the raw clients, and against another checkout, in one
run, on one generated corpus.

    python -m benchmarks.stores [--docs 100000] [--es http://127.0.0.1:9200] [--queries 60]
                                [--baseline PATH] [--skip-es | --skip-sqlite]

1. bulk load: ``newsindex import`` into Elasticsearch vs ``helpers.bulk`` of the same
   documents into an index of the same template (Elasticsearch analyses the text);
2. the same into SQLite vs a raw ``executemany`` into the same tables;
3. search latency p50/p95 over a fixed set of queries with two facets each, through
   the library and through the raw client/SQL (the same request, compiled beforehand),
   each request through both in turn;
4. with ``--baseline PATH`` (the root of another checkout, e.g. ``git archive main | tar
   -x -C PATH``): that checkout's library and this one's, each in a fresh process on the
   same corpus and queries, one after the other: load rate, search p50 and the index's size
   on disk (Elasticsearch's after a merge to one segment; SQLite's file).

Prints medians and ratios; not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from elasticsearch import Elasticsearch, helpers

from index.analysis import folded, stemmed
from index.document import Document
from index.elasticsearch.query import search_body
from index.elasticsearch.schema import index_template, versioned_index
from index.elasticsearch.store import ElasticsearchStore
from index.query import SearchRequest, parse_query
from index.sqlite.query import casefold
from index.sqlite.schema import CREATE_SEARCH_HITS, UPSERT, row_values
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


def query_texts(n: int) -> list[tuple[str, list[str]]]:
    """(query text, facets) of each benchmark search."""
    rng = random.Random(7)
    out = []
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
        out.append((text, list(FACET_PAIRS[i % 3])))
    return out


def queries(texts: list[tuple[str, list[str]]]) -> list[SearchRequest]:
    return [SearchRequest(parse_query(text), facets=facets, limit=10) for text, facets in texts]


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


def es_bench(base: str, data: Path, n: int, requests: list[SearchRequest]) -> None:
    client = Elasticsearch(base, request_timeout=120)
    lib_alias, raw_alias = (f"bench-{k}-{uuid.uuid4().hex[:6]}" for k in "lr")
    try:

        def raw_load(alias: str) -> float:
            client.indices.put_index_template(name=alias, **index_template(alias))
            client.indices.create(index=versioned_index(alias), aliases={alias: {}})

            def actions() -> Iterator[dict[str, Any]]:
                with data.open(encoding="utf-8") as f:
                    for line in f:
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
            lib = timed(lambda: import_documents(store, lines, []))
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
    finally:
        for alias in (lib_alias, raw_alias):
            client.options(ignore_status=404).indices.delete(index=f"{alias}-v*")
            client.options(ignore_status=404).indices.delete_index_template(name=alias)
        client.close()


# --- SQLite ----------------------------------------------------------------------------


def sqlite_bench(workdir: Path, data: Path, n: int, requests: list[SearchRequest]) -> None:
    lib_store = SqliteStore(workdir / "library.db")
    lib_store.ensure_schema()
    with data.open("rb") as lines:
        lib = timed(lambda: import_documents(lib_store, lines, []))

    raw_store = SqliteStore(workdir / "raw.db")
    raw_store.ensure_schema()
    raw_store.close()
    db = sqlite3.connect(workdir / "raw.db", isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA temp_store=MEMORY")
    db.execute(CREATE_SEARCH_HITS)  # the library's statements use it
    for name, fn in (
        ("casefold", casefold),
        ("newsindex_stemmed", stemmed),
        ("newsindex_folded", folded),
    ):
        db.create_function(name, 1, fn, deterministic=True)

    def raw_load() -> None:
        with data.open(encoding="utf-8") as f:
            while True:
                chunk = [f.readline() for _ in range(1000)]
                rows = [row_values(Document(**json.loads(line))) for line in chunk if line]
                if not rows:
                    return
                db.execute("BEGIN")
                db.executemany(UPSERT, rows)
                db.execute("COMMIT")

    raw = timed(raw_load)
    report("SQLite bulk load (docs/s)", n / lib, n / raw, "doc/s", True)

    def raw_search(request: SearchRequest, plan: tuple[list[tuple[str, list[object]]]]) -> None:
        for sql, params in plan[0]:
            db.execute(sql, params).fetchall()

    plans = {id(r): (_sqlite_statements(lib_store, r),) for r in requests}
    lib_ms, raw_ms = latencies(lib_store.search, lambda r: raw_search(r, plans[id(r)]), requests)
    report(
        "SQLite search p50 (ms)", statistics.median(lib_ms), statistics.median(raw_ms), "ms", False
    )
    report(
        "SQLite search p95 (ms)", percentile(lib_ms, 0.95), percentile(raw_ms, 0.95), "ms", False
    )
    lib_store.close()
    db.close()


def _sqlite_statements(
    store: SqliteStore, request: SearchRequest
) -> list[tuple[str, list[object]]]:
    """The statements the library runs for a request, captured once through SQLite's trace
    (expanded: parameters inline), to run raw."""
    captured: list[str] = []
    store.db.set_trace_callback(captured.append)
    store.search(request)
    store.db.set_trace_callback(None)
    # SQLite also traces the statements FTS5 runs inside them, as comments: not ours to run.
    return [(sql, []) for sql in captured if not sql.startswith("--")]


# --- another checkout, side by side ---------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
#: Runs in a checkout (cwd and PYTHONPATH): its own library, whatever version it is.
WORKER = """
import json, statistics, sys, time
from index.factory import open_store
from index.query import SearchRequest, parse_query
from search_cli.commands.archive import import_documents
args = json.loads(sys.argv[1])
store = open_store(args["url"])
store.ensure_schema()
with open(args["data"], "rb") as lines:
    start = time.perf_counter()
    import_documents(store, lines, [])
    load = time.perf_counter() - start
requests = [SearchRequest(parse_query(q), facets=f, limit=10) for q, f in args["queries"]]
for request in requests[:5]:
    store.search(request)
ms = []
for _ in range(3):
    for request in requests:
        start = time.perf_counter()
        store.search(request)
        ms.append((time.perf_counter() - start) * 1000)
if hasattr(store, "client"):
    store.client.indices.forcemerge(index=store.alias, max_num_segments=1)
    store.refresh()
size = store.status().size_bytes
store.close()
print(json.dumps({"load": load, "p50": statistics.median(ms), "size": size}))
"""


def library_run(root: Path, url: str, data: Path, texts: list[tuple[str, list[str]]]) -> Any:
    """Load, search and size an archive through a checkout's library, in a fresh process."""
    args = json.dumps({"url": url, "data": str(data), "queries": texts})
    env = {**os.environ, "PYTHONPATH": str(root)}
    out = subprocess.run(
        [sys.executable, "-c", WORKER, args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.splitlines()[-1])


def compare(name: str, baseline: Path, n: int, runs: dict[str, Any], urls: dict[str, str]) -> None:
    this, base = runs["this"], runs["baseline"]
    print(f"{name}: this checkout vs {baseline} ({urls['this'].split(':')[0]})")
    rows = [
        ("  load (docs/s)", n / this["load"], n / base["load"], True),
        ("  search p50 (ms)", this["p50"], base["p50"], False),
        ("  index size (MB)", this["size"] / 1e6, base["size"] / 1e6, False),
    ]
    for label, mine, theirs, higher_is_better in rows:
        ratio = mine / theirs if higher_is_better else theirs / mine
        print(
            f"{label:<44} this {mine:>10.1f}   baseline {theirs:>10.1f}   "
            f"this/baseline {ratio:6.2f}"
        )


def baseline_bench(
    baseline: Path, sqlite: Path | None, es: str | None, data: Path, n: int, texts: list[Any]
) -> None:
    """The library of both checkouts on SQLite (files in ``sqlite``) and Elasticsearch."""
    roots = {"baseline": baseline.resolve(), "this": ROOT}
    if sqlite is not None:
        sqlite_urls = {k: f"sqlite:///{sqlite / f'side-{k}.db'}" for k in roots}
        runs = {k: library_run(root, sqlite_urls[k], data, texts) for k, root in roots.items()}
        compare("SQLite", baseline, n, runs, sqlite_urls)
    if es is None:
        return
    es_urls = {k: f"{es}/bench-side-{k}-{uuid.uuid4().hex[:6]}" for k in roots}
    client = Elasticsearch(es, request_timeout=120)
    try:
        runs = {k: library_run(root, es_urls[k], data, texts) for k, root in roots.items()}
        compare("Elasticsearch", baseline, n, runs, es_urls)
    finally:
        for url in es_urls.values():
            alias = url.rsplit("/", 1)[1]
            client.options(ignore_status=404).indices.delete(index=f"{alias}-v*")
            client.options(ignore_status=404).indices.delete_index_template(name=alias)
        client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--es", default="http://127.0.0.1:9200")
    parser.add_argument("--skip-es", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--baseline", type=Path, help="another checkout's root, side by side")
    args = parser.parse_args()
    texts = query_texts(args.queries)
    requests = queries(texts)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        data = workdir / "corpus.jsonl"
        with data.open("w", encoding="utf-8") as out:
            for doc in generate(args.docs):
                out.write(doc.to_json() + "\n")
        size = data.stat().st_size
        print(
            f"corpus: {args.docs} documents, {size / 1e6:.0f} MB of JSONL, "
            f"{args.queries} queries with two facets each",
            file=sys.stderr,
        )
        if not args.skip_sqlite:
            sqlite_bench(workdir, data, args.docs, requests)
        if not args.skip_es:
            es_bench(args.es, data, args.docs, requests)
        if args.baseline:
            sqlite = None if args.skip_sqlite else workdir
            es = None if args.skip_es else args.es
            baseline_bench(args.baseline, sqlite, es, data, args.docs, texts)


if __name__ == "__main__":
    main()
