"""Training for the category classifier (the only part that imports sklearn).

rows → term counts → vocabulary + idf       (one pass over the rows)
rows → term counts → tf-idf matrix          (a second pass: no counts kept)
     → linear SVM, one-vs-rest (liblinear: fast)
     → confidence: softmax of the margins × a scale fitted on 5-fold
       out-of-fold margins (minimum log loss), i.e. temperature scaling
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
from scipy.sparse import csr_matrix

from tagwire.enrich._classifier_features import terms, vectorise
from tagwire.errors import InvalidInputError

MAX_FEATURES = 300_000
_SCALES = np.exp(np.linspace(math.log(0.2), math.log(50.0), 81))


def _matrix(
    counts: Iterable[Counter], vocab: dict[str, int], idf: np.ndarray
) -> csr_matrix:
    """Rows of tf-idf values; ``counts`` may be a generator (read once)."""
    indptr = [0]
    indices, data = array("i"), array("d")  # 12 bytes a value, not a Python object
    idf_list = idf.tolist()
    for c in counts:
        idx, vals = vectorise(c, vocab, idf_list)
        indices.extend(idx)
        data.extend(vals)
        indptr.append(len(indices))
    return csr_matrix(
        (np.frombuffer(data, np.float64), np.frombuffer(indices, np.int32), indptr),
        shape=(len(indptr) - 1, len(vocab)), dtype=np.float64,
    )


def _vocabulary(counts: Iterable[Counter]) -> tuple[dict[str, int], np.ndarray]:
    """Vocabulary and idf; ``counts`` may be a generator (read once)."""
    df: Counter[str] = Counter()
    n = 0
    for c in counts:
        df.update(c.keys())
        n += 1
    # bigrams must occur twice once there is enough data to say so
    min_bigram = 2 if n >= 1500 else 1
    kept = [t for t, d in df.items() if d >= (min_bigram if " " in t else 1)]
    kept.sort(key=lambda t: (-df[t], t))
    kept = sorted(kept[:MAX_FEATURES])
    vocab = {t: i for i, t in enumerate(kept)}
    idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in kept])
    return vocab, idf


def _linear(c: float):
    from sklearn.svm import LinearSVC

    return LinearSVC(C=c, max_iter=5000, random_state=0)  # the same rows give the same model, bit for bit


def _logits(decision: np.ndarray) -> np.ndarray:
    if decision.ndim == 1:  # binary
        return np.column_stack([np.zeros_like(decision), decision])
    return decision


def _temperature(
    x: csr_matrix, y: np.ndarray, c: float, weights: np.ndarray | None = None
) -> float:
    """The logit scale that minimises log loss of 5-fold out-of-fold predictions."""
    from sklearn.model_selection import StratifiedKFold

    folds = min(5, int(np.bincount(y).min()))
    if folds < 2:
        return 1.0
    logits = np.zeros((len(y), int(y.max()) + 1))
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=0).split(x, y):
        w = None if weights is None else weights[train]
        model = _linear(c).fit(x[train], y[train], sample_weight=w)
        full = np.full((len(test), logits.shape[1]), -1e9)
        full[:, model.classes_] = _logits(model.decision_function(x[test]))
        logits[test] = full
    best, best_loss = 1.0, math.inf
    for s in _SCALES:
        z = logits * s
        z -= z.max(axis=1, keepdims=True)
        loss = -(z[np.arange(len(y)), y] - np.log(np.exp(z).sum(axis=1))).mean()
        if loss < best_loss:
            best, best_loss = float(s), loss
    return best


def fit(
    rows: Sequence[dict],
    *,
    c: float = 1.0,
    calibrate: bool = True,
    weights: Sequence[float] | None = None,
) -> dict:
    """Fields of a CategoryModel trained on validated rows (``weights``: one a row)."""
    labels = tuple(sorted({r["label"] for r in rows}))
    y = np.array([labels.index(r["label"]) for r in rows])
    # the terms are computed twice, for the vocabulary and for the matrix, instead of
    # kept: a Counter of Python strings for every row made a training of 7,250 BBC
    # articles peak at 665 MB (462 MB without them); the matrix takes 12 bytes a value
    vocab, idf = _vocabulary(terms(r["title"], r["text"]) for r in rows)
    if not vocab:
        raise InvalidInputError(
            "the training rows have no words the classifier reads "
            "(it reads words written in the letters a-z, and numbers)"
        )
    x = _matrix((terms(r["title"], r["text"]) for r in rows), vocab, idf)
    w = None if weights is None else np.asarray(weights, dtype=np.float64)
    model = _linear(c).fit(x, y, sample_weight=w)
    coef, intercept = model.coef_, model.intercept_
    if len(labels) == 2:  # binary: softmax over logits (0, w·x + b)
        coef = np.vstack([np.zeros_like(coef), coef])
        intercept = np.array([0.0, intercept[0]])
    scale = _temperature(x, y, c, w) if calibrate else 1.0
    return {
        "labels": labels,
        "vocab": vocab,
        "idf": idf,
        "weights": np.ascontiguousarray(coef.T, dtype=np.float32),
        "bias": np.asarray(intercept, dtype=np.float64),
        "scale": scale,
    }
