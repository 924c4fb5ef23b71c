"""Python analysis speed: this checkout's index/analysis.py against another checkout's, one run.

    python -m benchmarks.analysis --baseline PATH [--docs 3000] [--rounds 5]

PATH is the root of another checkout of the project (e.g. ``git worktree add`` or
``git archive main | tar -x -C PATH``). Each round runs both, in turn, each in a fresh
process (so each starts with empty word caches), on the same input:

1. texts: ``stemmed()`` then ``folded()`` of the title, lead and body of generated
   articles (benchmarks/cli.py), as the SQLite store's triggers call them, words per
   second, the caches warming as in an import;
2. words: ``stem()`` and ``fold()`` once over tens of thousands of distinct words
   (tests/wordforms.py), words per second with cold caches: the per-word cost.

Prints medians and ratios; not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.cli import make_documents
from tests.wordforms import word_forms

ROOT = Path(__file__).resolve().parent.parent

WORKER = """
import json, sys, time
from index.analysis import fold, folded, stem, stemmed
data = json.load(open(sys.argv[1], encoding="utf-8"))
start = time.perf_counter()
count = 0
for texts in data["documents"]:
    stems = [stemmed(text) for text in texts.values()]
    for text in texts.values():
        folded(text)
    count += sum(len(s.split()) for s in stems)
texts_seconds = time.perf_counter() - start
start = time.perf_counter()
for word in data["words"]:
    stem(word)
    fold(word)
words_seconds = time.perf_counter() - start
print(json.dumps({"tokens": count, "texts": texts_seconds, "words": words_seconds}))
"""


def run(root: Path, data: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    out = subprocess.run(
        [sys.executable, "-c", WORKER, str(data)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(out.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", type=Path, required=True, help="another checkout's root")
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    documents = [
        {"title": d.title, "lead": d.lead, "body": d.body} for d in make_documents(args.docs)
    ]
    vocabulary = sorted({w for forms in word_forms().values() for w in forms})
    results: dict[str, list[dict[str, float]]] = {"this": [], "baseline": []}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "input.json"
        data.write_text(json.dumps({"documents": documents, "words": vocabulary}), "utf-8")
        for i in range(args.rounds):
            for name, root in (("this", ROOT), ("baseline", args.baseline.resolve())):
                results[name].append(run(root, data))
            print(f"round {i + 1}/{args.rounds} done", file=sys.stderr)
    tokens = results["this"][0]["tokens"]
    print(f"{args.docs} articles ({tokens:,.0f} words), {len(vocabulary):,} distinct words")
    print(f"{'':<10} {'texts words/s':>15} {'cold words/s':>15}")
    rates = {}
    for name, runs in results.items():
        text_rate = tokens / statistics.median(r["texts"] for r in runs)
        word_rate = len(vocabulary) / statistics.median(r["words"] for r in runs)
        rates[name] = (text_rate, word_rate)
        print(f"{name:<10} {text_rate:>15,.0f} {word_rate:>15,.0f}")
    ratio = [a / b for a, b in zip(rates["this"], rates["baseline"], strict=True)]
    print(f"{'ratio':<10} {ratio[0]:>15.2f} {ratio[1]:>15.2f}   (this / baseline; medians)")


if __name__ == "__main__":
    main()
