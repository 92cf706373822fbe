"""Canonical hashtags: merges (``rapegangs`` → ``groominggangs``) and the blocklist. PURE.

Merges are stored one step each, as the operator made them; chains resolve here
(a → b and b → c send a to c) and a merge that would close a loop is refused.
``canonicalise`` is what every tagging path applies to an enrichment's tags.

A key phrase that varies in number across articles ("police force" in one, "police
forces" in the next) is one tag across the corpus too: ``fold_numbers`` gives it the
form the corpus already has (``number_key`` names the pair).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from tagwire.enrich._text import singular
from tagwire.errors import InvalidInputError
from tagwire.types import TagAssignment

__all__ = [
    "FOLDED_KINDS", "HashtagRule", "HashtagRules", "canonicalise", "check_merge", "fold_numbers", "merge_note",
    "number_forms", "number_key", "resolve",
]

MAX_CHAIN = 100  # longer than any sane chain; a stored loop cannot spin forever


def resolve(tag: str, merges: Mapping[str, str]) -> str:
    """Where a tag ends after following its merges (itself when not merged)."""
    seen = {tag}
    while tag in merges and len(seen) <= MAX_CHAIN:
        tag = merges[tag]
        if tag in seen:  # a loop someone wrote into the table by hand: stop where it closes
            break
        seen.add(tag)
    return tag


def check_merge(source: str, target: str, merges: Mapping[str, str], blocked: frozenset[str]) -> None:
    """Refuse a merge that is a no-op, closes a loop or involves a blocked tag (one line)."""
    if source == target:
        raise InvalidInputError(f"cannot merge #{source} into itself")
    if source in blocked or target in blocked:
        which = source if source in blocked else target
        raise InvalidInputError(f"#{which} is blocked; unblock it first")
    final = resolve(target, merges)
    if final == source:
        raise InvalidInputError(f"merging #{source} into #{target} would make a loop (#{target} is merged into #{source})")


def merge_note(source: str) -> str:
    """What a merged tag's reason says, so unmerging can find the rows it moved."""
    return f" · merged from #{source}"


@dataclass(frozen=True, slots=True)
class HashtagRule:
    """One stored rule, as ``tags list`` shows it."""

    tag: str
    label: str
    merged_into: str | None  # one step, as stored
    target: str | None  # where the chain ends
    blocked: bool


@dataclass(frozen=True, slots=True)
class HashtagRules:
    """Merges (source → target, one step each) and blocked tags, as stored."""

    merges: Mapping[str, str] = field(default_factory=dict)
    blocked: frozenset[str] = frozenset()

    def target(self, tag: str) -> str:
        return resolve(tag, self.merges)


def canonicalise(tags: Sequence[TagAssignment], rules: HashtagRules,
                 labels: Mapping[str, str] | None = None) -> tuple[TagAssignment, ...]:
    """Merged tags renamed to their target (keeping the better score), blocked ones dropped, order kept.

    ``labels`` gives a target's label; without one the tag keeps its label.
    """
    out: dict[str, TagAssignment] = {}
    for t in tags:
        final = rules.target(t.tag)
        if final in rules.blocked or t.tag in rules.blocked:
            continue
        if final != t.tag:
            label = (labels or {}).get(final, t.label)
            t = replace(t, tag=final, label=label, why=t.why + merge_note(t.tag))
        kept = out.get(final)
        if kept is None or t.score > kept.score:
            out[final] = t
    order = {}
    for t in tags:
        order.setdefault(rules.target(t.tag), len(order))
    return tuple(sorted(out.values(), key=lambda t: order[t.tag]))


# -- one tag for singular and plural, across the corpus ---------------------------------
# Only key phrases fold, and only onto tags stored as key phrases: a name's final "s" is
# part of it (#jones, #sainsburys, a team's #lions), and a topic's tag is the operator's.
FOLDED_KINDS = frozenset({"keyphrase"})
# A key phrase of one word whose plural names another thing stays apart: arms (weapons),
# goods, customs, damages (a court's award), savings, remains, the Commons and the Lords,
# the armed forces, waters, glasses, a meeting's minutes, means, the Games, works, grounds.
# Inside a longer phrase the other words carry the meaning ("police force", "police forces").
NUMBER_SENSITIVE = frozenset(
    "arm good custom damage saving remain common lord force water glass minute mean game spirit "
    "letter paper work art ground quarter manner look odd earning wage head relation".split())


def number_key(tag: str) -> str:
    """What a tag's singular and plural forms share ("policeforces", "policeforce" → "policeforce")."""
    return singular(tag)


def number_forms(tag: str) -> tuple[str, ...]:
    """The tag and its other-number spellings that fold back to the same key, to look up."""
    key = number_key(tag)
    spelled = (key, key + "s", key + "es", key[:-1] + "ies" if key.endswith("y") else key)
    return tuple(dict.fromkeys(f for f in (tag, *spelled) if number_key(f) == key))


def _number_sensitive(label: str) -> bool:
    return " " not in label.strip() and number_key(label.strip().lower()) in NUMBER_SENSITIVE


def fold_numbers(tags: Sequence[TagAssignment], known: Mapping[str, str],
                 chosen: Mapping[str, tuple[str, str]] | None = None) -> tuple[TagAssignment, ...]:
    """Key-phrase tags renamed to the number form the corpus already uses.

    ``known`` maps stored tags (any of ``number_forms`` of these tags) to their labels;
    ``chosen`` maps a ``number_key`` to the (tag, label) this process picked before, so a
    batch that stores nothing still folds consistently. With several stored forms the
    plural wins, as it does inside one article ("grooming gangs"). Order is kept; a tag
    that folds onto another of the same article keeps the better score.
    """
    out: dict[str, TagAssignment] = {}
    for t in tags:
        if t.kind in FOLDED_KINDS and not _number_sensitive(t.label):
            key = number_key(t.tag)
            pick = (chosen or {}).get(key)
            if pick is None:
                stored = [f for f in number_forms(t.tag) if f in known]
                pick = (max(stored, key=lambda f: (len(f), f)), "") if stored else None
            if pick is not None and pick[0] != t.tag:
                t = replace(t, tag=pick[0], label=pick[1] or known.get(pick[0], t.label))
        kept = out.get(t.tag)
        if kept is None or t.score > kept.score:
            out[t.tag] = t
    return tuple(out.values())
