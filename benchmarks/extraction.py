"""Article-body extraction benchmark: tagwire vs plain trafilatura.

    python benchmarks/extraction.py [--data DIR] [--limit N] [--no-references]

DIR is one of two layouts, detected by its files:

* ``ground_truth.jsonl`` + ``html/`` (+ ``reference_outputs/``): the Zyte /
  ScrapingHub article-extraction-benchmark. Metric: per page, multisets of
  4-token shingles (tokens = ``\\w+``) of truth and prediction give tp/fp/fn,
  normalised by their sum; precision and recall are means over pages, F1 is
  computed from the two means; accuracy = share of pages whose token sequence
  matches exactly.
* ``evaldata.jsonl`` + ``html/*.html.gz``: trafilatura's evaluation corpus.
  Metric: "with" segments found in the output are TP (else FN), "without"
  segments found are FP (else TN), after whitespace normalisation; summed
  over the corpus.

Each set is also scored in two fixed halves, by a hash of the page id:
the *tuning* half (the only pages our extractor's few thresholds were
chosen on) and the *held-out* half (never looked at while tuning).

Both systems run on the same bytes in the same process, page by page and
alternating which goes first, after a warm-up page; times are wall-clock per
system. Memory: tracemalloc's peak per page (Python objects only: libxml2's
C heap is invisible to it) and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine as common_machine, peak_rss_mb  # noqa: E402

import trafilatura

from tagwire.errors import ExtractionError
from tagwire.extract import extract_article

DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "zyte_article_extraction"
TOKENS = re.compile(r"\w+")


# --- systems -----------------------------------------------------------------


def run_tagwire(html: bytes, url: str | None) -> str | None:
    try:
        return extract_article(html, url).text
    except ExtractionError:
        return None


def run_trafilatura(html: bytes, url: str | None) -> str | None:
    # the settings trafilatura's own evaluation uses: no comments, tables kept
    return trafilatura.extract(html, url=url, include_comments=False, include_tables=True, include_formatting=False)


SYSTEMS: dict[str, Callable[[bytes, str | None], str | None]] = {
    "tagwire": run_tagwire,
    "trafilatura": run_trafilatura,
}


# --- datasets ----------------------------------------------------------------


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def read_html(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def load_pages(data: Path, limit: int | None) -> tuple[str, list[dict]]:
    if (data / "ground_truth.jsonl").exists():
        pages = read_jsonl(data / "ground_truth.jsonl")
        for page in pages:
            page["path"] = next(data.glob(f"html/{page['id']}.html*"))
        return "zyte", pages[:limit]
    if (data / "evaldata.jsonl").exists():
        pages = read_jsonl(data / "evaldata.jsonl")
        for page in pages:
            page["path"] = data / page["html_file"]
            page["url"] = None if page["url"].startswith("hard::") else page["url"]
        return "segments", pages[:limit]
    raise SystemExit(f"{data}: neither ground_truth.jsonl nor evaldata.jsonl found")


def is_tuning(page_id: str) -> bool:
    """The fixed tuning half: an even SHA-256 of the page id."""
    return int(hashlib.sha256(page_id.encode()).hexdigest(), 16) % 2 == 0


# --- metrics -----------------------------------------------------------------


def shingles(text: str | None, n: int = 4) -> Counter:
    tokens = TOKENS.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def page_scores(truth: str, pred: str | None) -> tuple[float, float, float]:
    """tp, fp, fn over shingles, normalised so that every page weighs the same."""
    gold, got = shingles(truth), shingles(pred)
    tp = sum((gold & got).values())
    fp = sum((got - gold).values())
    fn = sum((gold - got).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _ratio(tp: float, other: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == other == 0 else tp / (tp + other)


def shingle_metrics(scores: list[tuple[float, float, float]], exact: list[bool]) -> dict[str, float]:
    precisions = [_ratio(tp, fp, fp, fn) for tp, fp, fn in scores if tp + fp > 0]
    recalls = [_ratio(tp, fn, fp, fn) for tp, fp, fn in scores if tp + fn > 0]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "accuracy": sum(exact) / max(len(exact), 1)}


def score_zyte(pages: list[dict], outputs: dict[str, str | None]) -> dict[str, float]:
    scores, exact = [], []
    for page in pages:
        pred = outputs.get(page["id"])
        scores.append(page_scores(page["articleBody"], pred))
        exact.append(TOKENS.findall(page["articleBody"]) == TOKENS.findall(pred or ""))
    return shingle_metrics(scores, exact)


def score_segments(pages: list[dict], outputs: dict[str, str | None]) -> dict[str, float]:
    tp = fn = fp = tn = 0
    for page in pages:
        text = " ".join((outputs.get(page["id"]) or "").split())
        has = [" ".join(s.split()) in text if text else False for s in page["with"]]
        bad = [" ".join(s.split()) in text if text else False for s in page["without"]]
        tp, fn = tp + sum(has), fn + len(has) - sum(has)
        fp, tn = fp + sum(bad), tn + len(bad) - sum(bad)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "accuracy": (tp + tn) / max(tp + tn + fp + fn, 1)}


# --- running -----------------------------------------------------------------


def run_all(pages: list[dict], htmls: dict[str, bytes]) -> dict[str, tuple[dict, float, float]]:
    """Every system on every page, interleaved page by page (alternating who
    goes first) so that load from other processes hits all systems alike.

    Returns, per system: outputs by page id, total seconds, slowest page.
    """
    for func in SYSTEMS.values():
        func(htmls[pages[0]["id"]], pages[0].get("url"))  # warm-up: imports, caches
    results = {name: ({}, 0.0, 0.0) for name in SYSTEMS}
    names = list(SYSTEMS)
    for index, page in enumerate(pages):
        for name in names if index % 2 == 0 else reversed(names):
            outputs, total, slowest = results[name]
            start = time.perf_counter()
            outputs[page["id"]] = SYSTEMS[name](htmls[page["id"]], page.get("url"))
            elapsed = time.perf_counter() - start
            results[name] = (outputs, total + elapsed, max(slowest, elapsed))
    return results


def python_heap_peak(func, pages: list[dict], htmls: dict[str, bytes], sample: int = 25) -> float:
    """Peak traced Python allocations on one page, in MB, over a sample.

    tracemalloc does not see libxml2's C heap, so this undercounts lxml trees;
    the process peak RSS printed beside it covers everything.
    """
    peak = 0
    for page in pages[:sample]:
        tracemalloc.start()
        func(htmls[page["id"]], page.get("url"))
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return peak / 1e6


def machine() -> str:
    return f"{common_machine()}, trafilatura {trafilatura.__version__}"


def print_row(name: str, metrics: dict[str, float], extra: str = "") -> None:
    print(
        f"{name:<22} P {metrics['precision']:.3f}  R {metrics['recall']:.3f}  "
        f"F1 {metrics['f1']:.3f}  acc {metrics['accuracy']:.3f}  {extra}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="dataset directory")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--no-references", action="store_true", help="skip scoring reference_outputs/")
    parser.add_argument("--dump", type=Path, default=None, help="write tagwire's outputs here (JSONL)")
    args = parser.parse_args(argv)

    kind, pages = load_pages(args.data, args.limit)
    htmls = {page["id"]: read_html(page["path"]) for page in pages}
    score = score_zyte if kind == "zyte" else score_segments
    print(f"machine: {machine()}")
    print(f"data: {args.data} ({kind}, {len(pages)} pages, {sum(map(len, htmls.values())) / 1e6:.1f} MB of HTML)\n")

    results = run_all(pages, htmls)
    speeds = {}
    for name, (outputs, seconds, slowest) in results.items():
        speeds[name] = len(pages) / seconds
        heap = python_heap_peak(SYSTEMS[name], pages, htmls)
        extra = f"| {speeds[name]:.1f} pages/s, slowest {slowest * 1000:.0f} ms, Python heap peak {heap:.1f} MB"
        print_row(name, score(pages, outputs), extra)
        for half, wanted in (("tuning", True), ("held-out", False)):
            subset = [page for page in pages if is_tuning(page["id"]) == wanted]
            if subset:
                print_row(f"  {half} half ({len(subset)})", score(subset, outputs))
    print(f"\nspeed ratio tagwire / trafilatura: {speeds['tagwire'] / speeds['trafilatura']:.2f}x")
    print(f"process peak RSS (both systems, all pages): {peak_rss_mb():.0f} MB")
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as handle:
            for page in pages:
                handle.write(json.dumps({"id": page["id"], "articleBody": results["tagwire"][0][page["id"]]}) + "\n")

    references = args.data / "reference_outputs"
    if kind == "zyte" and references.is_dir() and not args.no_references:
        print(f"\npublished outputs in {references.name}/, scored on the same {len(pages)} pages:")
        for path in sorted(references.glob("*.jsonl")):
            outputs = {row["id"]: row.get("articleBody") for row in read_jsonl(path)}
            print_row(path.stem, score(pages, outputs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
