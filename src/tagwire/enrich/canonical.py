"""Canonical hashtags: merges (``rapegangs`` → ``groominggangs``) and the blocklist. PURE.

Merges are stored one step each, as the operator made them; chains resolve here
(a → b and b → c send a to c) and a merge that would close a loop is refused.
``canonicalise`` is what every tagging path applies to an enrichment's tags.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from tagwire.errors import InvalidInputError
from tagwire.types import TagAssignment

__all__ = ["HashtagRule", "HashtagRules", "canonicalise", "check_merge", "merge_note", "resolve"]

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
