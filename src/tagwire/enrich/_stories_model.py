"""What the story clusterer keeps: its public records and one live story. PURE.

``StoryInput`` goes in, ``StoryDecision`` comes out, ``StorySignature`` and
``StoryState`` are what the store persists to rebuild a clusterer on start
(``tagwire.enrich.stories`` re-exports all four). ``LiveStory`` is a story as the
clusterer holds it in memory, mutable, between two articles.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime

from tagwire.enrich._stories_text import Features


@dataclass(frozen=True, slots=True)
class StoryInput:
    """One article to place. ``tags`` (the article's hashtags, as the crawler has them)
    count as terms of weight ``tag_weight``, 0 by default: as names they split stories
    (a hashtag like "ashbystreet" is nearly unique to one article's wording) and as terms
    they helped snippets but hurt full texts (``docs/benchmarks.md``, "Stories").
    ``source`` is not used to decide."""

    id: str
    title: str
    text: str
    published: datetime  # aware
    source: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StoryDecision:
    """Where an article went, and why (``reason`` is for people, not parsing)."""

    story_id: str
    is_new: bool
    score: float  # best candidate's score (0.0 when there was none)
    duplicate_of: str | None  # id of an earlier article this one nearly copies
    reason: str
    candidates: int = 0  # stories scored for this decision


@dataclass(frozen=True, slots=True)
class StorySignature:
    """What the store keeps per story to rebuild the clusterer on start."""

    story_id: str
    headline: str
    first_seen: datetime
    last_seen: datetime
    size: int
    terms: tuple[tuple[str, float], ...]  # centroid (sum of member weights), best first
    names: tuple[tuple[str, float], ...]  # name terms of the centroid, best first
    members: tuple[tuple[str, tuple[int, ...]], ...]  # recent (article id, sketch)
    titles: tuple[tuple[str, ...], ...] = ()  # headline terms of recent members


@dataclass(frozen=True, slots=True)
class StoryState:
    """Document frequencies the IDF is computed from."""

    documents: int
    doc_freq: tuple[tuple[str, int], ...]


@dataclass(slots=True)
class LiveStory:
    """A story as the clusterer holds it between two articles (mutable, in memory)."""

    id: str
    headline: str
    first_seen: float
    last_seen: float
    size: int = 0
    centroid: dict[str, float] = field(default_factory=dict)
    members: list[tuple[str, tuple[int, ...]]] = field(default_factory=list)
    indexed: set[str] = field(default_factory=set)
    names: dict[str, float] = field(default_factory=dict)
    titles: list[frozenset[str]] = field(default_factory=list)
    norm: float = 1.0
    norm_at: int = -1  # document count when ``norm`` was computed; -1: stale


# the years a text may report events of (the year rule compares the latest one)
YEARS = frozenset(str(y) for y in range(1900, 2100))


def shortness(feats: Features) -> float:
    """1.0 for a summary of 20 terms or fewer, 0.0 for 100 or more."""
    return 1.0 - min(1.0, max(0.0, math.log(max(len(feats.weights), 1) / 20) / math.log(5)))


def utc(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, tz=UTC)
