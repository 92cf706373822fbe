"""Text classifier for categories: the signal after the publisher's section.

    section → feed categories → URL segment   (categories.categorize)
      → text classifier, if confident enough  (CategoryModel.predict)
      → General

The model is linear over tf-idf word unigrams and bigrams (see
``_classifier_features``): a linear SVM, one-vs-rest, whose margins become
probabilities through a softmax with a temperature fitted on out-of-fold
margins, so that a confidence of 0.7 means right about 70 % of the time on
data like the training data. Prediction is pure Python + numpy; scikit-learn is imported
only to train.

The default model is trained on first use (one to two seconds) from
``tagwire/data/category_corpus.jsonl``, snippets written for tagwire and
licensed like the project (AGPL-3.0-or-later; see docs/categories.md).
An instance trains its own model on labelled rows ``{title, text, label}``
(``tagwire categories train``) and on its own articles whose section gave the
category (``rows_from_articles``); ``learn`` keeps the new model only if it is
not worse than the current one on a held-out part of the rows.

Models serialise to gzip-compressed JSON (``to_bytes``): no pickle.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from tagwire.enrich._classifier_features import (
    MAX_CHARS,
    MAX_TITLE_CHARS,
    lexicon_text,
    places,
    terms,
    vectorise,
)
from tagwire.enrich._classifier_rows import (
    TRUSTED_REASONS,
    cap_rows,
    load_rows,
    normalise_label,
    rows_from_articles,
    split_rows,
    validate_rows,
)
from tagwire.enrich.categories import TAXONOMY, categorize
from tagwire.enrich.taxonomy import Taxonomy
from tagwire.errors import ConfigError, InvalidInputError
from tagwire.types import CategoryAssignment

__all__ = [
    "DEFAULT_THRESHOLD",
    "OPINION_SHIFT",
    "TRUSTED_REASONS",
    "CategoryModel",
    "choose_model",
    "classify",
    "default_model",
    "evaluate",
    "learn",
    "load_rows",
    "normalise_label",
    "rows_from_articles",
    "split_rows",
    "validate_rows",
]

#: below this calibrated confidence the text classifier gives way to General. Low on
#: purpose: news text nearly always belongs to some category, and an answer of confidence
#: 0.3 is still right about a third of the time, where General is right only for a page
#: about none of them (and such pages are rarely the unsure ones, see docs/categories.md).
DEFAULT_THRESHOLD = 0.25
#: weight of a shipped corpus snippet in an instance's model, for the categories the
#: instance's own rows have: there its articles (long, in its publishers' style) speak for
#: the category, and the snippets only keep the categories its rows lack (weight 1).
#: Chosen by 5-fold CV on the BBC training part only (benchmarks/categories_cv.py).
CORPUS_WEIGHT = 0.2
#: characters of labelled rows one ``learn`` reads at most (as the features read them: the
#: headline and the first MAX_CHARS of the body), so that a training stays bounded: 17,400
#: BBC articles (36 million such characters) took 584 MB at peak.
#: A larger file is sampled evenly across its labels and the message says so.
MAX_TRAIN_CHARS = 50_000_000
#: how much less likely (in calibrated log-odds) a model says Opinion when only the shipped
#: snippets taught it Opinion: comment is named by its section (``/opinion/``, "Comment"),
#: which comes first, so the text alone should claim it only on clear comment words; news
#: quoting a "we must" went there. An instance whose own rows have Opinion is not shifted.
#: Chosen on the tuning sets (docs/benchmarks.md, issue 6 fifth round): 2.5 is the start of
#: the plateau where the team's Opinion rows all stay Opinion.
OPINION_SHIFT = 2.5
FORMAT = "tagwire-category-model/1"


@cache
def _corpus() -> tuple[dict, ...]:
    raw = (
        resources.files("tagwire")
        .joinpath("data/category_corpus.jsonl")
        .read_text("utf-8")
    )
    return tuple(validate_rows(load_rows(raw.splitlines(), "category_corpus.jsonl")))


def default_corpus() -> list[dict]:
    """The labelled snippets the default model is trained on."""
    return list(_corpus())


def _corpus_for(taxonomy: Taxonomy | None) -> list[dict]:
    if taxonomy is None or taxonomy.is_default:
        return list(_corpus())
    rows = ({**r, "label": taxonomy.resolve(r["label"])} for r in _corpus())
    return [r for r in rows if r["label"] != taxonomy.fallback]


# --- the model -----------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class CategoryModel:
    """A linear text classifier over the taxonomy. Pure predict; serialisable."""

    labels: tuple[str, ...]
    vocab: Mapping[str, int]
    idf: np.ndarray  # (features,)
    weights: np.ndarray  # (features, labels), float32
    bias: np.ndarray  # (labels,)
    scale: float = 1.0  # 1 / temperature
    info: Mapping[str, Any] | None = None

    def scores(
        self, title: str, text: str, labels: Iterable[str] | None = None
    ) -> dict[str, float]:
        """Probability of each label (or of each of ``labels`` only, renormalised)."""
        if not (title or "").strip() and not (text or "").strip():
            raise InvalidInputError("nothing to classify: empty title and text")
        idx, vals = vectorise(terms(title, text), self.vocab, self.idf)
        logits = self.bias.astype(np.float64)
        if idx:
            logits = logits + np.asarray(vals) @ self.weights[idx]
        keep = self._keep(labels)
        z = logits[keep] * self.scale
        p = np.exp(z - z.max())
        p /= p.sum()
        return {self.labels[i]: float(q) for i, q in zip(keep, p)}

    def predict(
        self, title: str, text: str, labels: Iterable[str] | None = None
    ) -> tuple[str, float]:
        """(label, confidence 0..1); ``labels`` restricts the choice (argmax over them)."""
        scores = self.scores(title, text, labels)
        label = max(scores, key=scores.__getitem__)
        return label, scores[label]

    def _keep(self, labels: Iterable[str] | None) -> list[int]:
        if labels is None:
            return list(range(len(self.labels)))
        wanted = {normalise_label(x) for x in labels}
        keep = [i for i, name in enumerate(self.labels) if name in wanted]
        if not keep:
            raise InvalidInputError(
                f"none of {sorted(map(str, labels))} is a label of this model"
            )
        return keep

    @classmethod
    def train(
        cls,
        rows: Iterable[Mapping[str, Any]],
        *,
        include_default_corpus: bool = True,
        c: float = 1.0,
        calibrate: bool = True,
        taxonomy: Taxonomy | None = None,
    ) -> CategoryModel:
        """Train on ``{title, text, label}`` rows, validated (InvalidInputError).

        With ``include_default_corpus`` the shipped snippets are added, so the
        model still knows the categories the rows do not have; under a configured
        ``taxonomy`` their labels are resolved, and those of removed categories
        dropped (the fallback is what is left when nothing is confident).
        """
        rows = validate_rows(rows, taxonomy=taxonomy)
        from tagwire.enrich._classifier_train import fit

        corpus = _corpus_for(taxonomy) if include_default_corpus else []
        own = {r["label"] for r in rows}
        weights = [1.0] * len(rows) + [
            CORPUS_WEIGHT if r["label"] in own else 1.0 for r in corpus
        ]
        info = {"rows": len(rows), "default_corpus": include_default_corpus}
        fields = fit(rows + corpus, c=c, calibrate=calibrate, weights=weights)
        opinion = _opinion_name(taxonomy)
        if include_default_corpus and opinion and opinion not in own:
            fields = _shifted(fields, opinion, OPINION_SHIFT)
        return cls(**fields, info=info)

    # --- serialisation ---------------------------------------------------------

    def to_bytes(self) -> bytes:
        vocab = sorted(self.vocab, key=self.vocab.__getitem__)
        doc = {
            "format": FORMAT,
            "labels": list(self.labels),
            "vocab": vocab,
            "idf": _b64(self.idf.astype("<f4")),
            "weights": _b64(self.weights.astype("<f4")),
            "bias": [float(b) for b in self.bias],
            "scale": self.scale,
            "info": dict(self.info or {}),
        }
        return gzip.compress(
            json.dumps(doc, ensure_ascii=False).encode("utf-8"), mtime=0
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> CategoryModel:
        """Read ``to_bytes`` output; ConfigError if it is not a category model."""
        try:
            raw = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
            doc = json.loads(raw)
            if doc.get("format") != FORMAT:
                raise ValueError(f"format {doc.get('format')!r}")
            labels = tuple(doc["labels"])
            # an instance model may know added categories: names, not necessarily built-in
            if len(labels) < 2 or not all(isinstance(x, str) and 0 < len(x) <= 40 for x in labels):
                raise ValueError("labels are not category names")
            vocab = {term: i for i, term in enumerate(doc["vocab"])}
            idf = np.frombuffer(base64.b64decode(doc["idf"]), "<f4").astype(np.float64)
            weights = np.frombuffer(base64.b64decode(doc["weights"]), "<f4")
            weights = weights.reshape(len(vocab), len(labels)).astype(np.float32)
            bias = np.asarray(doc["bias"], dtype=np.float64)
            if len(idf) != len(vocab) or len(bias) != len(labels):
                raise ValueError("inconsistent sizes")
            return cls(
                labels, vocab, idf, weights, bias, float(doc["scale"]), doc.get("info")
            )
        except (ValueError, KeyError, TypeError, OSError, EOFError) as error:
            raise ConfigError(f"not a tagwire category model: {error}") from None


def _opinion_name(taxonomy: Taxonomy | None) -> str | None:
    """The configured name of Opinion, None when it was removed or folded into another
    category (its snippets then teach that category, which must not be shifted)."""
    if taxonomy is None:
        return "Opinion"
    name = taxonomy.resolve("Opinion")
    others = {taxonomy.resolve(b) for b in TAXONOMY if b != "Opinion"}
    return None if name == taxonomy.fallback or name in others else name


def _shifted(fields: dict, label: str, shift: float) -> dict:
    """``fit`` output with ``label``'s calibrated log-odds lowered by ``shift``
    (its bias, which the calibration scale multiplies, by ``shift / scale``)."""
    if label not in fields["labels"] or shift == 0:
        return fields
    bias = np.array(fields["bias"], dtype=np.float64)
    bias[fields["labels"].index(label)] -= shift / fields["scale"]
    return {**fields, "bias": bias}


def _b64(array: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(array).tobytes()).decode("ascii")


SHIPPED_MODEL = "data/category_model.json.gz"


def corpus_digest() -> str:
    """SHA-256 of the packaged corpus and lexicon: the shipped model is used only when
    it was built from them (the lexicon decides features, so it counts as data too)."""
    raw = resources.files("tagwire").joinpath("data/category_corpus.jsonl").read_bytes()
    recipe = f"\nopinion_shift={OPINION_SHIFT}"  # a model built with another shift is stale too
    return hashlib.sha256(raw + lexicon_text().encode("utf-8") + recipe.encode()).hexdigest()


def train_default_model() -> CategoryModel:
    from tagwire.enrich._classifier_train import fit

    data = list(_corpus())
    fields = _shifted(fit(data), "Opinion", OPINION_SHIFT)
    return CategoryModel(**fields, info={"rows": len(data), "default_corpus": True,
                                         "corpus_sha256": corpus_digest()})


@cache
def default_model() -> CategoryModel:
    """The shipped model, trained on the packaged corpus.

    Loaded from ``data/category_model.json.gz`` (built by
    ``scripts/build_category_model.py``: 15 ms instead of about a second of training
    in every process) when that file was built from the current corpus; trained
    here otherwise, so an edited corpus is never paired with a stale model.
    """
    shipped = resources.files("tagwire").joinpath(SHIPPED_MODEL)
    try:
        model = CategoryModel.from_bytes(shipped.read_bytes())
    except (OSError, ConfigError):
        return train_default_model()
    if (model.info or {}).get("corpus_sha256") != corpus_digest():
        return train_default_model()
    return model


# --- choosing between models ---------------------------------------------------


def evaluate(
    model: CategoryModel, rows: Iterable[Mapping[str, Any]], taxonomy: Taxonomy | None = None
) -> float:
    """Accuracy on labelled rows (labels normalised; rows whose label the model
    does not have count as wrong). Under a ``taxonomy`` both sides are resolved,
    so the shipped model's "World" is right for a row labelled with its new name."""
    rows = list(rows)
    if not rows:
        raise InvalidInputError("no rows to evaluate on")
    resolve = taxonomy.resolve if taxonomy else (lambda name: name)
    right = sum(
        resolve(model.predict(str(r.get("title") or ""), str(r.get("text") or ""))[0])
        == normalise_label(r.get("label"), taxonomy)
        for r in rows
    )
    return right / len(rows)


def choose_model(
    current: CategoryModel | None,
    candidate: CategoryModel,
    heldout: Sequence[Mapping[str, Any]],
    taxonomy: Taxonomy | None = None,
) -> tuple[CategoryModel, str]:
    """The candidate if it is at least as accurate as the current model on the
    held-out rows, else the current one; with a one-line message."""
    new = evaluate(candidate, heldout, taxonomy)
    if current is None:
        return (
            candidate,
            f"new model: accuracy {new:.3f} on {len(heldout)} held-out rows",
        )
    old = evaluate(current, heldout, taxonomy)
    if new >= old:
        return candidate, (
            f"new model kept: accuracy {new:.3f} ≥ current {old:.3f} on {len(heldout)} held-out rows"
        )
    return current, (
        f"new model rejected: accuracy {new:.3f} < current {old:.3f} "
        f"on {len(heldout)} held-out rows; current model unchanged"
    )


def learn(
    current: CategoryModel | None,
    rows: Iterable[Mapping[str, Any]],
    *,
    heldout: float = 0.2,
    seed: int = 0,
    include_default_corpus: bool = True,
    taxonomy: Taxonomy | None = None,
    max_chars: int = MAX_TRAIN_CHARS,
) -> tuple[CategoryModel, str]:
    """Train a candidate on ``rows`` and keep it only if it is not worse.

    The rows are validated, sampled down to ``max_chars`` characters when they
    are more (evenly across labels), split stratified (``heldout`` share, ``seed``);
    a candidate trained on the training part is compared with ``current``
    (the default model when None) on the held-out part. If it wins, the model
    returned is retrained on all rows; otherwise ``current`` comes back.
    """
    rows = validate_rows(rows, taxonomy=taxonomy)
    total = len(rows)
    rows = cap_rows(rows, max_chars, seed=seed, read=_chars_read)
    sampled = "" if len(rows) == total else (
        f" (read {len(rows):,} of {total:,} rows, sampled across labels: "
        f"a training reads at most {max_chars:,} characters)"
    )
    train_part, test_part = split_rows(rows, heldout=heldout, seed=seed)
    if not test_part:
        raise InvalidInputError(
            f"too few rows ({len(rows)}) to hold some out for evaluation"
        )
    current = current or default_model()
    candidate = CategoryModel.train(
        train_part, include_default_corpus=include_default_corpus, taxonomy=taxonomy
    )
    chosen, message = choose_model(current, candidate, test_part, taxonomy)
    if chosen is current:
        return current, message + sampled
    return CategoryModel.train(
        rows, include_default_corpus=include_default_corpus, taxonomy=taxonomy
    ), message + sampled


def _chars_read(row: Mapping[str, Any]) -> int:
    return min(len(row["title"]), MAX_TITLE_CHARS) + min(len(row["text"]), MAX_CHARS)


# --- combining with the section signal -----------------------------------------


def classify(
    *,
    title: str,
    text: str,
    url: str | None = None,
    section: str | None = None,
    feed_categories: Sequence[str] = (),
    model: CategoryModel | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    extra_mapping: Mapping[str, str] | None = None,
) -> CategoryAssignment:
    """Section signals first (``categorize``), then the text classifier when
    it is at least ``threshold`` confident, else General."""
    found = categorize(
        url=url,
        section=section,
        feed_categories=feed_categories,
        extra_mapping=extra_mapping,
    )
    if found.name != "General":
        return found
    if not (title or "").strip() and not (text or "").strip():
        return CategoryAssignment("General", "no text to classify → General")
    model = model or default_model()
    label, confidence = model.predict(title, text)
    if confidence >= threshold and label != "General":
        if label == "UK" and "World" in model.labels:
            abroad, home = places(title, text)
            if abroad and not home:  # a rail strike in Sydney reads like one in Leeds
                return CategoryAssignment("World", f"text classifier: UK ({confidence:.2f}), but it names "
                                                   "places abroad and none in Britain → World")
        return CategoryAssignment(label, f"text classifier: {label} ({confidence:.2f})")
    return CategoryAssignment(
        "General",
        f"no confident signal (text classifier: {label} {_floor(confidence)} < {threshold:.2f}) → General",
    )


def _floor(x: float) -> str:
    return f"{math.floor(x * 100) / 100:.2f}"
