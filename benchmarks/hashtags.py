"""Automatic-hashtag benchmark: tagwire's labels vs YAKE against gold key phrases.

    python benchmarks/hashtags.py [--data DIR] [--limit N] [--no-yake] [--show N]

DIR is either a folder of data sets (each a sub-folder holding one ``*.jsonl``
with ``{"id", "title", "text", "keyphrases"}`` per line; default
``../shared/datasets``, where the ``keyphrases_*`` folders are used) or one
such data set folder.

Metric, as the key-phrase literature computes it: every phrase (predicted and
gold) is lower-cased, possessive "'s" dropped, split into ``\\w+`` words and
each word Porter-stemmed (nltk's ``PorterStemmer``, no data download needed);
a prediction is correct when it equals a gold phrase exactly. Per document
P@k = correct / number predicted (at most k), R@k = correct / gold phrases,
F1@k from the two; then macro-averaged over documents (documents without gold
phrases are skipped). Documents whose text is empty keep their title.

Each set is split in two fixed halves by a hash of the document id: "dev"
(what tagwire's weights were tuned on) and "test" (never looked at while
tuning); both halves and the whole set are printed.

Requirements beyond tagwire: ``nltk`` (stemming only) and ``yake`` (baseline);
neither is a runtime dependency of tagwire.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine  # noqa: E402

from nltk.stem.porter import PorterStemmer  # noqa: E402

from tagwire.enrich.hashtags import automatic_tags  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "datasets"
_WORDS = re.compile(r"\w+")
_POSSESSIVE = re.compile(r"['’]s\b")
_STEM = PorterStemmer().stem
_stem_cache: dict[str, str] = {}


def normalise(phrase: str) -> str:
    out = []
    for w in _WORDS.findall(_POSSESSIVE.sub("", phrase.lower())):
        s = _stem_cache.get(w)
        if s is None:
            s = _stem_cache[w] = _STEM(w)
        out.append(s)
    return " ".join(out)


def split_of(doc_id: str) -> str:
    return "dev" if hashlib.sha1(doc_id.encode()).digest()[0] % 2 == 0 else "test"


# --- systems -----------------------------------------------------------------


def run_tagwire(title: str, text: str, k: int) -> list[str]:
    return [t.label for t in automatic_tags(title, text, limit=k)]


def make_yake() -> Callable[[str, str, int], list[str]]:
    import yake

    extractor = yake.KeywordExtractor(lan="en", n=3, top=10)

    def run_yake(title: str, text: str, k: int) -> list[str]:
        doc = f"{title}\n\n{text}" if title else text
        return [kw for kw, _ in extractor.extract_keywords(doc)][:k]

    return run_yake


# --- scoring -----------------------------------------------------------------


def prf(pred: list[str], gold: set[str], k: int) -> tuple[float, float, float]:
    seen: list[str] = []
    for p in pred:
        n = normalise(p)
        if n and n not in seen:
            seen.append(n)
    top = seen[:k]
    hits = sum(p in gold for p in top)
    p = hits / len(top) if top else 0.0
    r = hits / len(gold)
    return p, r, (2 * p * r / (p + r) if hits else 0.0)


def evaluate(docs: list[dict], system: Callable, show: int = 0) -> dict:
    scores: dict[str, dict[str, list[float]]] = {}
    elapsed = 0.0
    system(docs[0]["title"], docs[0]["text"], 10)  # warm-up
    for i, doc in enumerate(docs):
        start = time.process_time()
        pred = system(doc["title"], doc["text"], 10)
        elapsed += time.process_time() - start
        gold = {g for g in (normalise(x) for x in doc["keyphrases"]) if g}
        if i < show:
            print(f"  {doc['id']}: {pred}\n    gold: {sorted(doc['keyphrases'])[:20]}")
        if not gold:
            continue
        for part in ("all", split_of(doc["id"])):
            bucket = scores.setdefault(part, {"p5": [], "r5": [], "f5": [], "p10": [], "r10": [], "f10": []})
            for k in (5, 10):
                p, r, f = prf(pred, gold, k)
                bucket[f"p{k}"].append(p)
                bucket[f"r{k}"].append(r)
                bucket[f"f{k}"].append(f)
    out = {part: {m: sum(v) / len(v) for m, v in b.items()} | {"n": len(b["f5"])} for part, b in scores.items()}
    out["rate"] = len(docs) / elapsed if elapsed else float("inf")
    return out


# --- data and report ---------------------------------------------------------


def find_sets(data: Path) -> list[Path]:
    if list(data.glob("*.jsonl")):
        return sorted(data.glob("*.jsonl"))[:1]
    return [next(iter(sorted(d.glob("*.jsonl")))) for d in sorted(data.glob("keyphrases_*")) if d.is_dir()]


def load(path: Path, limit: int | None) -> list[dict]:
    docs = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            docs.append({"id": row["id"], "title": row.get("title") or "", "text": row.get("text") or "",
                         "keyphrases": row.get("keyphrases") or []})
    return docs[:limit] if limit else docs


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--no-yake", action="store_true")
    ap.add_argument("--show", type=int, default=0, help="print predictions of the first N documents")
    args = ap.parse_args(argv)
    print(f"machine: {machine()}")
    systems: list[tuple[str, Callable]] = [("tagwire", run_tagwire)]
    if not args.no_yake:
        systems.append(("yake 3-gram", make_yake()))
    for path in find_sets(args.data):
        docs = load(path, args.limit)
        print(f"\n{path.parent.name}: {len(docs)} documents "
              f"(dev {sum(split_of(d['id']) == 'dev' for d in docs)}, "
              f"test {sum(split_of(d['id']) == 'test' for d in docs)})")
        print(f"  {'system':<12} {'half':<5} {'docs':>4} {'P@5':>6} {'R@5':>6} {'F1@5':>6} "
              f"{'P@10':>6} {'R@10':>6} {'F1@10':>6} {'docs/s':>8}")
        for name, system in systems:
            res = evaluate(docs, system, args.show if name == "tagwire" else 0)
            for part in ("dev", "test", "all"):
                if part not in res:
                    continue
                r = res[part]
                rate = f"{res['rate']:8.0f}" if part == "all" else ""
                print(f"  {name:<12} {part:<5} {r['n']:>4} {r['p5']:6.3f} {r['r5']:6.3f} {r['f5']:6.3f} "
                      f"{r['p10']:6.3f} {r['r10']:6.3f} {r['f10']:6.3f} {rate}")


if __name__ == "__main__":
    main()
