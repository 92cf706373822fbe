"""Story clustering benchmark: tagwire's online clusterer vs an offline baseline.

    python benchmarks/stories.py [--data DIR] [--scale N] [--skip-scale]

DIR is the datasets root (every known set found under it is run) or one set's
folder. Sets, detected by their file name:

* ``ecbplus.jsonl`` (ECB+, 86 look-alike stories in pairs): most docs have no
  date, so articles are replayed in a fixed shuffled order (seed 7) with one
  date. Gold = ``story``. Split: ``train`` (used to pick parameters) and
  ``dev`` (held out) of the standard split, each run on its own.
* ``gva_gvc.jsonl`` (Gun Violence Archive incidents): replayed in date order
  with the real dates (a day each, so the 72 h window applies). Gold =
  ``story``. Split: the first half of the stream by time (tuning) and the
  second half (held out); also the "clean" subset of its SOURCE.md.
* ``googlenews.jsonl`` (GoogleNews title+snippet stories, no dates): a fixed
  shuffled order (seed 7) with one date. Gold = ``cluster``. Split: even
  cluster ids (tuning) and odd ones (held out).

Each article is given with its hashtags (``tags``), as the crawler gives them.

Metrics: B-cubed P/R/F1, pairwise F1, ARI, NMI, Hungarian accuracy, number of
clusters. The baseline, run in the same process on the same rows, is TF-IDF
(sublinear, English stop words) + average-link agglomerative clustering on
cosine distance **given the true number of stories**; the clusterer is not.
Undated sets are also replayed in ``--orders`` other shuffled orders (an online
clusterer depends on arrival order): mean ± sd and minimum are printed.

Times are CPU seconds of this process (``time.process_time``), so that other
work on a shared machine does not inflate them; articles/s = rows / CPU s.

Scale: the per-article cost with 10k and with ``--scale`` (default 100k)
synthetic articles streamed before timing 1k real articles. Synthetic articles
arrive 100 per hour, so the 72 h window holds ~7k of them whatever the total:
the point is that stored history does not make one article dearer.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import numpy as np
from scipy.optimize import linear_sum_assignment
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

from tagwire.enrich import default_topics, enrich_article
from tagwire.enrich.stories import StoryClusterer, StoryInput

DEFAULT_DATA = ROOT.parent / "shared" / "datasets"
SETS = {
    "ecbplus.jsonl": "news_event_clustering_ecbplus",
    "gva_gvc.jsonl": "news_event_clustering_gva_gvc",
    "googlenews.jsonl": "news_story_clustering_googlenews",
}
ONE_DATE = datetime(2024, 1, 1, 12, tzinfo=UTC)
# settings of the instance being measured (``--lookback-hours``: ``story_lookback_hours``)
PARAMS: dict[str, float] = {}


# --- data ----------------------------------------------------------------------


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _shuffled(rows: list[dict]) -> list[dict]:
    rows = list(rows)
    random.Random(7).shuffle(rows)
    return rows


def load_ecbplus(path: Path) -> dict[str, list[dict]]:
    rows = [{"id": r["id"], "title": r.get("title") or "", "text": r["text"], "date": ONE_DATE,
             "gold": r["story"], "split": r["split_cybulska_vossen_2015"]} for r in _read(path)]
    rows = _shuffled(rows)
    return {"all": rows, "train (tuning)": [r for r in rows if r["split"] == "train"],
            "dev (held out)": [r for r in rows if r["split"] == "dev"]}


def load_gva(path: Path) -> dict[str, list[dict]]:
    raw = _read(path)  # sorted by date, then id
    rows = [{"id": r["id"], "title": r.get("title") or "", "text": r.get("text") or "",
             "date": datetime.fromisoformat(r["date"]).replace(tzinfo=UTC),
             "gold": r["story"], "flags": r.get("flags") or []} for r in raw]
    half = len(rows) // 2
    bad = {"empty_text", "text_shared_across_incidents", "multi_incident"}
    return {"all": rows, "first half (tuning)": rows[:half], "second half (held out)": rows[half:],
            "clean subset": [r for r in rows if not bad & set(r["flags"])]}


def load_googlenews(path: Path) -> dict[str, list[dict]]:
    rows = [{"id": str(r["id"]), "title": r.get("title") or "", "text": r.get("text") or "",
             "date": ONE_DATE, "gold": str(r["cluster"])} for r in _read(path)]
    rows = _shuffled(rows)
    return {"all": rows, "even clusters (tuning)": [r for r in rows if int(r["gold"]) % 2 == 0],
            "odd clusters (held out)": [r for r in rows if int(r["gold"]) % 2 == 1]}


LOADERS = {"ecbplus.jsonl": load_ecbplus, "gva_gvc.jsonl": load_gva,
           "googlenews.jsonl": load_googlenews}


def find_sets(data: Path) -> list[Path]:
    found = [data / name for name in SETS if (data / name).exists()]
    found += [data / folder / name for name, folder in SETS.items() if (data / folder / name).exists()]
    return found


# --- metrics -------------------------------------------------------------------


def bcubed(gold: list[str], pred: list[str]) -> tuple[float, float, float]:
    pair = Counter(zip(gold, pred))
    g, p = Counter(gold), Counter(pred)
    n = len(gold)
    prec = sum(c * c / p[pk] for (_, pk), c in pair.items()) / n
    rec = sum(c * c / g[gk] for (gk, _), c in pair.items()) / n
    return prec, rec, 2 * prec * rec / (prec + rec) if prec + rec else 0.0


def pairwise_f1(gold: list[str], pred: list[str]) -> float:
    def pairs(counter: Counter) -> int:
        return sum(c * (c - 1) // 2 for c in counter.values())

    tp = pairs(Counter(zip(gold, pred)))
    fp = pairs(Counter(pred)) - tp
    fn = pairs(Counter(gold)) - tp
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def hungarian_accuracy(gold: list[str], pred: list[str]) -> float:
    gi = {v: i for i, v in enumerate(sorted(set(gold)))}
    pi = {v: i for i, v in enumerate(sorted(set(pred)))}
    m = np.zeros((len(gi), len(pi)), dtype=np.int64)
    for a, b in zip(gold, pred):
        m[gi[a], pi[b]] += 1
    rows, cols = linear_sum_assignment(-m)
    return m[rows, cols].sum() / len(gold)


def scores(gold: list[str], pred: list[str]) -> dict[str, float]:
    p, r, f = bcubed(gold, pred)
    return {"B3 P": p, "B3 R": r, "B3 F1": f, "pair F1": pairwise_f1(gold, pred),
            "ARI": adjusted_rand_score(gold, pred),
            "NMI": normalized_mutual_info_score(gold, pred), "ACC": hungarian_accuracy(gold, pred),
            "clusters": float(len(set(pred)))}


# --- systems -------------------------------------------------------------------


def run_tagwire(rows: list[dict], **params) -> tuple[list[str], float, int]:
    """Stream ``rows`` in order; predicted story per row, seconds, duplicates."""
    c = StoryClusterer(**{**PARAMS, **params})
    pred, dups = [], 0
    start = time.process_time()
    for r in rows:
        d = c.add(StoryInput(r["id"], r["title"], r["text"], r["date"], tags=r.get("tags", ())))
        pred.append(d.story_id)
        dups += d.duplicate_of is not None
    return pred, time.process_time() - start, dups


def add_hashtags(rows: list[dict]) -> None:
    """Each row's hashtags, as the crawler and ``tagwire analyze`` give them to the
    clusterer (built-in topics, no per-instance curation); computed before timing."""
    topics = default_topics()
    for r in rows:
        e = enrich_article(title=r["title"], text=r["text"], topics=topics)
        r["tags"] = tuple(t.tag for t in e.tags)


def run_baseline(rows: list[dict]) -> list[str]:
    docs = [f"{r['title']}\n{r['text']}" for r in rows]
    x = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(docs)
    dist = np.clip(1.0 - (x @ x.T).toarray(), 0.0, 2.0)
    k = len({r["gold"] for r in rows})
    labels = AgglomerativeClustering(n_clusters=k, metric="precomputed",
                                     linkage="average").fit_predict(dist)
    return [str(v) for v in labels]


# --- scale ---------------------------------------------------------------------

_WORDS = None


def synthetic(n: int, start: datetime, seed: int = 1, per_hour: int = 100):
    """Fictional articles: Zipf-like common words plus rare per-story names."""
    global _WORDS
    rnd = random.Random(seed)
    if _WORDS is None:
        syll = ["ka", "lo", "mi", "ren", "tu", "sa", "vel", "dor", "an", "is", "po", "ler", "qu", "ex"]
        _WORDS = sorted({"".join(rnd.choice(syll) for _ in range(rnd.randint(2, 4)))
                         for _ in range(30000)})
    vocab = _WORDS
    cum, total = [], 0.0
    for i in range(len(vocab)):
        total += 1.0 / (i + 1)
        cum.append(total)
    for i in range(n):
        story = i // 4 if rnd.random() < 0.6 else n + i  # about half in small stories
        srnd = random.Random(story)
        names = [f"Zed{srnd.randrange(10**7)}" for _ in range(3)]
        words = rnd.choices(vocab, cum_weights=cum, k=120)
        text = " ".join(words[:60] + names + words[60:])
        title = " ".join(names[:2] + words[:4])
        yield StoryInput(f"s{i}", title, text, start + timedelta(seconds=i * 3600 / per_hour))


def per_article_cost(fill: int, real: list[dict]) -> tuple[float, int, float, int]:
    """Stream ``fill`` synthetic articles, then time the real ones (seconds per
    article, mean candidates examined, fill rate per second, active stories)."""
    c = StoryClusterer(**PARAMS)
    start = ONE_DATE
    t0 = time.process_time()
    last = start
    for item in synthetic(fill, start):
        c.add(item)
        last = item.published
    fill_rate = fill / (time.process_time() - t0)
    before = c.examined
    t0 = time.process_time()
    for i, r in enumerate(real):
        c.add(StoryInput(f"real{i}", r["title"], r["text"], last + timedelta(seconds=i)))
    secs = (time.process_time() - t0) / len(real)
    return secs, round((c.examined - before) / len(real)), fill_rate, c.active_stories


# --- report --------------------------------------------------------------------

COLS = ["B3 P", "B3 R", "B3 F1", "pair F1", "ARI", "NMI", "ACC", "clusters"]


def _row(name: str, s: dict[str, float]) -> str:
    cells = [f"{s[c]:.3f}" if c != "clusters" else f"{int(s[c])}" for c in COLS]
    return f"| {name} | " + " | ".join(cells) + " |"


def _orders(rows: list[dict], n: int) -> str:
    """B-cubed F1 and accuracy over ``n`` more shuffled orders (undated sets)."""
    f1, acc = [], []
    for seed in range(100, 100 + n):
        shuffled = list(rows)
        random.Random(seed).shuffle(shuffled)
        gold = [r["gold"] for r in shuffled]
        s = scores(gold, run_tagwire(shuffled)[0])
        f1.append(s["B3 F1"])
        acc.append(s["ACC"])
    return (f"over {n} other orders: B3 F1 {np.mean(f1):.3f} ± {np.std(f1):.3f} "
            f"(min {min(f1):.3f}), ACC {np.mean(acc):.3f} ± {np.std(acc):.3f} (min {min(acc):.3f})")


def evaluate(path: Path, with_baseline: bool = True, orders: int = 5) -> list[dict]:
    print(f"\n## {SETS[path.name]}\n")
    print("| rows / system | " + " | ".join(COLS) + " |")
    print("|---|" + "---|" * len(COLS))
    splits = LOADERS[path.name](path)
    dated = path.name == "gva_gvc.jsonl"
    add_hashtags(splits["all"])
    for split, rows in splits.items():
        gold = [r["gold"] for r in rows]
        pred, secs, dups = run_tagwire(rows)
        print(_row(f"{split}, n={len(rows)}, gold={len(set(gold))}: **tagwire**", scores(gold, pred)))
        if with_baseline:
            print(_row(f"{split}: baseline (K given)", scores(gold, run_baseline(rows))))
        note = f"{len(rows) / secs:,.0f} articles/s, {dups} duplicates"
        if not dated and orders:
            note += "; " + _orders(rows, orders)
        print(f"|   ({note}) |" + " |" * len(COLS))
    return splits["all"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--scale", type=int, default=100_000, help="synthetic articles for the big run")
    ap.add_argument("--orders", type=int, default=5, help="extra shuffled orders for undated sets")
    ap.add_argument("--skip-scale", action="store_true")
    ap.add_argument("--only-scale", action="store_true", help="skip the quality runs")
    ap.add_argument("--no-baseline", action="store_true")
    ap.add_argument("--lookback-hours", type=float, default=0.0,
                    help="the story_lookback_hours setting (default 0: off, as in the product)")
    args = ap.parse_args()
    if args.lookback_hours:
        PARAMS["lookback_hours"] = args.lookback_hours
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    c = StoryClusterer(**PARAMS)
    print(f"clusterer defaults, lookback {args.lookback_hours or 'off'}: threshold {c.threshold} (long texts) / {c.short_threshold} (short), "
          f"window {c.window / 3600:g} h, name weight {c.name_weight}, conflict penalty "
          f"{c.conflict_penalty}, year penalty {c.year_penalty}, number penalty {c.number_penalty} "
          f"(≥ {c.min_numbers} numbers), time penalty {c.time_penalty}, centroid terms "
          f"{c.centroid_terms}, candidates ≤ {c.max_candidates}")
    paths = find_sets(args.data)
    if not paths:
        sys.exit(f"no known dataset under {args.data}")
    real: list[dict] = []
    for path in paths if not args.only_scale else []:
        rows = evaluate(path, not args.no_baseline, args.orders)
        if not real or path.name == "gva_gvc.jsonl":  # prefer full-text, dated articles
            real = rows
    if args.only_scale:
        gva = [p for p in paths if p.name == "gva_gvc.jsonl"] or paths
        real = LOADERS[gva[0].name](gva[0])["all"]
    if not args.skip_scale:
        sample = [r for r in real if r["text"]][:1000]
        print("\n## per-article cost vs stored articles\n")
        print("| synthetic articles streamed first | per real article | candidates examined | "
              "fill articles/s | active stories | peak RSS |")
        print("|---|---|---|---|---|---|")
        per_article_cost(2_000, sample[:200])  # warm caches (stems, folds) before timing
        base = None
        for fill in (10_000, args.scale):
            secs, cand, rate, active = per_article_cost(fill, sample)
            base = base or secs
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"| {fill:,} | {secs * 1000:.2f} ms ({secs / base:.2f}×) | {cand} | {rate:,.0f} | "
                  f"{active:,} | {rss:,.0f} MB |", flush=True)


if __name__ == "__main__":
    main()
