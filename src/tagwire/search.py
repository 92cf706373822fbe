"""The search box's language, parsed into a tree. Pure: no SQL here.

    flood defences "River Lenn" -opinion #stormimogen source:"Daily Meridian"
    category:uk after:2025-11-01 before:2025-12-01

- words and "quoted phrases" must all appear (title or text);
- a leading ``-`` excludes a word, a phrase, a #tag or a field;
- ``#tag`` needs the hashtag; ``source:`` and ``category:`` match names
  (case-insensitive; quote names with spaces); ``after:``/``before:`` take
  ISO dates (``after`` inclusive, ``before`` exclusive).

Storage turns the tree into SQL with bound parameters; nothing the user typed is
ever pasted into a query string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timezone

from .enrich.hashtags import normalise_tag
from .errors import InvalidInputError

MAX_QUERY = 500
MAX_TERMS = 20
#: ranking: relevance / (1 + age in days / RECENCY_DAYS), so a week halves a match's weight
RECENCY_DAYS = 7.0


@dataclass(frozen=True, slots=True)
class Word:
    text: str


@dataclass(frozen=True, slots=True)
class Phrase:
    text: str


@dataclass(frozen=True, slots=True)
class Tag:
    tag: str


@dataclass(frozen=True, slots=True)
class Field:
    name: str  # source | category
    value: str


@dataclass(frozen=True, slots=True)
class Not:
    node: "Node"


@dataclass(frozen=True, slots=True)
class Query:
    """All of ``terms`` (each possibly a Not), within [after, before)."""

    terms: tuple["Node", ...]
    after: datetime | None = None
    before: datetime | None = None

    @property
    def empty(self) -> bool:
        return not self.terms and self.after is None and self.before is None


Node = Word | Phrase | Tag | Field | Not

_TOKEN = re.compile(r'(-?)(?:(\w+):)?(?:"([^"]*)"?|(\S+))')
_FIELDS = {"source", "category", "after", "before"}


def _date(value: str, key: str) -> datetime:
    try:
        return datetime.combine(date.fromisoformat(value), datetime.min.time(), tzinfo=timezone.utc)
    except ValueError:
        raise InvalidInputError(f"{key}: needs a date like 2025-11-03, not {value[:30]!r}") from None


def _node(key: str | None, quoted: str | None, bare: str | None) -> Node | None:
    value = (quoted if quoted is not None else bare or "").strip()
    if key and key.lower() in ("source", "category"):
        return Field(key.lower(), value) if value else None
    if key:  # not one of ours ("http:", "10:30"): search for it as typed
        value = f"{key}:{value}"
    if quoted is not None and not key:
        words = value.split()
        return (Phrase(" ".join(words)) if len(words) > 1 else Word(words[0].lower())) if words else None
    if value.startswith("#"):
        tag = normalise_tag(value[1:])
        return Tag(tag) if tag else None
    word = value.strip(".,;!?()[]{}'").lower()
    return Word(word) if word else None


def parse_query(text: str) -> Query:
    """The tree of a search box's text; InvalidInputError for what cannot be searched."""
    text = (text or "").strip()
    if len(text) > MAX_QUERY:
        raise InvalidInputError(f"search is too long ({len(text)} characters, at most {MAX_QUERY})")
    terms: list[Node] = []
    after = before = None
    for m in _TOKEN.finditer(text):
        negative, key, quoted, bare = m.group(1), m.group(2), m.group(3), m.group(4)
        if key and key.lower() in ("after", "before"):
            when = _date((quoted if quoted is not None else bare or "").strip(), key.lower())
            after, before = (when, before) if key.lower() == "after" else (after, when)
            continue
        node = _node(key, quoted, bare)
        if node is not None:
            terms.append(Not(node) if negative else node)
    if len(terms) > MAX_TERMS:
        raise InvalidInputError(f"search has {len(terms)} terms, at most {MAX_TERMS}")
    if after and before and after >= before:
        raise InvalidInputError("after: must be earlier than before:")
    if terms and all(isinstance(t, Not) for t in terms):
        raise InvalidInputError("a search needs something to find, not only exclusions")
    return Query(tuple(terms), after, before)
