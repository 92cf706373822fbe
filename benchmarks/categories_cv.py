"""Which trained model? 5-fold cross-validation on the TRAINING part only.

    python benchmarks/categories_cv.py [--data DIR] [--seed 0] [--slow]

The same stratified 80/20 split as ``benchmarks/categories.py``; the 20 % is
not read here. Each candidate is trained on 4/5 of the 80 % and scored on the
other fifth, predictions restricted to the folder's labels, errors summed over
the folds. Candidates: the shipped recipe (tagwire's features, linear SVM,
default corpus mixed in) at several C, with the corpus rows of the training
labels weighted 0.05-3 (the shipped recipe: 0.2), without the corpus, logistic
regression, NB-SVM (features scaled by NB log-count ratios, one binary SVM a
class), complement NB alone and averaged with the SVM; ``--slow`` adds
char n-grams (2-5, word-bounded) and an SVM ensemble over words + chars.
``--round4`` runs the fourth round's candidates instead: the whole body read
(not its first 3,000 characters), title counted once or three times, no lexicon
features, words + chars in one feature space, Crammer-Singer multi-class SVM,
ridge, averaged SGD (modified Huber, 5 seeds), SVM + ridge + logistic
regression, and training rows that the other folds misclassify dropped.
Benchmark-only: uses scikit-learn models tagwire does not ship.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
from scipy.sparse import hstack  # noqa: E402
from categories import DEFAULT_DATA, load  # noqa: E402

import tagwire.enrich._classifier_features as F  # noqa: E402
from tagwire.enrich._classifier_features import terms  # noqa: E402
from tagwire.enrich._classifier_train import _matrix, _vocabulary  # noqa: E402
from tagwire.enrich.classifier import default_corpus, split_rows  # noqa: E402


def words(train: list[dict], test: list[dict]):
    a = [terms(r["title"], r["text"]) for r in train]
    vocab, idf = _vocabulary(a)
    return _matrix(a, vocab, idf), _matrix([terms(r["title"], r["text"]) for r in test], vocab, idf)


@contextmanager
def features(**changes):
    """The feature module's constants (MAX_CHARS, TITLE_WEIGHT) or lexicon_hits changed
    for one candidate, restored after it."""
    saved = {name: getattr(F, name) for name in changes}
    for name, value in changes.items():
        setattr(F, name, value)
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(F, name, value)


def words_with(train: list[dict], test: list[dict], **changes):
    with features(**changes):
        a = [F.terms(r["title"], r["text"]) for r in train]
        b = [F.terms(r["title"], r["text"]) for r in test]
    vocab, idf = _vocabulary(a)
    return _matrix(a, vocab, idf), _matrix(b, vocab, idf)


def chars(train: list[dict], test: list[dict]):
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)
    doc = lambda r: f"{r['title']} . {r['title']} . {r['text'][:3000]}"  # noqa: E731
    return vec.fit_transform(map(doc, train)), vec.transform(map(doc, test))


def _z(a: np.ndarray) -> np.ndarray:
    return (a - a.mean(1, keepdims=True)) / (a.std(1, keepdims=True) + 1e-9)


def scores(kind: str, c: float, train: list[dict], test: list[dict], weights=None):
    """(classes, scores of the test rows) for one candidate; ``weights`` for "svm" and
    the fourth round's."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import ComplementNB
    from sklearn.svm import LinearSVC

    y = np.array([r["label"] for r in train])
    if kind in ROUND4:
        return round4(kind, c, train, test, y, weights)
    svm = lambda: LinearSVC(C=c, max_iter=5000)  # noqa: E731
    if kind == "chars":
        x, t = chars(train, test)
        m = svm().fit(x, y)
        return m.classes_, m.decision_function(t)
    x, t = words(train, test)
    if kind == "svm":
        m = svm().fit(x, y, sample_weight=weights)
        return m.classes_, m.decision_function(t)
    if kind == "lr":
        m = LogisticRegression(C=c, max_iter=3000).fit(x, y)
        return m.classes_, m.decision_function(t)
    if kind == "nbsvm":
        classes = np.unique(y)
        out = np.zeros((t.shape[0], len(classes)))
        for k, label in enumerate(classes):
            p = np.asarray(x[y == label].sum(0)).ravel() + 1
            q = np.asarray(x[y != label].sum(0)).ravel() + 1
            r = np.log((p / p.sum()) / (q / q.sum()))
            m = svm().fit(x.multiply(r).tocsr(), y == label)
            out[:, k] = m.decision_function(t.multiply(r).tocsr())
        return classes, out
    if kind in ("cnb", "cnb+svm"):
        nb = ComplementNB(alpha=0.3).fit(x, y)
        if kind == "cnb":
            return nb.classes_, nb.predict_log_proba(t)
        m = svm().fit(x, y)
        return m.classes_, 0.5 * _z(m.decision_function(t)) + 0.5 * _z(nb.predict_log_proba(t))
    if kind == "words+chars":
        xc, tc = chars(train, test)
        m1, m2 = svm().fit(x, y), svm().fit(xc, y)
        return m1.classes_, _z(m1.decision_function(t)) + _z(m2.decision_function(tc))
    raise ValueError(kind)


ROUND4 = (
    "full-text", "title-1", "title-3", "no-lexicon", "words+chars-one",
    "crammer-singer", "ridge", "sgd-avg", "svm+ridge+lr", "drop-misfits",
)
_VARIANTS = {
    "full-text": {"MAX_CHARS": 10**6}, "title-1": {"TITLE_WEIGHT": 1},
    "title-3": {"TITLE_WEIGHT": 3},
    "no-lexicon": {"lexicon_hits": lambda seq, table_name="lexicon": Counter()},
}


def round4(kind: str, c: float, train, test, y, weights):
    """The fourth round's candidates (see the module docstring)."""
    from sklearn.linear_model import LogisticRegression, RidgeClassifier, SGDClassifier
    from sklearn.svm import LinearSVC

    x, t = words_with(train, test, **_VARIANTS.get(kind, {}))
    if kind == "words+chars-one":
        xc, tc = chars(train, test)
        x, t = hstack([x, 0.5 * xc]).tocsr(), hstack([t, 0.5 * tc]).tocsr()
    if kind == "crammer-singer":
        m = LinearSVC(C=c, multi_class="crammer_singer", max_iter=5000)
    elif kind == "ridge":
        m = RidgeClassifier(alpha=1.0)
    elif kind == "sgd-avg":
        fits = [
            SGDClassifier(loss="modified_huber", alpha=1e-5, average=True, max_iter=50,
                          tol=None, random_state=seed).fit(x, y, sample_weight=weights)
            for seed in range(5)
        ]
        return fits[0].classes_, sum(f.decision_function(t) for f in fits)
    elif kind == "svm+ridge+lr":
        fits = [LinearSVC(C=c, max_iter=5000), RidgeClassifier(alpha=1.0),
                LogisticRegression(C=30, max_iter=3000)]
        fits = [f.fit(x, y, sample_weight=weights) for f in fits]
        return fits[0].classes_, sum(_z(f.decision_function(t)) for f in fits)
    elif kind == "drop-misfits":
        keep = _fits(x, y, weights, c)
        x, y, weights = x[keep], y[keep], weights[keep]
        m = LinearSVC(C=c, max_iter=5000)
    else:
        m = LinearSVC(C=c, max_iter=5000)
    m.fit(x, y, sample_weight=weights)
    return m.classes_, m.decision_function(t)


def _fits(x, y, weights, c: float) -> np.ndarray:
    """Rows to keep: every corpus row, and the instance's rows that a model trained
    on the other inner folds does not put in another class."""
    from sklearn.model_selection import StratifiedKFold
    from sklearn.svm import LinearSVC

    wrong = np.zeros(len(y), dtype=bool)
    for a, b in StratifiedKFold(5, shuffle=True, random_state=1).split(x, y):
        m = LinearSVC(C=c, max_iter=5000).fit(x[a], y[a], sample_weight=weights[a])
        wrong[b] = m.predict(x[b]) != y[b]
    return ~(wrong & (weights == 1.0))


def errors(
    kind: str, c: float, mix: bool, rows: list[dict], labels: list[str],
    corpus_weight: float = 1.0, folds_seed: int = 0,
) -> int:
    """Errors summed over the folds; ``corpus_weight`` weighs the corpus rows of the
    labels the training rows have (the others keep 1), as ``CategoryModel.train`` does."""
    from sklearn.model_selection import StratifiedKFold

    corpus = default_corpus() if mix else []
    y = [r["label"] for r in rows]
    own = set(y)
    weights = np.array([corpus_weight if r["label"] in own else 1.0 for r in corpus])
    wrong = 0
    split = StratifiedKFold(5, shuffle=True, random_state=folds_seed).split(rows, y)
    for a, b in split:
        test = [rows[i] for i in b]
        w = np.concatenate([np.ones(len(a)), weights])
        classes, s = scores(kind, c, [rows[i] for i in a] + corpus, test, w)
        keep = [i for i, name in enumerate(classes) if name in labels]
        predicted = classes[keep][s[:, keep].argmax(1)]
        wrong += sum(p != r["label"] for p, r in zip(predicted, test))
    return wrong


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--slow", action="store_true", help="add the char n-gram candidates")
    ap.add_argument("--folds-seed", type=int, default=0, help="seed of the 5-fold split")
    ap.add_argument("--round4", action="store_true", help="the fourth round's candidates only")
    args = ap.parse_args()
    rows = load(args.data)
    labels = sorted({r["label"] for r in rows})
    train, _ = split_rows(rows, heldout=0.2, seed=args.seed)
    print(f"5-fold CV on the training part: {len(train)} rows (the held-out 20 % is not read)")
    candidates = [("svm", c, True, 1.0) for c in (0.3, 1.0, 3.0, 10.0)] + [
        ("svm", 1.0, True, w) for w in (0.05, 0.1, 0.2, 0.3, 3.0)
    ] + [
        ("svm", 1.0, False, 1.0), ("lr", 30.0, True, 1.0), ("nbsvm", 1.0, True, 1.0),
        ("cnb", 1.0, True, 1.0), ("cnb+svm", 1.0, True, 1.0),
    ]
    if args.slow:
        candidates += [("chars", 1.0, True, 1.0), ("words+chars", 1.0, True, 1.0)]
    if args.round4:  # the shipped recipe first, as the yardstick
        candidates = [("svm", 1.0, True, 0.2)] + [(k, 1.0, True, 0.2) for k in ROUND4]
    for kind, c, mix, weight in candidates:
        start = time.perf_counter()
        wrong = errors(kind, c, mix, train, labels, weight, args.folds_seed)
        print(
            f"{kind:12s} C={c:<5g} corpus {'mixed in' if mix else 'left out'}"
            f"{f' weight {weight:g}' if mix and weight != 1 else ''}: "
            f"{wrong:3d} errors, accuracy {1 - wrong / len(train):.4f} "
            f"({time.perf_counter() - start:.0f} s)",
            flush=True,
        )


if __name__ == "__main__":
    main()
