"""Benchmark main-text extractors on the shared article-extraction data set.

Usage::

    python benchmarks/extraction.py [--data DIR] [--only NAME,...] [--repeat N]
                                    [--json] [--experiments]

Every page is decompressed into memory first, so disk I/O is not timed. Each
extractor then runs on one core (single process, sequential, pinned to one
CPU where the OS allows) over all pages, ``--repeat`` times; the speed is the
median pages/second of those runs. Quality (precision, recall, F1, accuracy;
see ``benchmarks/scoring.py``) is computed on the first run's output.

The data directory defaults to ``$NEWSINDEX_SHARED/benchmarks/article-extraction``,
where ``NEWSINDEX_SHARED`` defaults to the ``shared`` folder beside the
repository root.
"""

from __future__ import annotations

import argparse
import gzip
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

from benchmarks.scoring import bootstrap_std, score  # noqa: E402

Extractor = Callable[[str, str], str]
Page = tuple[str, str, str, str]  # (id, url, html, truth)

BASELINE = "trafilatura"
# Shown for the parse-speed ceiling only; it returns "" and is not ranked.
NOT_RANKED = {"lxml-parse"}


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------


def default_data_dir() -> Path:
    """``$NEWSINDEX_SHARED/benchmarks/article-extraction`` (shared/ beside the repo)."""
    shared = os.environ.get("NEWSINDEX_SHARED") or str(REPO_ROOT.parent / "shared")
    return Path(shared) / "benchmarks" / "article-extraction"


def load_pages(data_dir: Path) -> list[Page]:
    """Return ``(id, url, html, truth)`` for every page, decompressed in memory."""
    truth = json.loads((data_dir / "ground-truth.json").read_text(encoding="utf-8"))
    pages: list[Page] = []
    for page_id in sorted(truth):
        raw = gzip.decompress((data_dir / "html" / f"{page_id}.html.gz").read_bytes())
        entry = truth[page_id]
        pages.append((page_id, entry["url"], raw.decode("utf-8", "replace"), entry["articleBody"]))
    return pages


# --------------------------------------------------------------------------
# Helpers shared by several extractors
# --------------------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td",
        "th", "tr", "ul",
    }
)  # fmt: skip


def _tree_text(root: Any) -> str:
    """Text of an lxml tree with one paragraph per block element."""
    parts: list[str] = []

    def walk(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        block = tag.lower() in _BLOCK_TAGS
        if block:
            parts.append("\n")
        if el.text and tag:
            parts.append(el.text)
        for child in el:
            walk(child)
        if block:
            parts.append("\n")
        if el.tail:
            parts.append(el.tail)

    walk(root)
    lines = (re.sub(r"[ \t\r\f\v\xa0]+", " ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


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
            import html as html_lib

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
    from readability import Document

    summary = Document(html, url=url).summary(html_partial=True)
    return _tree_text(lxml.html.fromstring(summary))


def ex_justext(html: str, url: str) -> str:
    import justext

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


# Optional third-party candidates: measured when installed, skipped otherwise.


def ex_rs_trafilatura(html: str, url: str, **options: Any) -> str:
    import rs_trafilatura

    return rs_trafilatura.extract(html, url=url, **options).main_content or ""


def ex_goose3(html: str, url: str) -> str:
    from goose3 import Goose

    with Goose({"enable_image_fetching": False}) as goose:
        return goose.extract(url=None, raw_html=html).cleaned_text or ""


def ex_boilerpy3(html: str, url: str) -> str:
    from boilerpy3 import extractors as bp

    return bp.ArticleExtractor(raise_on_failure=False).get_content(html) or ""


def ex_fast_readability(html: str, url: str) -> str:
    import fast_readability

    return (fast_readability.extract_content(html) or {}).get("textContent") or ""


def _optional(module: str, func: Extractor) -> Extractor | str:
    """*func* if *module* imports, else a skip note (the package is not a dependency)."""
    import importlib.util

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
        "resiliparse-no-alt": _with(ex_resiliparse, alt_texts=False, list_bullets=False),
        "jsonld": ex_jsonld,
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


def run_once(func: Extractor, pages: list[Page]) -> tuple[float, list[str], int]:
    """Run *func* over all pages; return (seconds, outputs, errors)."""
    outputs: list[str] = []
    errors = 0
    start = time.perf_counter()
    for _, url, html, _ in pages:
        try:
            outputs.append(func(html, url) or "")
        except Exception:  # a crash on one page scores as an empty prediction
            outputs.append("")
            errors += 1
    return time.perf_counter() - start, outputs, errors


def measure(func: Extractor, pages: list[Page], repeat: int) -> dict[str, Any]:
    """Quality on the first run, speed as the median over *repeat* runs."""
    func(pages[0][2], pages[0][1])  # warm-up: lazy imports, stoplists, caches
    times: list[float] = []
    outputs: list[str] = []
    errors = 0
    for i in range(max(1, repeat)):
        elapsed, out, errs = run_once(func, pages)
        times.append(elapsed)
        if i == 0:
            outputs, errors = out, errs
    pairs = [(page[3], out) for page, out in zip(pages, outputs, strict=True)]
    result: dict[str, Any] = score(pairs)
    result["f1_std"] = bootstrap_std(pairs, resamples=200)["f1"]
    result["pages_per_s"] = len(pages) / statistics.median(times)
    result["errors"] = errors
    result["empty"] = sum(1 for out in outputs if not out.strip())
    return result


def format_table(results: dict[str, dict[str, Any]], notes: dict[str, str]) -> str:
    """Side-by-side table with ratios of F1 and speed against the baseline."""
    base = results.get(BASELINE)
    columns = [("P", 6), ("R", 6), ("F1", 6), ("±F1", 6), ("acc", 6), ("pages/s", 8)]
    columns += [("xF1", 6), ("xSpeed", 7), ("empty", 5), ("err", 4)]
    header = f"{'extractor':<26} " + " ".join(f"{c:>{w}}" for c, w in columns)
    lines = [header, "-" * len(header)]
    for name, r in results.items():
        if name in NOT_RANKED:
            q = f"{'-':>6} {'-':>6} {'-':>6} {'-':>6} {'-':>6}"
        else:
            keys = ("precision", "recall", "f1", "f1_std", "accuracy")
            q = " ".join(f"{r[k]:6.3f}" for k in keys)
        xf1 = f"{r['f1'] / base['f1']:6.3f}" if base and name not in NOT_RANKED else f"{'-':>6}"
        xsp = f"{r['pages_per_s'] / base['pages_per_s']:7.2f}" if base else f"{'-':>7}"
        counts = f"{r['empty']:>5} {r['errors']:>4}"
        lines.append(f"{name:<26} {q} {r['pages_per_s']:8.1f} {xf1} {xsp} {counts}")
    for name, note in notes.items():
        lines.append(f"{name:<26} {note}")
    ranked = sorted((r["f1"], n) for n, r in results.items() if n not in NOT_RANKED)
    if ranked:
        lines.append(f"best F1: {ranked[-1][1]} ({ranked[-1][0]:.3f})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="data dir (default: %(default)s)")
    parser.add_argument("--only", default="", help="comma-separated extractor names")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per extractor (median)")
    parser.add_argument("--json", action="store_true", help="print results as JSON")
    parser.add_argument("--experiments", action="store_true", help="also run the setting variants")
    args = parser.parse_args(argv)

    data_dir = args.data or default_data_dir()
    if not (data_dir / "ground-truth.json").is_file():
        print(f"error: benchmark data not found at {data_dir}", file=sys.stderr)
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

    pages = load_pages(data_dir)
    pinned = pin_to_one_core()
    results: dict[str, dict[str, Any]] = {}
    notes: dict[str, str] = {}
    for name, func in available.items():
        if isinstance(func, str):
            notes[name] = func
            continue
        if not args.json:
            print(f"measuring {name} ...", file=sys.stderr, flush=True)
        results[name] = measure(func, pages, args.repeat)

    if args.json:
        report = {"pages": len(pages), "cpu": pinned, "results": results, "notes": notes}
        print(json.dumps(report, indent=2))
    else:
        print(f"{len(pages)} pages, {pinned}, median of {args.repeat} run(s)")
        print(format_table(results, notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
