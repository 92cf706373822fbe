"""The evidence that an article belongs to a story: its score against one candidate. PURE.

``StoryEvidence`` is the scoring half of ``StoryClusterer`` (a mixin: it reads the
clusterer's parameters, its document frequencies ``_df`` / ``_n`` and the squared-IDF
memo ``_idf2`` of the article being placed, and changes nothing but that memo and a
story's cached norm). The score of an article against a story is the cosine of the
article with the story's centroid under the current IDF, blended with the cosine of
their names, less a penalty for each sign of a look-alike event (main names, latest
years, figures), plus the likeness of its headline to the members' headlines; past the
window only a follow-up that shares the story's own names scores at all.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

from tagwire.enrich._stories_model import YEARS, LiveStory, shortness
from tagwire.enrich._stories_text import Features, resemblance

# a name is the story's own only against a corpus: a new instance's first articles all
# look rare, so the lookback waits for this many documents
LOOKBACK_DOCUMENTS = 500


class StoryEvidence:
    """Scores of one article against candidate stories (see the module docstring)."""

    # set by ``StoryClusterer.__init__``
    window: float
    threshold: float
    short_threshold: float
    name_weight: float
    conflict_penalty: float
    year_penalty: float
    number_penalty: float
    min_numbers: int
    time_penalty: float
    title_weight: float
    title_floor: float
    title_match: float
    name_match: float
    lookback_names: float
    duplicate_threshold: float
    sketch_size: int
    _df: dict[str, int]
    _n: int
    _idf2: dict[str, float]

    def _idf(self, term: str) -> float:
        return math.log((self._n + 1) / (self._df.get(term, 0) + 1)) + 1.0

    def _threshold(self, feats: Features) -> float:
        """``short_threshold`` for a summary of 20 terms or fewer, ``threshold``
        for an article of 100 or more, log-interpolated between."""
        x = 1.0 - shortness(feats)
        return self.short_threshold + x * (self.threshold - self.short_threshold)

    def _signals(self, feats: Features, qnorm: float, s: LiveStory, ts: float) -> tuple[float, ...]:
        """(cosine, name cosine, has names, shared numbers, shortness, time gap,
        log story size) of an article against one story."""
        idf2 = self._idf2
        dot = 0.0
        centroid = s.centroid
        for t, q in feats.weights.items():
            w = centroid.get(t)
            if w is not None:
                i2 = idf2.get(t)
                if i2 is None:
                    i2 = idf2[t] = self._idf(t) ** 2
                dot += q * w * i2
        cos = dot / (qnorm * self._norm(s)) if dot else 0.0
        has_names = 1.0 if len(feats.names) >= 2 and s.names else 0.0
        name_cos = self._name_cos(feats, s) if has_names else 0.0
        numbers = [n for n in feats.numbers if n in s.centroid]
        shared = min(len(numbers), 3) / 3.0
        gap = max(0.0, ts - s.last_seen, s.first_seen - ts) / self.window
        return (cos, name_cos, has_names, shared, shortness(feats), gap, math.log(s.size))

    def _norm(self, s: LiveStory) -> float:
        """Length of the story's IDF-weighted centroid, recomputed when the
        story changed or the document count grew by 5 % since."""
        if s.norm_at < 0 or self._n > 1.05 * s.norm_at + 10:
            idf = self._idf
            s.norm = math.sqrt(sum((w * idf(t)) ** 2 for t, w in s.centroid.items())) or 1.0
            s.norm_at = self._n
        return s.norm

    def _score(self, feats: Features, qnorm: float, s: LiveStory, ts: float) -> float:
        cos, name_cos, has_names, _, _, gap, _ = self._signals(feats, qnorm, s, ts)
        title = self._title_sim(feats, s) if feats.title_terms and s.titles else 0.0
        if ts - s.last_seen > self.window and not self._follow_up(feats, s, name_cos):
            return -1.0
        if self.name_weight and has_names:
            cos = (1 - self.name_weight) * cos + self.name_weight * name_cos
        # headlines that agree outweigh differing main names: a follow-up names the
        # suspect or the street where the first report named the victim or the town;
        # so do names that mostly agree when the headlines share a word ("Md." and
        # "Maryland" as the main names of one shooting in District Heights)
        excused = (bool(self.title_match) and title >= self.title_match) or (
            bool(self.name_match) and name_cos >= self.name_match and title > 0.0)
        if self.conflict_penalty and has_names and not excused and self._conflict(feats, s):
            cos -= self.conflict_penalty
        if self.year_penalty and self._year_conflict(feats, s):
            cos -= self.year_penalty
        if self.number_penalty and self._number_conflict(feats, s):
            cos -= self.number_penalty
        if self.title_weight and feats.title_terms and s.titles:
            # a full article's headline against its members' headlines: the few words an
            # editor picked for the event, apart from body boilerplate and side stories;
            # a summary's headline is most of its text already, so it counts little there
            long = (1.0 - shortness(feats)) ** 2
            cos += long * self.title_weight * (title - self.title_floor)
        return cos - self.time_penalty * gap

    def _follow_up(self, feats: Features, s: LiveStory, name_cos: float) -> bool:
        """Past the window (``lookback_hours``), the same event only when its names mostly
        agree and one of them is the story's own: seen in hardly any article outside it
        (a victim's or a suspect's surname at a plea weeks later, not a city's name, which
        other shootings of those weeks share)."""
        if name_cos < self.lookback_names or self._n < LOOKBACK_DOCUMENTS:
            return False
        own = s.size + 2  # the story's articles, and a stray mention or two
        return any(t in s.names and self._df.get(t, 0) <= own for t in feats.names)

    def _conflict(self, feats: Features, s: LiveStory) -> bool:
        """The article's main name is not in the story and the story's main
        name is not in the article: probably a look-alike event."""
        idf = self._idf
        mine = max(((feats.weights.get(t, 0.0) * idf(t), t) for t in feats.names), default=None)
        theirs = max(((w * idf(t), t) for t, w in s.names.items()), default=None)
        if mine is None or theirs is None:
            return False
        return mine[1] not in s.centroid and theirs[1] not in feats.weights

    def _year_conflict(self, feats: Features, s: LiveStory) -> bool:
        """The latest year the article mentions is not in the story, and the story's
        latest year is not in the article: e.g. a patch of 2013 and one of 2008.
        Years after the publication year (targets, forecasts) do not count."""
        if not feats.years:
            return False
        latest = str(datetime.fromtimestamp(s.last_seen, tz=UTC).year)
        theirs = max((t for t in s.centroid if t in YEARS and t <= latest), default=None)
        return theirs is not None and max(feats.years) not in s.centroid and theirs not in feats.weights

    def _number_conflict(self, feats: Features, s: LiveStory) -> bool:
        """Both mention ``min_numbers`` or more numbers other than years (scores, counts,
        ages) and share none: e.g. a 27-24 loss and a 20-13 win."""
        mine = feats.numbers - feats.years
        if len(mine) < self.min_numbers or any(n in s.centroid for n in mine):
            return False
        theirs = sum(1 for t in s.centroid if t[0].isdigit() and t not in YEARS)
        return theirs >= self.min_numbers

    def _title_sim(self, feats: Features, s: LiveStory) -> float:
        """Best IDF²-weighted cosine of the article's headline terms with the headline
        terms of one of the story's recent members."""
        idf2 = self._idf2

        def weight(t: str) -> float:
            w = idf2.get(t)
            if w is None:
                w = idf2[t] = self._idf(t) ** 2
            return w

        mine = sum(weight(t) for t in feats.title_terms)
        best = 0.0
        for theirs in s.titles:
            shared = sum(weight(t) for t in feats.title_terms & theirs)
            if shared:
                best = max(best, shared / math.sqrt(mine * sum(weight(t) for t in theirs)))
        return best

    def _name_cos(self, feats: Features, s: LiveStory) -> float:
        idf = self._idf
        q = {t: feats.weights[t] * idf(t) for t in feats.names if t in feats.weights}
        dot = norm = 0.0
        for t, w in s.names.items():
            w *= idf(t)
            norm += w * w
            dot += w * q.get(t, 0.0)
        qn = math.sqrt(sum(v * v for v in q.values()))
        return dot / (qn * math.sqrt(norm)) if norm and qn else 0.0

    def _duplicate(self, feats: Features, scored: list[tuple[float, LiveStory]]
                   ) -> tuple[str | None, LiveStory | None, float]:
        best: tuple[float, str | None, LiveStory | None] = (0.0, None, None)
        for score, s in scored[:5]:
            if score < 0.5 * self.threshold:
                break
            for aid, sk in s.members:
                r = resemblance(feats.sketch, sk, self.sketch_size)
                if r > best[0]:
                    best = (r, aid, s)
        if best[0] >= self.duplicate_threshold and feats.words >= 8:
            return best[1], best[2], best[0]
        return None, None, best[0]
