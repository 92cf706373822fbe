"""Automatic tags of a text in another language than English. PURE.

The tagger's lexicons (stop words, generic words, verbs) are English, so on a French or
German article it offered "sur les lignes", "une grève", "sont" and "Die Union". Without
those lexicons, the honest tags are names: function words and lowercase words are stripped
from a tag's edges ("selon la CGT" → CGT, "Die Union" → Union), so a lowercase phrase goes
whole, since nothing here can tell a German "neues" from a subject. Curated topics are the user's own and stay.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from tagwire.enrich.hashtags import normalise_tag
from tagwire.extract.language import function_words
from tagwire.types import TagAssignment


def foreign_tags(tags: Sequence[TagAssignment], language: str | None) -> list[TagAssignment]:
    """``tags`` fit for a text in ``language``: unchanged for English or an unknown language."""
    stop = function_words(language) if language and language != "en" else frozenset()
    if not stop:
        return list(tags)
    kept: list[TagAssignment] = []
    seen: set[str] = set()
    for tag in tags:
        if tag.kind != "topic":
            tag = _as_name(tag, stop)
        if tag is not None and tag.tag not in seen:
            seen.add(tag.tag)
            kept.append(tag)
    return kept


def _as_name(tag: TagAssignment, stop: frozenset[str]) -> TagAssignment | None:
    words = tag.label.split()
    while words and _not_name(words[0], stop):
        words.pop(0)
    while words and _not_name(words[-1], stop):
        words.pop()
    if not words:
        return None
    label = " ".join(words)
    if label == tag.label:
        return tag
    canonical = normalise_tag(label)
    return replace(tag, tag=canonical, label=label) if canonical else None


def _not_name(word: str, stop: frozenset[str]) -> bool:
    """At a tag's edge, a function word ("Die" opening a sentence) or a lowercase word
    ("selon" in "selon la CGT") is not part of a name; inside one ("Park de Riad") it may be."""
    return word.casefold() in stop or not any(c.isupper() or c.isdigit() for c in word)
