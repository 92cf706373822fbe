"""Labelled rows for the category classifier: labels, validation, JSON Lines,
rows from an instance's own articles, the stratified split. PURE, no model.

Re-exported by ``tagwire.enrich.classifier``, which is where callers import them from.
"""

from __future__ import annotations

import json
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from tagwire.enrich.categories import TAXONOMY, normalise_section, section_table
from tagwire.enrich.taxonomy import Taxonomy
from tagwire.errors import InvalidInputError

_BY_LOWER = {name.lower(): name for name in TAXONOMY}
_ALIASES = {
    "tech": "Technology",
    "sci tech": "Technology",
    "sci/tech": "Technology",
    "science and technology": "Technology",
    "sports": "Sport",
    "world news": "World",
    "uk news": "UK",
    "comment": "Opinion",
}
#: reasons of categories the publisher gave (section, feed category, URL path): labels for free
TRUSTED_REASONS = ('section "', 'feed category "', 'URL segment "')


def normalise_label(label: object, taxonomy: Taxonomy | None = None) -> str | None:
    """A taxonomy name for a label, any case; "tech" → Technology, "sports" → Sport,
    then anything the section table maps. None if it is not a category.

    With a configured ``taxonomy`` the answer is in its names: a built-in label is
    resolved (renamed, folded, or the fallback when removed), an added name kept."""
    if not isinstance(label, str) or not label.strip():
        return None
    key = label.strip().lower()
    found = _BY_LOWER.get(key) or _ALIASES.get(key)
    found = found or section_table().get(normalise_section(label))
    if taxonomy is None:
        return found
    return taxonomy.lookup(label) or (taxonomy.resolve(found) if found else None)


def validate_rows(
    rows: Iterable[Mapping[str, Any]], *, min_classes: int = 2,
    taxonomy: Taxonomy | None = None,
) -> list[dict]:
    """Rows as ``{title, text, label}`` with taxonomy labels; one-line errors.

    Raises InvalidInputError: no rows, a row that is not an object, empty
    text (or text without a letter or digit), a label outside the taxonomy,
    fewer than ``min_classes`` classes.
    """
    out = []
    for n, row in enumerate(rows, 1):
        if not isinstance(row, Mapping):
            raise InvalidInputError(
                f"training row {n}: not an object with title, text, label"
            )
        title = str(row.get("title") or "").strip()
        text = str(row.get("text") or "").strip()
        if not any(ch.isalnum() for ch in text):
            # "...", "—": nothing to learn from, and a file of such rows would leave
            # the model without a single feature
            raise InvalidInputError(f"training row {n}: empty text (no words)")
        label = normalise_label(row.get("label"), taxonomy)
        if label is None:
            names = taxonomy.names if taxonomy else TAXONOMY
            raise InvalidInputError(
                f'training row {n}: label "{str(row.get("label"))[:60]}" is not a category '
                f"(one of {', '.join(names)})"
            )
        out.append({"title": title, "text": text, "label": label})
    if not out:
        raise InvalidInputError("no training rows")
    classes = sorted({r["label"] for r in out})
    if len(classes) < min_classes:
        raise InvalidInputError(
            f"training data has {len(classes)} class ({', '.join(classes)}): "
            f"need at least {min_classes} categories"
        )
    return out


def load_rows(lines: Iterable[str], name: str = "input", *, keep: float = 1.0,
              seed: int = 0) -> list[dict]:
    """Parse JSON Lines (one object per line, blank lines skipped); no validation.

    ``keep`` below 1 reads a seeded random share of the lines, so that a file far
    larger than a training reads (``MAX_TRAIN_CHARS``) is never held whole in memory:
    every label keeps its share in expectation, and lines not drawn are not parsed."""
    rows = []
    draw = random.Random(seed).random
    for n, line in enumerate(lines, 1):
        if not line.strip() or (keep < 1.0 and draw() >= keep):
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as error:
            raise InvalidInputError(
                f"{name} line {n}: not JSON ({error.msg})"
            ) from None
        except RecursionError:  # "[[[[…" thousands deep: the json module recurses per level
            raise InvalidInputError(f"{name} line {n}: not JSON (nested too deeply)") from None
    return rows


def rows_from_articles(
    articles: Iterable[Any], *, per_class: int = 2000, taxonomy: Taxonomy | None = None
) -> list[dict]:
    """Training rows from the instance's own articles whose publisher section
    (feed category, URL segment) gave the category; at most ``per_class`` per
    category, in the order given (pass newest first). Objects or mappings with
    title, text, category, category_reason."""
    names = set(taxonomy.names if taxonomy else TAXONOMY)
    fallback = taxonomy.fallback if taxonomy else "General"

    def get(article: Any, key: str) -> str:
        value = (
            article.get(key)
            if isinstance(article, Mapping)
            else getattr(article, key, "")
        )
        return str(value or "").strip()

    counts: Counter[str] = Counter()
    rows = []
    for article in articles:
        label, reason, text = (
            get(article, "category"),
            get(article, "category_reason"),
            get(article, "text"),
        )
        if (
            label in ("", fallback)
            or not text
            or not reason.startswith(TRUSTED_REASONS)
        ):
            continue
        if label in names and counts[label] < per_class:
            counts[label] += 1
            rows.append({"title": get(article, "title"), "text": text, "label": label})
    return rows


def split_rows(
    rows: Sequence[dict], *, heldout: float = 0.2, seed: int = 0
) -> tuple[list, list]:
    """Stratified split by label: (train, held out); each class keeps ≥ 1 row
    on the training side."""
    by_label: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_label[row["label"]].append(row)
    rng = random.Random(seed)
    train, test = [], []
    for label in sorted(by_label):
        group = list(by_label[label])
        rng.shuffle(group)
        k = min(round(len(group) * heldout), len(group) - 1)
        test.extend(group[:k])
        train.extend(group[k:])
    return train, test


def cap_rows(
    rows: Sequence[dict], max_chars: int, *, seed: int = 0,
    read: Callable[[dict], int] | None = None,
) -> list[dict]:
    """At most ``max_chars`` characters of rows (``read(row)``: the characters the
    features read of it), drawn in turns from each label's seeded shuffle, so that a
    large file keeps every label's share; all rows when they fit."""
    size = read or (lambda row: len(row["title"]) + len(row["text"]))
    if sum(map(size, rows)) <= max_chars:
        return list(rows)
    by_label: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_label[row["label"]].append(row)
    rng = random.Random(seed)
    queues = []
    for label in sorted(by_label):
        group = list(by_label[label])
        rng.shuffle(group)
        queues.append(group[::-1])  # pop() from the end takes the shuffled order
    kept, used = [], 0
    while queues:
        for queue in list(queues):
            row = queue.pop()
            if used + size(row) > max_chars:
                queue.clear()  # the budget is spent: this label takes no more
            else:
                kept.append(row)
                used += size(row)
            if not queue:
                queues.remove(queue)
    return kept
