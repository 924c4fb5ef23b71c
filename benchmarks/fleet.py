"""Benchmark a fleet node's first job: with ``newsindex fleet deploy``'s warm-up, or without.

Usage::

    python -m benchmarks.fleet [--rounds 5] [--json]

Scrapyd lists a project version's spiders (a ``scrapy list`` process, run
inside its web request, so its API waits) the first time a job is scheduled
without a version, unless something asked for that list before. After
uploading the egg, ``fleet deploy`` asks (``listspiders.json``). For each
round, interleaved, a fresh ``scrapyd`` on 127.0.0.1 gets the egg:

(a) baseline: ``addversion.json`` only (what ``scrapyd-deploy`` does);
(b) ``Nodes.deploy``: ``addversion.json``, then ``listspiders.json``.

then two ``schedule.json`` calls (the node never starts the jobs: its poll
interval is an hour). Reported: the medians of the deploy, the first and the
second ``schedule.json``, in seconds, and the ratio (b)/(a) of each.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from scheduler.fleet.egg import Egg, build_egg
from scheduler.fleet.nodes import Nodes
from tests.fleet import PROJECT, ScrapydNode

VARIANTS = ("baseline", "newsindex")
MEASURES = ("deploy", "first_schedule", "second_schedule")


def one_round(variant: str, egg: Egg, home: Path) -> dict[str, float]:
    node = ScrapydNode(home, poll_interval=3600).start()
    try:
        client = node.client()
        started = time.perf_counter()
        if variant == "baseline":
            client.add_version(PROJECT, egg.version(datetime.now(UTC)), egg.data)
        else:
            (row,) = Nodes([node.url], PROJECT).deploy(egg, datetime.now(UTC))
            assert row["error"] is None, row["error"]
        figures = {"deploy": time.perf_counter() - started}
        for measure, job in (("first_schedule", "bench.1"), ("second_schedule", "bench.2")):
            started = time.perf_counter()
            client.schedule(PROJECT, "news", job, {"profile": "orda-kz"}, {})
            figures[measure] = time.perf_counter() - started
        return figures
    finally:
        node.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the medians as JSON")
    args = parser.parse_args()
    egg = build_egg()
    results: dict[str, list[dict[str, float]]] = {v: [] for v in VARIANTS}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.rounds):
            for variant in VARIANTS:
                results[variant].append(one_round(variant, egg, Path(tmp) / f"{variant}-{i}"))
            print(f"round {i + 1}/{args.rounds} done", file=sys.stderr)
    medians = {
        v: {m: statistics.median(r[m] for r in runs) for m in MEASURES}
        for v, runs in results.items()
    }
    ratios = {m: medians["newsindex"][m] / medians["baseline"][m] for m in MEASURES}
    if args.json:
        print(json.dumps({"rounds": args.rounds, "medians": medians, "ratios": ratios}, indent=2))
        return
    print(f"{args.rounds} rounds, a fresh scrapyd each; medians in seconds")
    print(f"{'':<12} {'deploy':>10} {'1st job':>10} {'2nd job':>10}")
    for variant in VARIANTS:
        print(f"{variant:<12}" + "".join(f" {medians[variant][m]:>10.3f}" for m in MEASURES))
    print(
        f"{'ratio':<12}"
        + "".join(f" {ratios[m]:>10.2f}" for m in MEASURES)
        + "   (newsindex / baseline)"
    )


if __name__ == "__main__":
    main()
