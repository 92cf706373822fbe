"""Category classifier benchmark on the BBC News topic set (5 labels).

    python benchmarks/categories.py [--data DIR] [--seed 0] [--other-seeds 1,2,3,4]

DIR holds ``bbc.jsonl`` (``{id, title, text, label}``; see its SOURCE.md).
Exact duplicates (same title + text) are dropped first. Figures:

* cold start: the default model (trained only on tagwire's own corpus), its
  prediction restricted to the 5 BBC categories (argmax of the calibrated
  probabilities over Business, Entertainment, Politics, Sport, Technology),
  on every article; and on short texts: headline + first two sentences of
  the first paragraph;
* trained: ``CategoryModel.train`` (with the default corpus added, as
  ``tagwire categories train`` does) on a stratified 80/20 split, seed 0,
  scored on the 20 %, restricted as above; plus TF-IDF (word 1-2 grams,
  sublinear tf) + LinearSVC from scikit-learn on the same split, unrestricted;
  and the same training on the splits of ``--other-seeds``, so that a figure is
  not read off one split (290 held-out articles: one error is 0.0034);
* whole taxonomy (no restriction to the 5 labels, as a new user's instance
  runs): short texts of the folder, and ``benchmarks/data/short_news_team.jsonl``,
  88 headline + lede rows across the 11 categories written by the team *apart
  from* the training corpus (never trained on); "with General" counts an answer
  below the confidence threshold (``classify`` → General) as wrong;
* speed: ``predict`` per article, one process, one thread, on full texts.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine  # noqa: E402

from tagwire.enrich.classifier import (
    DEFAULT_THRESHOLD,
    CategoryModel,
    default_model,
    load_rows,
    normalise_label,
    split_rows,
    validate_rows,
)

DEFAULT_DATA = ROOT.parent / "shared" / "datasets" / "bbc_news_categories"
TEAM_SHORT = Path(__file__).resolve().parent / "data" / "short_news_team.jsonl"
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


def load(data: Path) -> list[dict]:
    rows, seen = [], set()
    for line in (data / "bbc.jsonl").read_text("utf-8").splitlines():
        r = json.loads(line)
        key = (r["title"].strip(), r["text"].strip())
        if key in seen:
            continue
        seen.add(key)
        rows.append(
            {
                "title": r["title"],
                "text": r["text"],
                "label": normalise_label(r["label"]),
            }
        )
    return rows


def short(row: dict) -> dict:
    first = row["text"].strip().split("\n\n")[0]
    return {**row, "text": " ".join(_SENTENCE.split(first)[:2])}


def accuracy(model: CategoryModel, rows: list[dict], labels: list[str]) -> float:
    return sum(
        model.predict(r["title"], r["text"], labels)[0] == r["label"] for r in rows
    ) / len(rows)


def whole(model: CategoryModel, rows: list[dict]) -> tuple[float, float]:
    """Accuracy over the whole taxonomy: argmax, and with General below the threshold."""
    answers = [model.predict(r["title"], r["text"]) for r in rows]
    right = [label == r["label"] for (label, _), r in zip(answers, rows)]
    sure = [ok and p >= DEFAULT_THRESHOLD for ok, (_, p) in zip(right, answers)]
    return sum(right) / len(rows), sum(sure) / len(rows)


def speed(model: CategoryModel, rows: list[dict]) -> float:
    start = time.perf_counter()
    for r in rows:
        model.predict(r["title"], r["text"])
    return len(rows) / (time.perf_counter() - start)


def reference(train: list[dict], test: list[dict]) -> tuple[float, float]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    def doc(r: dict) -> str:
        return f"{r['title']}\n{r['text']}"

    vec = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
    x = vec.fit_transform([doc(r) for r in train])
    clf = LinearSVC().fit(x, [r["label"] for r in train])
    start = time.perf_counter()
    predicted = [clf.predict(vec.transform([doc(r)]))[0] for r in test]
    rate = len(test) / (time.perf_counter() - start)
    return sum(p == r["label"] for p, r in zip(predicted, test)) / len(test), rate


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--other-seeds", default="1,2,3,4",
        help="comma-separated seeds of further 80/20 splits for the trained figure ('' for none)",
    )
    args = ap.parse_args()

    rows = load(args.data)
    labels = sorted({r["label"] for r in rows})
    print(f"machine: {machine()}")
    print(
        f"data: {args.data} — {len(rows)} articles after de-duplication, labels {labels}"
    )

    start = time.perf_counter()
    cold = default_model()
    print(
        f"default model trained in {time.perf_counter() - start:.2f} s "
        f"({cold.info['rows']} corpus rows, {len(cold.vocab)} features)"
    )
    print(f"cold start, full texts:        {accuracy(cold, rows, labels):.4f}")
    print(
        f"cold start, headline + 2 sent.: {accuracy(cold, [short(r) for r in rows], labels):.4f}"
    )
    bare, general = whole(cold, [short(r) for r in rows])
    print(f"cold start, short, whole taxonomy: {bare:.4f} (with General: {general:.4f})")
    team = validate_rows(load_rows(TEAM_SHORT.read_text("utf-8").splitlines()))
    bare, general = whole(cold, team)
    print(
        f"cold start, team short set ({len(team)} rows, whole taxonomy): {bare:.4f} "
        f"(with General: {general:.4f})"
    )
    print(
        f"speed (default model, full texts): {speed(cold, rows):.0f} articles/s, one core"
    )

    train, test = split_rows(rows, heldout=0.2, seed=args.seed)
    start = time.perf_counter()
    trained = CategoryModel.train(train)
    print(
        f"trained on {len(train)} (stratified 80/20, seed {args.seed}) in "
        f"{time.perf_counter() - start:.1f} s"
    )
    print(f"trained, held-out {len(test)}:      {accuracy(trained, test, labels):.4f}")
    print(
        f"trained, held-out, short texts: {accuracy(trained, [short(r) for r in test], labels):.4f}"
    )
    print(f"speed (trained model): {speed(trained, rows):.0f} articles/s, one core")
    ref, rate = reference(train, test)
    print(
        f"reference TF-IDF 1-2 grams + LinearSVC, same split: {ref:.4f} ({rate:.0f} articles/s)"
    )
    seeds = [int(x) for x in args.other_seeds.split(",") if x.strip()]
    if seeds:
        other_splits(rows, labels, accuracy(trained, test, labels), len(test), seeds)


def other_splits(
    rows: list[dict], labels: list[str], first: float, n: int, seeds: list[int]
) -> None:
    """The trained figure on further stratified 80/20 splits, and the mean over all."""
    scores = [first]
    for seed in seeds:
        train, test = split_rows(rows, heldout=0.2, seed=seed)
        score = accuracy(CategoryModel.train(train), test, labels)
        scores.append(score)
        wrong = round((1 - score) * len(test))
        print(f"trained, split seed {seed}, held-out {len(test)}: {score:.4f} ({wrong} errors)")
    mean = sum(scores) / len(scores)
    print(
        f"trained, mean of {len(scores)} splits: {mean:.4f} "
        f"(min {min(scores):.4f}, max {max(scores):.4f}; ≥ 0.99 on "
        f"{sum(s >= 0.99 for s in scores)} of {len(scores)}; one error is {1 / n:.4f})"
    )


if __name__ == "__main__":
    main()
