"""Whole-taxonomy category accuracy on short news texts that are not the BBC set.

    python benchmarks/categories_short.py [--kpcrowd DIR] [--model FILE]

What a new user's instance answers for headline + one or two sentences, over all
eleven categories (no restriction to a set's labels), on:

* ``benchmarks/data/short_news_team.jsonl`` (88 rows) and
  ``benchmarks/data/short_news_wire_team.jsonl`` (87 wire-style rows from many
  countries), written by the team apart from the training corpus, never trained on;
* 500N-KPCrowd (research data, measured only, see its SOURCE.md) when present:
  headline + first two sentences, the 7 labels that map onto the taxonomy
  (sports, business, tech, health, science, art_and_culture → Entertainment,
  politics_world → World); items whose text is empty are scored on the headline.
  Its documents are split by a hash of their id into a *tuning* half and a
  *held-out* half, reported separately.

For each set: accuracy of the argmax, accuracy of ``classify`` (General below the
confidence threshold counts wrong), the predicted vs true count of each
category, and the most frequent confusions (counts only).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from tagwire.enrich.classifier import (  # noqa: E402
    CategoryModel,
    classify,
    default_model,
    load_rows,
    validate_rows,
)

DATA = Path(__file__).resolve().parent / "data"
TEAM_SETS = ("short_news_team.jsonl", "short_news_wire_team.jsonl")
KPCROWD = ROOT.parent / "shared" / "datasets" / "keyphrases_500n_kpcrowd"
KPCROWD_LABELS = {
    "sports": "Sport",
    "business": "Business",
    "tech": "Technology",
    "health": "Health",
    "science": "Science",
    "art_and_culture": "Entertainment",
    "politics_world": "World",
}
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


def first_sentences(text: str, n: int = 2) -> str:
    first = text.strip().split("\n")[0] if text.strip() else ""
    return " ".join(_SENTENCE.split(first)[:n])


def kpcrowd(folder: Path) -> tuple[list[dict], list[dict]]:
    """(tuning half, held-out half) of the mappable 500N-KPCrowd items, shortened."""
    halves: tuple[list[dict], list[dict]] = ([], [])
    for line in (folder / "500n_kpcrowd.jsonl").read_text("utf-8").splitlines():
        r = json.loads(line)
        label = KPCROWD_LABELS.get(r["category"])
        if label is None:
            continue
        row = {"title": r["title"], "text": first_sentences(r["text"]), "label": label}
        half = hashlib.sha256(r["id"].encode()).digest()[0] % 2
        halves[half].append(row)
    return halves


def report(name: str, model: CategoryModel, rows: list[dict]) -> None:
    answers = [model.predict(r["title"], r["text"]) for r in rows]
    sure = [
        classify(title=r["title"], text=r["text"], model=model).name for r in rows
    ]
    truth = [r["label"] for r in rows]
    right = sum(a == t for (a, _), t in zip(answers, truth))
    right_sure = sum(s == t for s, t in zip(sure, truth))
    print(f"\n{name}: {len(rows)} rows")
    print(f"  whole taxonomy, argmax:   {right / len(rows):.4f} ({right})")
    print(f"  classify (with General):  {right_sure / len(rows):.4f} ({right_sure})")
    predicted = Counter(a for a, _ in answers)
    true = Counter(truth)
    print(
        "  predicted/true: "
        + ", ".join(
            f"{c} {predicted[c]}/{true[c]}" for c in sorted(set(predicted) | set(true))
        )
    )
    confusions = Counter(
        f"{t}→{a}" for (a, _), t in zip(answers, truth) if a != t
    ).most_common(8)
    print("  confusions: " + ", ".join(f"{k} {n}" for k, n in confusions))
    general = Counter(t for s, t in zip(sure, truth) if s == "General")
    lost = sum(
        1 for (a, _), s, t in zip(answers, sure, truth) if a == t and s == "General"
    )
    print(f"  to General: {sum(general.values())} (of them argmax right: {lost})")


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--kpcrowd", type=Path, default=KPCROWD)
    ap.add_argument("--model", type=Path, help="a model file (default: the shipped model)")
    args = ap.parse_args()
    model = (
        CategoryModel.from_bytes(args.model.read_bytes()) if args.model else default_model()
    )
    for name in TEAM_SETS:
        rows = validate_rows(load_rows((DATA / name).read_text("utf-8").splitlines()))
        report(name, model, rows)
    if (args.kpcrowd / "500n_kpcrowd.jsonl").exists():
        tuning, heldout = kpcrowd(args.kpcrowd)
        report("500N-KPCrowd tuning half", model, tuning)
        report("500N-KPCrowd held-out half", model, heldout)
        report("500N-KPCrowd all", model, tuning + heldout)


if __name__ == "__main__":
    main()
