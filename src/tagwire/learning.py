"""The facade's categories: the configured taxonomy, the section map, the model, learning.

    settings (categories, category_renames, section_map) → Taxonomy + SectionTable, checked at start
    enrich: section table → model → Taxonomy.assign        (configured names, reason kept)
    after a crawl pass: enough new publisher-labelled articles? → train in a thread
        → keep the new model only if not worse on a held-out slice (classifier.learn)

The model row ``categories`` holds the model; ``categories.learning`` the high-water
article id of the last training and, in its note, when and why it ran;
``categories.taxonomy`` the taxonomy stored articles are labelled with, so a
rename relabels them once, at the next start.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from .enrich import Enrichment, classifier
from .enrich.categories import (
    TAXONOMY,
    SectionTable,
    parse_section_map,
    section_map,
    section_table,
)
from .enrich.classifier import TRUSTED_REASONS, CategoryModel, default_model
from .enrich.taxonomy import Taxonomy, parse_taxonomy
from .errors import NotFoundError, TagwireError
from .settings import read_user_file

log = logging.getLogger(__name__)

MODEL = "categories"
STATE = "categories.learning"
APPLIED = "categories.taxonomy"
PER_CLASS = 2000  # newest publisher-labelled articles per category a training reads


class CategoriesFacade:
    """Mixed into ``Tagwire``: needs ``self.settings`` and ``self.storage``."""

    def _init_categories(self) -> None:
        """Validate the category settings (one-line ConfigError) and relabel stored articles
        if the taxonomy changed since they were labelled."""
        s = self.settings
        self.taxonomy: Taxonomy = parse_taxonomy(s.categories, s.category_renames)
        self._section_table = _load_section_map(s.section_map, self.taxonomy)
        self._category_model: CategoryModel | None = None
        self._learning: threading.Thread | None = None
        self._apply_taxonomy()

    # -- enrichment ----------------------------------------------------------------
    def category_options(self) -> dict[str, Any]:
        """``enrich_article`` keywords: this instance's section table, model and threshold."""
        return {"section_mapping": self._section_table, "category_model": self.category_model(),
                "category_threshold": self.settings.category_threshold}

    def configured_category(self, enrichment: Enrichment) -> Enrichment:
        """The enrichment with its category in the configured taxonomy."""
        category = self.taxonomy.assign(enrichment.category)
        return enrichment if category is enrichment.category else replace(enrichment, category=category)

    def category_model(self) -> CategoryModel:
        """The instance's trained model when there is one, else the shipped default."""
        if self._category_model is None:
            data = self.storage.load_model(MODEL)
            self._category_model = CategoryModel.from_bytes(data) if data else default_model()
        return self._category_model

    # -- names -----------------------------------------------------------------------
    def category_name(self, name: str) -> str:
        """The configured spelling of a category, whatever its case; NotFoundError otherwise."""
        found = self.taxonomy.lookup(name)
        if found is None:
            raise NotFoundError(f"no category {name[:60]!r}")
        return found

    def category_spelling(self, name: str) -> str:
        """For filters: the configured spelling, or the name as given (it then matches nothing)."""
        return self.taxonomy.lookup(name) or name

    def categories(self) -> list[tuple[str, int]]:
        """(name, articles) for the taxonomy in its order, then any other stored category."""
        counts = self.storage.category_counts()
        names = [*self.taxonomy.names, *sorted(set(counts) - set(self.taxonomy.names))]
        return [(name, counts.get(name, 0)) for name in names]

    def category_status(self) -> dict[str, Any]:
        """The taxonomy with article counts, renames, and when and why the model last changed."""
        def note(name: str) -> dict | None:
            found = self.storage.model_note(name)
            return {"note": found[0], "updated_at": found[1].isoformat()} if found else None

        return {"categories": [{"name": n, "articles": c} for n, c in self.categories()],
                "renames": dict(self.taxonomy.renames), "fallback": self.taxonomy.fallback,
                "model": note(MODEL) or {"note": "the shipped default model", "updated_at": None},
                "learning": note(STATE)}

    # -- training --------------------------------------------------------------------
    def train_categories(self, rows: Sequence[dict], why: str = "") -> tuple[bool, str]:
        """Train on labelled rows; keep the result only if it is not worse than the stored
        model on a held-out part. Returns (replaced, message)."""
        data = self.storage.load_model(MODEL)  # the stored one: another process may have trained
        current = CategoryModel.from_bytes(data) if data else default_model()
        chosen, message = classifier.learn(current, rows, taxonomy=self.taxonomy)
        if chosen is not current:
            self.storage.save_model(MODEL, chosen.to_bytes(), note=_note(why, message))
            self._category_model = chosen
        return chosen is not current, message

    def learn_categories(self, why: str = "`tagwire categories learn`") -> tuple[bool, str]:
        """Learn from stored articles whose publisher's section gave their category."""
        rows = classifier.rows_from_articles(
            self.storage.labelled_articles(TRUSTED_REASONS, self.taxonomy.fallback, PER_CLASS),
            per_class=PER_CLASS, taxonomy=self.taxonomy)
        counts = Counter(r["label"] for r in rows)
        least = max(2, self.settings.category_learn_min_per_class)
        enough = {label for label, n in counts.items() if n >= least}
        if len(enough) < 2:
            found = ", ".join(f"{k} {v}" for k, v in counts.most_common()) or "none"
            return False, (f"not enough articles with a section-given category yet: need 2 categories "
                           f"with at least {least} each ({found})")
        return self.train_categories([r for r in rows if r["label"] in enough], why)

    def learn_categories_if_due(self, *, wait: bool = False) -> threading.Thread | None:
        """After a crawl pass: start a training in a thread when enough new publisher-labelled
        articles came in since the last one (and it is not too soon); the thread, or None."""
        s = self.settings
        if s.category_learn_every <= 0 or (self._learning and self._learning.is_alive()):
            return None
        state = self._learning_state()
        last = state.get("at")
        if last and (_now() - datetime.fromisoformat(last)).total_seconds() < s.category_learn_interval:
            return None
        high_water = int(state.get("high_water", 0))
        new = self.storage.count_labelled_articles(high_water, TRUSTED_REASONS, self.taxonomy.fallback)
        if new < s.category_learn_every:
            return None
        # claim the round first, so other workers checking now find nothing due
        top = self.storage.max_article_id()
        self._save_learning_state(top, f"training on {new} new publisher-labelled articles")
        why = f"automatic, {new} new publisher-labelled articles since article {high_water}"
        self._learning = threading.Thread(target=self._learn_quietly, args=(top, why),
                                          name="category-learning", daemon=True)
        self._learning.start()
        if wait:
            self._learning.join()
        return self._learning

    def _learn_quietly(self, top: int, why: str) -> None:
        try:
            replaced, message = self.learn_categories(why)
        except TagwireError as exc:  # bad rows or storage trouble: the current model stays
            replaced, message = False, str(exc)
        except Exception:  # a crawler thread must not die of a training bug; log it whole
            log.exception("category learning crashed")
            return
        outcome = ("model updated: " if replaced else "model kept: ") + message
        self._save_learning_state(top, _note(why, outcome))
        log.info("category learning: %s", outcome)

    def _learning_state(self) -> dict:
        data = self.storage.load_model(STATE)
        try:
            return json.loads(data) if data else {}
        except ValueError:
            return {}

    def _save_learning_state(self, high_water: int, note: str) -> None:
        state = {"high_water": high_water, "at": _now().isoformat()}
        self.storage.save_model(STATE, json.dumps(state).encode(), note=note)

    # -- a changed taxonomy ------------------------------------------------------------
    def _apply_taxonomy(self) -> None:
        """Relabel stored articles once when the configured taxonomy differs from the one
        they were labelled with (a renamed category shows its new name on old cards too)."""
        data = self.storage.load_model(APPLIED)
        if data is None and self.taxonomy.is_default:
            return  # never configured: nothing to relabel, nothing to write
        current = {"names": list(self.taxonomy.names), "renames": dict(self.taxonomy.renames),
                   "fallback": self.taxonomy.fallback}
        before = _taxonomy_from(data)
        if before == current:
            return
        previous = {new: old for old, new in (before or {}).get("renames", {}).items()}
        mapping = {}
        for name in self.storage.category_counts():
            if self.taxonomy.lookup(name) == name:
                continue
            mapping[name] = self.taxonomy.resolve(previous.get(name, name))
        changed = self.storage.relabel_categories({k: v for k, v in mapping.items() if k != v})
        changed += self.storage.set_categories(
            restored_labels(self.storage.configured_labels(), self.taxonomy.resolve))
        self.storage.save_model(APPLIED, json.dumps(current).encode(),
                                note=f"{_now():%Y-%m-%d %H:%M} UTC: {changed} stored articles relabelled")


# "section "UK" → UK → General (configured)": the first configured step and what came before
_CONFIGURED = re.compile(r" → [^→]+ \(configured\)")
_CLASSIFIED = re.compile(r"text classifier: ([A-Za-z &]+) \(\d")


def restored_labels(rows: Sequence[tuple[int, str, str]], resolve: Any) -> list[tuple[int, str, str]]:
    """(id, category, reason) for each relabelled article whose category the taxonomy now gives
    differently: its built-in label, read back from its reason, resolved afresh.

    A category left out of the taxonomy sends its articles to General; before this, putting it
    back (or a test run with ``TAGWIRE_CATEGORIES=Politics,Sport``) left them there for good."""
    changes = []
    for article_id, category, reason in rows:
        step = _CONFIGURED.search(reason)
        if step is None:
            continue
        head = reason[: step.start()]
        found = _CLASSIFIED.match(head) if " → " not in head else None
        label = found[1] if found else head.rsplit(" → ", 1)[-1].strip() if " → " in head else ""
        if label not in TAXONOMY:
            continue  # not a built-in label: nothing to restore from
        new = resolve(label)
        why = head if new == label else f"{head} → {new} (configured)"
        if (new, why) != (category, reason):  # also a rename undone: the reason loses its trail
            changes.append((article_id, new, why))
    return changes


def _taxonomy_from(data: bytes | None) -> dict | None:
    try:
        return json.loads(data) if data else None
    except ValueError:
        return None


def _load_section_map(path: str, taxonomy: Taxonomy) -> SectionTable | None:
    if not path:
        # the built-in table alone; a configured taxonomy still needs its names checked
        return None if taxonomy.is_default else SectionTable(section_table())
    text = read_user_file(path, "section map")
    return section_map(parse_section_map(text, path), taxonomy.names, origin=f"section map {path}")


def _note(why: str, message: str) -> str:
    return f"{_now():%Y-%m-%d %H:%M} UTC, {why or 'trained'}: {message}"


def _now() -> datetime:
    return datetime.now(UTC)
