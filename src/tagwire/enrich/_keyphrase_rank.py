"""Rank the candidates of one article (names and key phrases) by one score.

For a candidate of words ``w1..wn``::

    score = (mentions + WORD_SUPPORT × mean word count)      how much the text is about it
            × mean specificity(wi) ** SPEC_POWER               how rare its words are in English
            × LENGTH_PRIOR[n]                                    news key phrases: mostly 2 words
            × (1 + LEAD × 1 / (1 + first / LEAD_SCALE))          position bias (PositionRank)
            × (1 + TITLE if in the title)
            × KIND weight (names, plural single words, phrases led by a name)

"mean word count" counts each word of the candidate anywhere in the article
(singular-folded), so "hurricane gilbert" gains from every "hurricane"; that
is the word-graph idea of TextRank/PositionRank without the iterations.
Floors (how many mentions a candidate needs) keep one-off phrases out of
short texts, where a tag seen once is mostly noise.
"""

from __future__ import annotations

from collections import Counter

from tagwire.enrich._candidates import Analysis, Cand
from tagwire.enrich._keyphrase_prior import specificity
from tagwire.enrich._lexicon import STOPWORDS
from tagwire.enrich._text import singular

#: Weights, tuned by coordinate ascent on the dev halves of DUC-2001 and
#: 500N-KPCrowd (``benchmarks/hashtags.py``, objective: the sum of the two
#: F1@10); the test halves were not used. ``floor_long``/``floor_long1``: body
#: mentions a multi-word / one-word phrase needs in an article; ``subsumed``:
#: drop phrases seen mostly inside longer ones; ``mixed``: weight of a phrase
#: led by a name ("NAFTA pact").
PARAMS: dict[str, float] = {
    "word_support": 1.33,
    "spec_power": 0.28,
    "len1": 0.6,
    "len2": 1.33,
    "len3": 1.4,
    "len4": 0.216,
    "lead": 5.3,
    "lead_scale": 20.0,
    "title": 0.216,
    "name": 0.825,
    "plural1": 1.28,
    "floor_long": 1.0,
    "floor_long1": 2.0,
    "subsumed": 1,
    "of_phrase": 0.36,
    "mixed": 1.0,
}

#: Body mentions a phrase holding a count needs ("four-day week", not "three-year
#: contract"): a product choice, not tuned.
COUNTED_FLOOR = 3

#: At most this many phrases led by the same name ("NASA scientists", "NASA
#: research"): a product choice against near-duplicate tags, not tuned.
PER_NAME = 2


class WordStats:
    """Per word of one article: (count anywhere, singular-folded; specificity)."""

    def __init__(self, a: Analysis) -> None:
        counts: Counter[str] = Counter()
        for w, n in Counter(t.lower for t in a.tokens).items():  # fold each distinct word once
            if w not in STOPWORDS:
                counts[singular(w)] += n
        self.counts = counts
        self._cache: dict[str, tuple[int, float]] = {}

    def get(self, word: str) -> tuple[int, float]:
        hit = self._cache.get(word)
        if hit is None:
            hit = self._cache[word] = (self.counts[singular(word)], specificity(word))
        return hit


def score(c: Cand, words: WordStats, is_name: bool, p: dict[str, float]) -> float:
    stats = [words.get(w) for w in c.key if w not in STOPWORDS]
    if not stats:
        return 0.0
    support = sum(s[0] for s in stats) / len(stats)
    spec = sum(s[1] for s in stats) / len(stats)
    # a name is as long as it is ("James Webb Space Telescope"): only phrases of four
    # words are mostly fragments of a sentence
    n = min(len(c.key), 3 if is_name else 4)
    first = max(c.first, 0)
    raw = (c.mentions + p["word_support"] * support) * (spec ** p["spec_power"])
    raw *= p[f"len{n}"] * (1.0 + p["lead"] / (1.0 + first / p["lead_scale"]))
    if c.mixed:
        raw *= p["mixed"]
    raw *= 1.0 + p["title"] * c.in_title
    if "of" in c.key:
        raw *= p["of_phrase"]
    if is_name:
        raw *= p["name"]
    elif n == 1 and c.label != c.key[0]:
        raw *= p["plural1"]
    return raw


def passes_floor(c: Cand, is_name: bool, short: bool, p: dict[str, float], bare: bool = False) -> bool:
    """Mentions outside the title a candidate needs (a title alone is not enough)."""
    if bare:  # a headline without text: the headline is all there is ("three-year deal" is a detail)
        return c.in_title and not c.counted
    if c.counted and c.body < COUNTED_FLOOR:  # "three-year contract" once: a detail
        return False
    multi = len(c.key) > 1
    if short and not is_name:
        needed = 1 if c.in_title else 2
    elif short:
        needed = 1 if (multi or c.in_title) else 2
    elif not is_name:  # a word of the headline the text repeats is its subject ("earthquake")
        needed = p["floor_long"] if multi or c.in_title else p["floor_long1"]
    else:
        needed = 1
    return c.body >= needed
