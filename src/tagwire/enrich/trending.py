"""Trending and related hashtags: scores over counts the store hands in. PURE.

Trending compares a tag's last ``RECENT_HOURS`` with its own past: both counted
in DISTINCT OUTLETS, so one outlet repeating a tag all day counts once, and the
baseline is the mean number of distinct outlets a day over the ``BASELINE_DAYS``
before. The score is a smoothed surprise, ``(recent - baseline) / sqrt(baseline + 1)``
(a Poisson z-score with one outlet a day of prior): two outlets today on a new tag
score 2; one outlet that carries a tag every day scores 0 and does not trend.

Related tags come from co-occurrence over ``RELATED_DAYS``: a tag U is related to
T when at least ``MIN_SUPPORT`` articles carry both and they meet more often than
chance would have them (lift ≥ ``MIN_LIFT``); they are ranked by the cosine (Ochiai)
coefficient ``together / sqrt(n(T) · n(U))``, which rewards tags that mostly appear
with T, not the biggest tags of the corpus.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

__all__ = ["RelatedTag", "TrendingTag", "rank_related", "rank_trending", "top_trending", "trend_score"]

RECENT_HOURS = 24
BASELINE_DAYS = 14
RELATED_DAYS = 30
MIN_SUPPORT = 2
MIN_LIFT = 1.5  # met at least half again as often as chance: a tag on nearly everything relates to nothing
MAX_CANDIDATES = 200  # co-occurring tags whose own counts are looked up


@dataclass(frozen=True, slots=True)
class TrendingTag:
    tag: str
    label: str
    score: float
    outlets: int  # distinct outlets in the last RECENT_HOURS
    baseline: float  # mean distinct outlets a day over the BASELINE_DAYS before


@dataclass(frozen=True, slots=True)
class RelatedTag:
    tag: str
    label: str
    score: float  # cosine, 0..1
    together: int  # articles with both tags
    count: int  # articles with this tag in the window


def trend_score(recent: int, baseline: float) -> float:
    """How far today's distinct outlets are above the tag's usual day, in smoothed standard deviations."""
    return (recent - baseline) / math.sqrt(baseline + 1.0)


def rank_trending(outlets: Mapping[str, Mapping[int, int]], limit: int,
                  baseline_days: int = BASELINE_DAYS) -> list[TrendingTag]:
    """Tags by trend score, best first; only tags above their baseline.

    ``outlets[tag][day]`` is the number of distinct outlets on a day: day 0 is the
    recent window, days 1..baseline_days the ones before (missing days are zero).
    Labels are left empty for the caller to fill.
    """
    found = []
    for tag, days in outlets.items():
        recent = days.get(0, 0)
        if recent <= 0:
            continue
        baseline = sum(days.get(d, 0) for d in range(1, baseline_days + 1)) / baseline_days
        score = trend_score(recent, baseline)
        if score > 0:
            found.append(TrendingTag(tag, "", round(score, 4), recent, round(baseline, 4)))
    found.sort(key=lambda t: (-t.score, -t.outlets, t.tag))
    return found[: max(limit, 0)]


def top_trending(recent: Mapping[str, int], baselines: Callable[[list[str]], Mapping[str, Mapping[int, int]]],
                 limit: int, baseline_days: int = BASELINE_DAYS, batch: int = 100) -> list[TrendingTag]:
    """The best ``limit`` of ``rank_trending``, reading as few baselines as it can.

    ``recent`` is {tag: distinct outlets in the recent window}; ``baselines(tags)``
    gives {tag: {day: distinct outlets}} for days 1..baseline_days. A tag's score is
    never above its recent outlets (that is its score with no baseline), so tags are
    read by recent outlets, most first, and reading stops once no tag left could beat
    the current last place: the answer is exact, and on a big instance the thousands of
    tags one outlet used once today are never looked up.
    """
    order = sorted(recent.items(), key=lambda kv: (-kv[1], kv[0]))
    counts: dict[str, dict[int, int]] = {}
    found: list[TrendingTag] = []
    for start in range(0, len(order), batch):
        chunk = order[start : start + batch]
        if len(found) >= limit and chunk[0][1] < found[-1].score:
            break
        days = baselines([tag for tag, _ in chunk])
        for tag, outlets in chunk:
            counts[tag] = {**days.get(tag, {}), 0: outlets}
        found = rank_trending(counts, limit, baseline_days)
    return found


def rank_related(tag_count: int, together: Mapping[str, int], counts: Mapping[str, int], total: int,
                 limit: int, min_support: int = MIN_SUPPORT) -> list[RelatedTag]:
    """Tags related to one with ``tag_count`` articles, out of ``total`` articles in the window.

    ``together[u]`` is how many articles carry both; ``counts[u]`` how many carry u.
    """
    found = []
    for other, both in together.items():
        n = counts.get(other, 0)
        if both < min_support or n <= 0 or tag_count <= 0:
            continue
        lift = both * total / (tag_count * n) if total else 0.0
        if lift < MIN_LIFT:
            continue  # hardly more often than chance: a big tag that is everywhere
        score = both / math.sqrt(tag_count * n)
        found.append(RelatedTag(other, "", round(score, 4), both, n))
    found.sort(key=lambda r: (-r.score, -r.together, r.tag))
    return found[: max(limit, 0)]
