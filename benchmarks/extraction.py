"""Benchmark main-text extractors on the shared data sets, and whole-document extraction.

Usage::

    python benchmarks/extraction.py [--set zyte|metadata]... [--data DIR]
                                    [--metadata-data DIR] [--only NAME,...]
                                    [--repeat N] [--json] [--experiments]

Two sets, both by default: ``zyte`` (the article-extraction set: 181 pages,
main text only) and ``metadata`` (the article-metadata development set: 158
pages, the main text scored on the 114 that have it; its other fields are
scored by the set's own ``score.py``). Every page is read into memory first,
so disk I/O is not timed. Each extractor then runs on one core (single
process, sequential, pinned to one CPU where the OS allows) over all pages,
``--repeat`` times, the extractors taking turns page by page; the speed is
pages per second of process CPU time, median of those runs (wall-clock
pages/s is in the ``--json`` output). Quality (precision, recall, F1 with
its bootstrap std, accuracy; see ``benchmarks/scoring.py``) is computed on
the first run's output.

Two comparisons are printed per set, each side by side with its baseline
from the same run: the main text (``newsindex``, crawler.extract.text's
``main_text``, against ``trafilatura``'s ``extract``), and the whole
document (``newsindex-document``, ``crawler.extract.extract`` with every
field: metadata, dates, authors, language and enrichment, against
``trafilatura-document``, ``bare_extraction`` with its metadata).

``--experiments`` adds the variants and combinations that were measured to
choose settings; optional third-party extractors are skipped with a note
when their package is not installed.

The data directories default to ``$NEWSINDEX_SHARED/benchmarks/article-extraction``
and ``.../article-metadata``, where ``NEWSINDEX_SHARED`` defaults to the
``shared`` folder beside the repository root.
"""

from __future__ import annotations

import argparse
import gzip
import html as html_lib
import importlib
import importlib.util
import json
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    # Benchmarks run as plain scripts; make both `benchmarks.scoring` and the
    # project's `crawler` package importable without installing anything.
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks.scoring import bootstrap_std, score, tokens  # noqa: E402
from crawler.extract.text import block_text, containment  # noqa: E402

Extractor = Callable[[str, str], str]
Page = tuple[str, str, str, str | None]  # (id, url, html, truth: None when not annotated)

BASELINE = "trafilatura"
# Whole-document extraction, compared with its own baseline.
DOCUMENT, DOCUMENT_BASELINE = "newsindex-document", "trafilatura-document"
MISSING_URL = "https://example.invalid/article.html"  # what score.py gives a page without one
# Shown for the parse-speed ceiling only; it returns "" and is not ranked.
NOT_RANKED = {"lxml-parse"}


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------


def default_data_dir(name: str = "article-extraction") -> Path:
    """``$NEWSINDEX_SHARED/benchmarks/<name>`` (shared/ beside the repo)."""
    shared = os.environ.get("NEWSINDEX_SHARED") or str(REPO_ROOT.parent / "shared")
    return Path(shared) / "benchmarks" / name


def load_pages(data_dir: Path) -> list[Page]:
    """Return ``(id, url, html, truth)`` for every page, decompressed in memory."""
    truth = json.loads((data_dir / "ground-truth.json").read_text(encoding="utf-8"))
    pages: list[Page] = []
    for page_id in sorted(truth):
        raw = gzip.decompress((data_dir / "html" / f"{page_id}.html.gz").read_bytes())
        entry = truth[page_id]
        pages.append((page_id, entry["url"], raw.decode("utf-8", "replace"), entry["articleBody"]))
    return pages


def load_metadata_pages(data_dir: Path) -> list[Page]:
    """Every page of the article-metadata set, its full main text as the truth when it
    has one (None for the pages that give only a prefix, or nothing)."""
    pages: list[Page] = []
    for truth_file in sorted((data_dir / "pages").glob("*.json")):
        entry = json.loads(truth_file.read_text(encoding="utf-8"))
        raw = truth_file.with_suffix(".html").read_bytes()
        url = entry.get("url") or MISSING_URL
        pages.append((entry["id"], url, raw.decode("utf-8", "replace"), entry.get("body")))
    return pages


# --------------------------------------------------------------------------
# Helpers shared by several extractors
# --------------------------------------------------------------------------

# justext needs a language name; pages declare ISO codes in <html lang>.
_JUSTEXT_LANGS = {
    "ar": "Arabic", "az": "Azerbaijani", "be": "Belarusian", "bg": "Bulgarian",
    "cs": "Czech", "da": "Danish", "de": "German", "el": "Greek", "en": "English",
    "es": "Spanish", "et": "Estonian", "fa": "Persian", "fi": "Finnish", "fr": "French",
    "hu": "Hungarian", "hy": "Armenian", "id": "Indonesian", "it": "Italian",
    "ka": "Georgian", "kk": "Kazakh", "ko": "Korean", "ky": "Kyrgyz", "lt": "Lithuanian",
    "lv": "Latvian", "nl": "Dutch", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian",
    "ru": "Russian", "sk": "Slovak", "sr": "Serbian", "sv": "Swedish", "tk": "Turkmen",
    "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu", "uz": "Uzbek", "vi": "Vietnamese",
}  # fmt: skip
_HTML_LANG_RE = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.I)


def guess_justext_language(html: str) -> str:
    """justext stoplist name from ``<html lang>``, English when unknown."""
    m = _HTML_LANG_RE.search(html[:5000])
    return _JUSTEXT_LANGS.get(m.group(1).lower(), "English") if m else "English"


_JSONLD_RE = re.compile(
    r"<script[^>]+type\s*=\s*[\"']?application/ld\+json[\"']?[^>]*>(.*?)</script>",
    re.I | re.S,
)


def _find_article_body(node: Any) -> str:
    """First non-empty ``articleBody`` string anywhere in a JSON-LD value."""
    if isinstance(node, dict):
        body = node.get("articleBody")
        if isinstance(body, str) and body.strip():
            return body
        if isinstance(body, list):
            joined = "\n".join(b for b in body if isinstance(b, str))
            if joined.strip():
                return joined
        node = list(node.values())
    if isinstance(node, list):
        for child in node:
            found = _find_article_body(child)
            if found:
                return found
    return ""


def jsonld_article_body(html: str) -> str:
    """``articleBody`` from the page's JSON-LD blocks, or "" if none.

    Pages embed HTML entities and sometimes tags in it, so both are removed.
    """
    if "articleBody" not in html:
        return ""
    for block in _JSONLD_RE.findall(html):
        try:
            data = json.loads(block.strip().rstrip(";"), strict=False)
        except ValueError:
            continue
        body = _find_article_body(data)
        if body:
            body = html_lib.unescape(body)
            if "<" in body:
                body = re.sub(r"<[^>]+>", " ", body)
            return body.strip()
    return ""


# --------------------------------------------------------------------------
# Extractors: each takes (html, url) and returns plain text ("" on failure)
# --------------------------------------------------------------------------


def ex_trafilatura(html: str, url: str, **options: Any) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url, **options) or ""


def ex_readability(html: str, url: str) -> str:
    import lxml.html
    from readability import Document  # type: ignore[import-untyped]

    # No url: readability would then rewrite every link to absolute, which
    # costs ~20% of its time and changes no text.
    summary = Document(html).summary(html_partial=True)
    return block_text(lxml.html.fromstring(summary))


def ex_justext(html: str, url: str) -> str:
    import justext  # type: ignore[import-untyped]

    language = guess_justext_language(html)
    stoplist = justext.get_stoplist(language)
    paragraphs = justext.justext(html.encode("utf-8"), stoplist, encoding="utf-8")
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def ex_resiliparse(html: str, url: str, **options: Any) -> str:
    from resiliparse.extract.html2text import extract_plain_text

    options.setdefault("main_content", True)
    return extract_plain_text(html, **options)


def ex_lxml_parse(html: str, url: str) -> str:
    import lxml.html

    lxml.html.fromstring(html)
    return ""


def ex_jsonld(html: str, url: str) -> str:
    return jsonld_article_body(html)


# Combinations. The idea: trafilatura (fast mode) is the primary; resiliparse,
# ~10x cheaper, is an independent second opinion. Where they agree the page is
# easy; where trafilatura has much text that resiliparse does not, trafilatura
# probably swept in navigation or teasers, and a third opinion (readability)
# is worth its cost on that page only.

_FAST_NC = {"fast": True, "include_comments": False}


def filter_lines(text: str, reference: str, keep: float = 0.5) -> str:
    """Keep the lines of *text* whose tokens are mostly (>= *keep*) in *reference*."""
    known = set(tokens(reference))
    kept = []
    for line in text.split("\n"):
        toks = tokens(line)
        if toks and sum(tok in known for tok in toks) >= keep * len(toks):
            kept.append(line)
    return "\n".join(kept)


def prefer_nested(primary: str, second: str, hi: float = 0.95, lo: float = 0.8) -> str:
    """*second* when one text (nearly) contains the other but not vice versa.

    Nesting means both extractors found the same article and differ only at
    the edges; readability's edges are the better ones on this data.
    """
    if not second.strip():
        return primary
    c_sp, c_ps = containment(second, primary), containment(primary, second)
    if (c_sp >= hi and c_ps < lo) or (c_ps >= hi and c_sp < lo):
        return second
    return primary


def ex_traf_resiliparse(
    html: str,
    url: str,
    gate: float = 0.9,
    line_filter: bool = False,
    third: bool = True,
    recall: bool = False,
) -> str:
    """trafilatura fast, cross-checked by resiliparse, readability when they disagree.

    *gate*: readability runs only when less than this share of trafilatura's
    shingles is also in resiliparse's text (about 8% of pages at 0.9).
    """
    primary = ex_trafilatura(html, url, favor_recall=recall, **_FAST_NC)
    check = ex_resiliparse(html, url)
    if containment(primary, check) >= gate:
        return primary
    if third:
        chosen = prefer_nested(primary, ex_readability(html, url))
        if chosen is not primary:
            return chosen
    return filter_lines(primary, check) if line_filter else primary


def ex_traf_all_readability(html: str, url: str) -> str:
    """Upper bound of the readability arbitration: run it on every page."""
    return prefer_nested(ex_trafilatura(html, url, **_FAST_NC), ex_readability(html, url))


def ex_resiliparse_then_traf(html: str, url: str) -> str:
    """resiliparse main content as minimal HTML, then trafilatura on that."""
    from resiliparse.extract.html2text import extract_plain_text

    reduced = extract_plain_text(html, main_content=True, preserve_formatting="minimal_html")
    return ex_trafilatura(f"<html><body>{reduced}</body></html>", url, **_FAST_NC)


def ex_jsonld_or_traf(html: str, url: str) -> str:
    """JSON-LD articleBody when the page has one, else trafilatura fast."""
    return jsonld_article_body(html) or ex_trafilatura(html, url, **_FAST_NC)


# Optional third-party candidates: measured when installed, skipped otherwise.
# They are not project dependencies, so they are imported by name at run time.


def _module(name: str) -> Any:
    return importlib.import_module(name)


def ex_rs_trafilatura(html: str, url: str, **options: Any) -> str:
    result = _module("rs_trafilatura").extract(html, url=url, **options)
    return str(result.main_content or "")


def ex_goose3(html: str, url: str) -> str:
    with _module("goose3").Goose({"enable_image_fetching": False}) as goose:
        return str(goose.extract(url=None, raw_html=html).cleaned_text or "")


def ex_boilerpy3(html: str, url: str) -> str:
    extractor = _module("boilerpy3.extractors").ArticleExtractor(raise_on_failure=False)
    return str(extractor.get_content(html) or "")


def ex_fast_readability(html: str, url: str) -> str:
    result = _module("fast_readability").extract_content(html) or {}
    return str(result.get("textContent") or "")


def _optional(module: str, func: Extractor) -> Extractor | str:
    """*func* if *module* is installed, else a skip note."""
    if importlib.util.find_spec(module) is None:
        return f"skipped: {module} is not installed"
    return func


def _newsindex() -> Extractor | str:
    """The project's own extractor, or a note saying why it is unavailable."""
    try:
        from crawler.extract.text import main_text
    except Exception as exc:  # any import failure means "skip", whatever its cause
        reason = f"{type(exc).__name__}: {exc}"
        return f"skipped: cannot import crawler.extract.text.main_text ({reason})"
    return main_text


def ex_newsindex_document(html: str, url: str) -> str:
    """Every field of the document the crawler stores; its body is what is scored."""
    from crawler.extract import extract

    return str(extract(html, url)["body"])


def ex_trafilatura_document(html: str, url: str) -> str:
    """trafilatura's text with its metadata (title, author, date ...), as score.py runs it."""
    import trafilatura

    document = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    return str(getattr(document, "text", None) or "") if document else ""


def _with(func: Callable[..., str], **options: Any) -> Extractor:
    def run(html: str, url: str) -> str:
        return func(html, url, **options)

    return run


def extractors() -> dict[str, Extractor | str]:
    """The default set, in display order (a str value is a skip note)."""
    return {
        "trafilatura": ex_trafilatura,
        "trafilatura-fast": _with(ex_trafilatura, fast=True),
        "readability": ex_readability,
        "justext": ex_justext,
        "resiliparse": ex_resiliparse,
        "lxml-parse": ex_lxml_parse,
        "newsindex": _newsindex(),
        DOCUMENT_BASELINE: ex_trafilatura_document,
        DOCUMENT: ex_newsindex_document,
    }


def experiments() -> dict[str, Extractor | str]:
    """Variants measured while choosing settings (``--experiments``)."""
    t = ex_trafilatura
    return {
        "traf-no-comments": _with(t, include_comments=False),
        "traf-no-tables": _with(t, include_tables=False),
        "traf-no-comments-tables": _with(t, include_comments=False, include_tables=False),
        "traf-precision": _with(t, favor_precision=True),
        "traf-recall": _with(t, favor_recall=True),
        "traf-formatting": _with(t, include_formatting=True),
        "traf-dedup": _with(t, deduplicate=True),
        "traf-fast-no-comments": _with(t, fast=True, include_comments=False),
        "traf-fast-recall": _with(t, fast=True, favor_recall=True),
        "traf-fast-precision": _with(t, fast=True, favor_precision=True),
        "traf-fast-nc-recall": _with(t, fast=True, include_comments=False, favor_recall=True),
        "traf-fast-nc-precision": _with(t, fast=True, include_comments=False, favor_precision=True),
        "traf-fast-nc-no-tables": _with(t, fast=True, include_comments=False, include_tables=False),
        "traf-nc-precision": _with(t, include_comments=False, favor_precision=True),
        "traf-nc-recall": _with(t, include_comments=False, favor_recall=True),
        "resiliparse-no-alt": _with(ex_resiliparse, alt_texts=False, list_bullets=False),
        "jsonld": ex_jsonld,
        "jsonld-or-traf-fast": ex_jsonld_or_traf,
        "resiliparse-then-traf-fast": ex_resiliparse_then_traf,
        "traf-fast+resili-filter": _with(
            ex_traf_resiliparse, gate=0.8, third=False, line_filter=True
        ),
        "traf-fast+resili+readab": ex_traf_resiliparse,
        "traf-fast-recall+resili+readab": _with(ex_traf_resiliparse, recall=True),
        "traf-fast+resili+readab+filter": _with(ex_traf_resiliparse, line_filter=True),
        "traf-fast+readab-always": ex_traf_all_readability,
        "rs-trafilatura": _optional("rs_trafilatura", ex_rs_trafilatura),
        "rs-trafilatura-no-comments": _optional(
            "rs_trafilatura", _with(ex_rs_trafilatura, include_comments=False)
        ),
        "rs-trafilatura-precision": _optional(
            "rs_trafilatura", _with(ex_rs_trafilatura, favor_precision=True)
        ),
        "goose3": _optional("goose3", ex_goose3),
        "boilerpy3": _optional("boilerpy3", ex_boilerpy3),
        "fast-readability": _optional("fast_readability", ex_fast_readability),
    }


# --------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------


def pin_to_one_core() -> str:
    """Pin this process to one CPU so results mean "pages/s per core"."""
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity)"


def run_once(
    funcs: dict[str, Extractor], pages: list[Page]
) -> dict[str, tuple[float, float, list[str], int]]:
    """Run every extractor over all pages, page by page; for each, (cpu seconds, wall
    seconds, outputs, errors).

    The extractors take turns on each page, so that a burst of load on the
    machine, which moves even CPU time (shared caches, frequency), falls on
    all of them alike. CPU time of this (single-threaded) process is what
    "pages/s per core" means; wall time is kept for reference.
    """
    cpu = dict.fromkeys(funcs, 0.0)
    wall = dict.fromkeys(funcs, 0.0)
    outputs: dict[str, list[str]] = {name: [] for name in funcs}
    errors = dict.fromkeys(funcs, 0)
    for _, url, html, _ in pages:
        for name, func in funcs.items():
            started_cpu, started_wall = time.process_time(), time.perf_counter()
            try:
                out = func(html, url) or ""
            except Exception:  # a crash on one page scores as an empty prediction
                out = ""
                errors[name] += 1
            cpu[name] += time.process_time() - started_cpu
            wall[name] += time.perf_counter() - started_wall
            outputs[name].append(out)
    return {name: (cpu[name], wall[name], outputs[name], errors[name]) for name in funcs}


def measure_all(
    funcs: dict[str, Extractor], pages: list[Page], repeat: int, verbose: bool = False
) -> dict[str, dict[str, Any]]:
    """Quality from the first run, speed as the median over *repeat* runs (each run
    interleaves the extractors page by page, see :func:`run_once`)."""
    for func in funcs.values():
        func(pages[0][2], pages[0][1])  # warm-up: lazy imports, stoplists, caches
    cpu: dict[str, list[float]] = {name: [] for name in funcs}
    wall: dict[str, list[float]] = {name: [] for name in funcs}
    first: dict[str, tuple[list[str], int]] = {}
    for i in range(max(1, repeat)):
        if verbose:
            print(f"run {i + 1}/{repeat}", file=sys.stderr, flush=True)
        for name, (cpu_s, wall_s, outputs, errors) in run_once(funcs, pages).items():
            cpu[name].append(cpu_s)
            wall[name].append(wall_s)
            first.setdefault(name, (outputs, errors))
    results: dict[str, dict[str, Any]] = {}
    for name, (outputs, errors) in first.items():
        pairs = [
            (truth, out)
            for (_, _, _, truth), out in zip(pages, outputs, strict=True)
            if truth is not None
        ]
        result: dict[str, Any] = score(pairs)
        result["f1_std"] = bootstrap_std(pairs, resamples=200)["f1"]
        result["pages_per_s"] = len(pages) / statistics.median(cpu[name])
        result["pages_per_s_wall"] = len(pages) / statistics.median(wall[name])
        result["errors"] = errors
        result["empty"] = sum(1 for out in outputs if not out.strip())
        results[name] = result
    return results


def format_table(results: dict[str, dict[str, Any]], notes: dict[str, str]) -> str:
    """Side-by-side table with ratios of F1 and speed against the baseline (the
    document extractors against theirs)."""
    columns = [("P", 6), ("R", 6), ("F1", 6), ("±F1", 6), ("acc", 6), ("pages/s", 8)]
    columns += [("xF1", 6), ("xSpeed", 7), ("empty", 5), ("err", 4)]
    header = f"{'extractor':<30} " + " ".join(f"{c:>{w}}" for c, w in columns)
    lines = [header, "-" * len(header)]
    for name, r in results.items():
        base = results.get(DOCUMENT_BASELINE if name in (DOCUMENT, DOCUMENT_BASELINE) else BASELINE)
        if name in NOT_RANKED:
            q = f"{'-':>6} {'-':>6} {'-':>6} {'-':>6} {'-':>6}"
        else:
            keys = ("precision", "recall", "f1", "f1_std", "accuracy")
            q = " ".join(f"{r[k]:6.3f}" for k in keys)
        xf1 = f"{r['f1'] / base['f1']:6.3f}" if base and name not in NOT_RANKED else f"{'-':>6}"
        xsp = f"{r['pages_per_s'] / base['pages_per_s']:7.2f}" if base else f"{'-':>7}"
        counts = f"{r['empty']:>5} {r['errors']:>4}"
        lines.append(f"{name:<30} {q} {r['pages_per_s']:8.1f} {xf1} {xsp} {counts}")
    for name, note in notes.items():
        lines.append(f"{name:<30} {note}")
    ranked = sorted((r["f1"], n) for n, r in results.items() if n not in NOT_RANKED)
    if ranked:
        lines.append(f"best F1: {ranked[-1][1]} ({ranked[-1][0]:.3f})")
    return "\n".join(lines)


def format_comparison(
    results: dict[str, dict[str, Any]], name: str = "newsindex", baseline: str = BASELINE
) -> str:
    """*name* against *baseline*, metric by metric, with the ratio of each."""
    mine, base = results.get(name), results.get(baseline)
    if not mine or not base:
        return ""
    width = max(len(name), len(baseline)) + 1
    rows = [f"{'':<10} {name:>{width}} {baseline:>{width}} {'ratio':>7}"]
    keys = ("precision", "recall", "f1", "accuracy", "pages_per_s")
    labels = ("P", "R", "F1", "accuracy", "pages/s")
    for key, label in zip(keys, labels, strict=True):
        ratio = f"{mine[key] / base[key]:7.3f}" if base[key] else f"{'-':>7}"
        digits = 1 if key == "pages_per_s" else 3
        rows.append(
            f"{label:<10} {mine[key]:{width}.{digits}f} {base[key]:{width}.{digits}f} {ratio}"
        )
    return "\n".join(rows)


def _sets(args: argparse.Namespace) -> dict[str, tuple[Path, Callable[[Path], list[Page]]]] | str:
    """The chosen sets, with their directory and loader; a message when one is missing."""
    known = {
        "zyte": (args.data or default_data_dir(), "ground-truth.json", load_pages),
        "metadata": (
            args.metadata_data or default_data_dir("article-metadata"),
            "pages",
            load_metadata_pages,
        ),
    }
    chosen: dict[str, tuple[Path, Callable[[Path], list[Page]]]] = {}
    for name in args.set or list(known):
        data_dir, marker, loader = known[name]
        if not (data_dir / marker).exists():
            return f"error: benchmark data not found at {data_dir}"
        chosen[name] = (data_dir, loader)
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--set", action="append", choices=["zyte", "metadata"], help="data set (default: both)"
    )
    parser.add_argument("--data", type=Path, default=None, help="article-extraction set dir")
    parser.add_argument("--metadata-data", type=Path, default=None, help="article-metadata dir")
    parser.add_argument("--only", default="", help="comma-separated extractor names")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per extractor (median)")
    parser.add_argument("--json", action="store_true", help="print results as JSON")
    parser.add_argument("--experiments", action="store_true", help="also run the setting variants")
    args = parser.parse_args(argv)

    sets = _sets(args)
    if isinstance(sets, str):
        print(sets, file=sys.stderr)
        return 2

    available = extractors()
    if args.experiments or args.only:
        available.update(experiments())
    if args.only:
        names = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = [n for n in names if n not in available]
        if unknown:
            known = ", ".join(available)
            message = f"error: unknown extractor(s): {', '.join(unknown)}; known: {known}"
            print(message, file=sys.stderr)
            return 2
        available = {n: available[n] for n in names}

    pinned = pin_to_one_core()
    notes = {name: func for name, func in available.items() if isinstance(func, str)}
    funcs = {name: func for name, func in available.items() if not isinstance(func, str)}
    reports: dict[str, Any] = {}
    for set_name, (data_dir, loader) in sets.items():
        pages = loader(data_dir)
        results = measure_all(funcs, pages, args.repeat, verbose=not args.json)
        reports[set_name] = {"pages": len(pages), "results": results}
        if args.json:
            continue
        scored = sum(1 for page in pages if page[3] is not None)
        print(
            f"\n{set_name}: {len(pages)} pages ({scored} with a main text to score), {pinned}, "
            f"CPU-time median of {args.repeat} interleaved run(s)"
        )
        print(format_table(results, notes))
        for name, baseline in (("newsindex", BASELINE), (DOCUMENT, DOCUMENT_BASELINE)):
            if comparison := format_comparison(results, name, baseline):
                print(f"\n{comparison}")
    if args.json:
        print(json.dumps({"cpu": pinned, "sets": reports, "notes": notes}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
