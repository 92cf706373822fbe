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


def names_only(language: str | None) -> bool:
    """Whether the tags of a text in ``language`` are its names only (see the module)."""
    return bool(language and language != "en" and function_words(language))


def foreign_tags(tags: Sequence[TagAssignment], language: str | None) -> list[TagAssignment]:
    """``tags`` fit for a text in ``language``: unchanged for English or an unknown language."""
    if not names_only(language):
        return list(tags)
    stop = function_words(language) | _WHEN
    kept: list[TagAssignment] = []
    seen: set[str] = set()
    for tag in tags:
        if tag.kind != "topic":
            tag = _as_name(tag, stop)
        if tag is not None and tag.tag not in seen:
            seen.add(tag.tag)
            kept.append(tag)
    return kept


#: German writes weekdays and months with a capital, like names: "am Donnerstag", "ab März".
#: (French, Spanish, Italian, Dutch and Portuguese write them in lower case: stripped anyway.)
_WHEN = frozenset((
    "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag",
    "januar", "jänner", "februar", "märz", "april", "mai", "juni", "juli", "august", "september",
    "oktober", "november", "dezember",
))


#: Words that count ("Prozent der Kosten", "Milliarden Euro"): such a tag is an amount.
_COUNTS = frozenset(("prozent", "procent", "millionen", "milliarden", "euro"))
#: German roles are one word before the name ("Bauministerin Klara Geywitz"), and so not
#: among the English roles the tagger drops.
_ROLE_ENDINGS = ("minister", "ministerin", "kanzler", "kanzlerin", "präsident", "präsidentin", "chef",
                 "chefin", "sprecher", "sprecherin", "vorsitzende", "vorsitzender", "direktor", "direktorin")


def _as_name(tag: TagAssignment, stop: frozenset[str]) -> TagAssignment | None:
    words = tag.label.split()
    if words and words[0].casefold() in _COUNTS:
        return None
    if len(words) > 2 and words[0].casefold().endswith(_ROLE_ENDINGS) and words[1][:1].isupper():
        words.pop(0)
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
