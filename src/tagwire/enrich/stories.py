"""Stories: every outlet's article about one event, grouped online. PURE.

``StoryClusterer.add`` decides for one article, then remembers it::

    title, text, tags ─→ features (stems, names, numbers, years, shingle sketch)
      → a body of ≥ 40 words already seen under a headline sharing no term with
        this one's is a template (a sign-up form, a consent notice): the article
        is placed by its headline alone, against the long-article threshold
      → candidates: inverted index term → recent stories (top query terms only,
        postings capped, stories expire ``window_hours`` after their last article)
      → score each candidate: cosine(article, story centroid) with the current
        IDF, blended with the cosine of their names (capitalised mid-sentence
        or in a sentence-case headline), less a penalty for each sign of a
        look-alike event (their main names differ, unless their headlines
        agree, or their names mostly agree and their headlines share a word;
        the latest years they mention differ; both cite several
        numbers and share none), less an optional time penalty, plus the
        likeness of its headline to the members' headlines (full articles
        mostly); near-identical text of a recent member of one of the best
        five candidates = duplicate (wire copy), which always joins
      → join the best story at or above the threshold (``short_threshold`` for
        a summary of ≤ 20 terms, ``threshold`` for ≥ 100, log-interpolated),
        else start a new one; past the window a story is kept only with
        ``lookback_hours`` (0: off), and then takes only an article that shares
        its own rare names (``_follow_up``)
      → update document frequencies, the story centroid (top terms) and index

The cost of one article is bounded by the query terms, the posting cap and the
candidate cap, never by the number of stored articles. Story ids are the id of
the story's first article. Nothing here does I/O: the store persists
``signature(story_id)`` after each ``add`` and, on start, rebuilds a clusterer
from the recent signatures and the document frequencies (``state`` /
``StoryClusterer.restore``); stories other processes changed since are taken in
with ``replace``. ``tagwire analyze`` feeds the same ``add`` in
publication order. Add each article once.

One parameter set for every corpus: defaults were picked on the tuning halves
of three public sets (``benchmarks/stories.py``, ``docs/benchmarks.md``).
"""

from __future__ import annotations

import copy
import heapq
import math
from collections.abc import Iterable
from datetime import datetime
from itertools import islice
from typing import Any

from tagwire.enrich._stories_evidence import StoryEvidence
from tagwire.enrich._stories_model import (
    LiveStory,
    StoryDecision,
    StoryInput,
    StorySignature,
    StoryState,
    utc,
)
from tagwire.enrich._stories_text import Features, article_features

__all__ = ["StoryClusterer", "StoryDecision", "StoryInput", "StorySignature", "StoryState"]


# a summary's few words are the event's own, which syndication reuses under other
# headlines; a template body (a consent notice, a sign-up form) is longer than that
BOILERPLATE_WORDS = 40


class StoryClusterer(StoryEvidence):
    """Online single-pass story clustering over a sliding time window. The score of an
    article against one story is ``StoryEvidence``'s; this class keeps the stories, their
    index and the document frequencies, and decides."""

    def __init__(
        self,
        *,
        window_hours: float = 72.0,
        lookback_hours: float = 0.0,
        lookback_names: float = 0.2,
        threshold: float = 0.24,
        short_threshold: float = 0.113,
        name_weight: float = 0.3,
        conflict_penalty: float = 0.2,
        year_penalty: float = 0.1,
        number_penalty: float = 0.1,
        min_numbers: int = 3,
        time_penalty: float = 0.0,
        title_boost: float = 2.0,
        name_boost: float = 1.5,
        tag_weight: float = 0.0,
        title_weight: float = 0.5,
        title_floor: float = 0.1,
        title_match: float = 0.2,
        name_match: float = 0.2,
        lead_tokens: int = 100,
        max_tokens: int = 300,
        centroid_terms: int = 200,
        index_terms: int = 30,
        query_terms: int = 20,
        max_posting: int = 500,
        max_candidates: int = 20,
        duplicate_threshold: float = 0.6,
        sketch_size: int = 64,
        member_prints: int = 20,
        max_vocabulary: int = 300_000,
        boilerplate_headlines: int = 1,
        boilerplate_prints: int = 16,
        max_boilerplate: int = 200_000,
    ) -> None:
        if window_hours <= 0:
            raise ValueError("window_hours must be positive")
        if lookback_hours < 0:
            raise ValueError("lookback_hours must not be negative")
        self.window = window_hours * 3600.0
        # stories are kept this long after their last article; past ``window`` only an
        # article that shares the story's own names may join it (``_follow_up``)
        self.keep = max(self.window, lookback_hours * 3600.0)
        self.lookback_names = lookback_names
        self.threshold = threshold
        self.short_threshold = short_threshold
        self.name_weight = name_weight
        self.conflict_penalty = conflict_penalty
        self.year_penalty = year_penalty
        self.number_penalty = number_penalty
        self.min_numbers = min_numbers
        self.time_penalty = time_penalty
        self.title_weight = title_weight
        self.title_floor = title_floor
        self.title_match = title_match
        self.name_match = name_match
        self._feat = {"title_boost": title_boost, "name_boost": name_boost, "tag_weight": tag_weight,
                      "lead": lead_tokens,
                      "limit": max_tokens, "sketch_size": sketch_size}
        self.centroid_terms = centroid_terms
        self.index_terms = index_terms
        self.query_terms = query_terms
        self.max_posting = max_posting
        self.max_candidates = max_candidates
        self.duplicate_threshold = duplicate_threshold
        self.sketch_size = sketch_size
        self.member_prints = member_prints
        self.max_vocabulary = max_vocabulary
        self.boilerplate_headlines = boilerplate_headlines
        self.boilerplate_prints = boilerplate_prints
        self.max_boilerplate = max_boilerplate
        # shingle hash of a body → headline terms of the articles that carried it
        self._bodies: dict[int, tuple[frozenset[str], ...]] = {}
        self._df: dict[str, int] = {}
        self._n = 0
        self._stories: dict[str, LiveStory] = {}
        self._index: dict[str, dict[str, None]] = {}
        self._expiry: list[tuple[float, str]] = []
        self._now = -math.inf
        self.examined = 0  # candidates scored, over all calls
        self._idf2: dict[str, float] = {}

    # ------------------------------------------------------------ public

    def features(self, item: StoryInput) -> Features:
        """The article's own features: they depend on no story, so they may be computed
        ahead (e.g. before taking a lock) and given to ``add``."""
        return article_features(item.title, item.text, tags=item.tags,
                                latest_year=item.published.year, **self._feat)

    def add(self, item: StoryInput, features: Features | None = None) -> StoryDecision:
        """Decide which story ``item`` belongs to, then index it."""
        if item.published.tzinfo is None:
            raise ValueError(f"article {item.id}: published must be an aware datetime")
        ts = item.published.timestamp()
        self._now = max(self._now, ts)
        self._expire()
        feats = features if features is not None else self.features(item)
        boilerplate = self._boilerplate(feats)
        if boilerplate:
            # the body is a template (a consent notice, a sign-up form) that other
            # articles carried under unrelated headlines: evidence of nothing, so the
            # article is placed by its headline alone, never as a copy, and its headline
            # must clear a full article's bar (a summary's lower bar is for a summary's
            # words, which say what happened; a headline alone says less)
            feats = article_features(item.title, "", tags=item.tags,
                                     latest_year=item.published.year, **self._feat)
            feats = Features(feats.weights, feats.names, feats.numbers, (), 0, feats.years,
                             feats.title_terms)
        self._idf2: dict[str, float] = {}  # squared IDF, memoised for this article
        idf = self._idf
        qnorm = math.sqrt(sum((w * idf(t)) ** 2 for t, w in feats.weights.items())) or 1.0
        scored = [(self._score(feats, qnorm, s, ts), s) for s in self._candidates(feats, ts)]
        self.examined += len(scored)
        scored.sort(key=lambda p: (-p[0], p[1].id))
        duplicate, dup_story, resem = self._duplicate(feats, scored)
        best_score, best = scored[0] if scored else (0.0, None)
        threshold = self.threshold if boilerplate else self._threshold(feats)
        self._learn(feats)
        if dup_story is not None:
            story, is_new = dup_story, False
            reason = f"near copy of {duplicate} (resemblance {resem:.2f})"
        elif best is not None and best_score >= threshold:
            story, is_new = best, False
            reason = f'joined "{best.headline[:60]}" (score {best_score:.2f} ≥ {threshold:.2f})'
        else:
            story, is_new = self._new_story(item, ts), True
            reason = (f"new story (best score {best_score:.2f} < {threshold:.2f})"
                      if best is not None else "new story (no candidate)")
        self._join(story, item.id, feats, ts)
        return StoryDecision(story.id, is_new, round(best_score, 4), duplicate, reason, len(scored))

    def signature(self, story_id: str) -> StorySignature | None:
        """The story's current signature, or None once it left the window (and lookback)."""
        s = self._stories.get(story_id)
        if s is None:
            return None
        terms = tuple(sorted(s.centroid.items(), key=lambda kv: (-kv[1], kv[0])))
        names = tuple(sorted(s.names.items(), key=lambda kv: (-kv[1], kv[0])))
        titles = tuple(tuple(sorted(t)) for t in s.titles)
        return StorySignature(s.id, s.headline, utc(s.first_seen), utc(s.last_seen), s.size,
                              terms, names, tuple(s.members), titles)

    def signatures(self) -> list[StorySignature]:
        """Signatures of the stories still inside the window."""
        return [sig for sid in sorted(self._stories) if (sig := self.signature(sid))]

    def state(self) -> StoryState:
        return StoryState(self._n, tuple(sorted(self._df.items())))

    @classmethod
    def restore(cls, signatures: Iterable[StorySignature], state: StoryState | None = None,
                **params: Any) -> StoryClusterer:
        """A clusterer that continues from persisted signatures and frequencies."""
        c = cls(**params)
        if state is not None:
            c._n, c._df = state.documents, dict(state.doc_freq)
        for sig in signatures:
            c._put(sig)
        c._expire()
        return c

    def replace(self, sig: StorySignature) -> None:
        """Take a story as written elsewhere (another process placed articles in it):
        the signature replaces what this clusterer knew of the story, or adds it.
        Idempotent; a story whose last article is outside the window is dropped."""
        old = self._stories.get(sig.story_id)
        if old is not None:
            self._drop(old)
        self._put(sig)
        self._expire()

    def discard(self, story_id: str) -> None:
        """Forget a story (e.g. one whose placement was never stored)."""
        s = self._stories.get(story_id)
        if s is not None:
            self._drop(s)

    @property
    def cutoff(self) -> datetime | None:
        """Articles published before this fall outside the window (``place_past``)."""
        return utc(self._now - self.window) if self._now > -math.inf else None

    def place_past(self, item: StoryInput, signatures: Iterable[StorySignature],
                   features: Features | None = None) -> tuple[StoryDecision, StorySignature]:
        """Place an article published before the window among the stories of its own time.

        A first crawl brings a feed's backlog in any order: a story of 18 days ago has left
        this clusterer when its second outlet's report arrives. The caller reads the stories
        around the article's date back from storage; they go into a sibling clusterer with
        these parameters and document frequencies (shared, so the article is counted once).
        """
        past = copy.copy(self)
        past._stories, past._index, past._expiry, past._idf2 = {}, {}, [], {}
        for sig in signatures:
            past._put(sig)
        past._now = item.published.timestamp()
        past._expire()  # only stories within the window of the article's own date remain
        decision = past.add(item, features)
        self._n, self._df = past._n, past._df  # (a pruned vocabulary is a new dict)
        signature = past.signature(decision.story_id)
        assert signature is not None  # the article's own story is inside its window
        return decision, signature

    @property
    def active_stories(self) -> int:
        return len(self._stories)

    # ------------------------------------------------------------ internals

    def _boilerplate(self, feats: Features) -> bool:
        """Whether most of the body's first shingle hashes were seen before under
        ``boilerplate_headlines`` headlines that share no term with this one's; then
        remember this body under this headline. A wire copy keeps its event's words in
        the headline; a template body turns up under any headline."""
        if (not self.boilerplate_headlines or not feats.title_terms
                or feats.words < BOILERPLATE_WORDS):
            return False
        mine = feats.title_terms
        prints = feats.sketch[: self.boilerplate_prints]
        bodies = self._bodies
        seen = 0
        for h in prints:
            heads = bodies.get(h, ())
            if sum(1 for t in heads if not t & mine) >= self.boilerplate_headlines:
                seen += 1
            if len(heads) < 4 and mine not in heads:
                bodies[h] = (*heads, mine)
        if len(bodies) > self.max_boilerplate:  # forget the older half
            for h in list(islice(bodies, len(bodies) // 2)):
                del bodies[h]
        return 2 * seen > len(prints)

    def _put(self, sig: StorySignature) -> None:
        s = LiveStory(sig.story_id, sig.headline, sig.first_seen.timestamp(),
                   sig.last_seen.timestamp(), sig.size, dict(sig.terms),
                   [(a, tuple(k)) for a, k in sig.members], names=dict(sig.names),
                   titles=[frozenset(t) for t in sig.titles][-self.member_prints:])
        self._stories[s.id] = s
        self._now = max(self._now, s.last_seen)
        heapq.heappush(self._expiry, (s.last_seen, s.id))  # an older entry of the id is skipped
        self._reindex(s)

    def _candidates(self, feats: Features, ts: float) -> list[LiveStory]:
        idf = self._idf
        query = sorted(((w * idf(t), t) for t, w in feats.weights.items()), reverse=True)
        hits: dict[str, float] = {}
        for qw, term in query[: self.query_terms]:
            posting = self._index.get(term)
            if not posting:
                continue
            for n, sid in enumerate(reversed(posting)):
                if n == self.max_posting:
                    break
                hits[sid] = hits.get(sid, 0.0) + qw
        best = sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))[: self.max_candidates]
        out = []
        for sid, _ in best:
            s = self._stories[sid]
            if s.first_seen - self.window <= ts <= s.last_seen + self.keep:
                out.append(s)
        return out

    def _prune(self, s: LiveStory) -> None:
        if len(s.centroid) > 1.25 * self.centroid_terms:
            idf = self._idf
            top = sorted(s.centroid.items(), key=lambda kv: (-kv[1] * idf(kv[0]), kv[0]))
            s.centroid = dict(top[: self.centroid_terms])
        if len(s.names) > 60:
            s.names = dict(sorted(s.names.items(), key=lambda kv: (-kv[1], kv[0]))[:30])

    def _drop(self, s: LiveStory) -> None:
        for t in s.indexed:
            posting = self._index.get(t)
            if posting is not None:
                posting.pop(s.id, None)
                if not posting:
                    del self._index[t]
        del self._stories[s.id]

    def _learn(self, feats: Features) -> None:
        self._n += 1
        df = self._df
        for t in feats.weights:
            df[t] = df.get(t, 0) + 1
        if len(df) > self.max_vocabulary:  # forget the rarest half, deterministically
            keep = sorted(df.items(), key=lambda kv: (-kv[1], kv[0]))[: self.max_vocabulary // 2]
            self._df = dict(keep)

    def _new_story(self, item: StoryInput, ts: float) -> LiveStory:
        sid = item.id
        n = 1
        while sid in self._stories:  # an id reused inside the window
            n += 1
            sid = f"{item.id}~{n}"
        s = LiveStory(sid, item.title.strip(), ts, ts)
        self._stories[sid] = s
        return s

    def _join(self, s: LiveStory, article_id: str, feats: Features, ts: float) -> None:
        norm = math.sqrt(sum(w * w for w in feats.weights.values())) or 1.0
        c = s.centroid
        for t, w in feats.weights.items():
            c[t] = c.get(t, 0.0) + w / norm
        for t in feats.names:
            if t in feats.weights:
                s.names[t] = s.names.get(t, 0.0) + feats.weights[t] / norm
        self._prune(s)
        s.norm_at = -1
        s.size += 1
        s.first_seen = min(s.first_seen, ts)
        if ts > s.last_seen or s.size == 1:
            s.last_seen = max(s.last_seen, ts)
            heapq.heappush(self._expiry, (s.last_seen, s.id))
        s.members.append((article_id, feats.sketch))
        del s.members[: -self.member_prints]
        s.titles.append(feats.title_terms)
        del s.titles[: -self.member_prints]
        self._reindex(s)

    def _reindex(self, s: LiveStory) -> None:
        idf = self._idf
        top = sorted(s.centroid.items(), key=lambda kv: (-kv[1] * idf(kv[0]), kv[0]))
        want = {t for t, _ in top[: self.index_terms]}
        for t in s.indexed - want:
            posting = self._index.get(t)
            if posting is not None:
                posting.pop(s.id, None)
                if not posting:
                    del self._index[t]
        for t in want:
            posting = self._index.setdefault(t, {})
            posting.pop(s.id, None)  # move to the recent end
            posting[s.id] = None
        s.indexed = want

    def _expire(self) -> None:
        cutoff = self._now - self.keep
        heap = self._expiry
        while heap and heap[0][0] < cutoff:
            last, sid = heapq.heappop(heap)
            s = self._stories.get(sid)
            if s is None or s.last_seen != last:
                continue  # stale entry: the story was updated or merged since
            self._drop(s)
