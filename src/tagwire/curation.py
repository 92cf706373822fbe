"""The facade's hashtag curation: topics with rules, merges, the blocklist, trending, related.

A mixin of ``Tagwire`` (core.py): it validates, then delegates to storage and to
the pure code in ``enrich/`` (rules.py, canonical.py, trending.py).

Merges and blocks are read by every tagging path (``Tagwire.enrich``: crawl,
``topics apply``, ``analyze``) from a copy kept ``RULES_TTL`` seconds, so a crawl
does not query them per article; a change made in this process applies at once,
one made by another process (the CLI beside a running crawler) within that time.
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Sequence

from .enrich.canonical import (
    FOLDED_KINDS,
    HashtagRule,
    HashtagRules,
    canonicalise,
    check_merge,
    fold_numbers,
    number_forms,
    number_key,
    resolve,
)
from .enrich.hashtags import normalise_tag, typed_tag
from .enrich.rules import parse_rule
from .enrich.trending import (
    BASELINE_DAYS,
    MAX_CANDIDATES,
    MIN_SUPPORT,
    RECENT_HOURS,
    RELATED_DAYS,
    RelatedTag,
    TrendingTag,
    rank_related,
    top_trending,
)
from .errors import InvalidInputError, NotFoundError
from .types import TagAssignment, Topic

if TYPE_CHECKING:
    from .enrich import Enrichment

RULES_TTL = 30.0
TRENDING_TTL = 120.0  # trending reads two weeks of tags: every page may show a list up to this old
TRENDING_KEPT = 20  # computed once for the home page (10), the tag page (8) and small API calls
MAX_TAG_LENGTH = 100  # hashtags.tag is String(100)
NUMBER_FORMS_KEPT = 200_000  # key phrases whose number form one `analyze` run settled; later ones are looked up


class CurationMixin:
    _rules_cache: tuple[float, HashtagRules, dict[str, str]] | None = None
    _trending_cache: tuple[float, list[TrendingTag]] | None = None

    @staticmethod
    def canonical_tag(tag: str) -> str:
        """A hashtag as a person typed it ("#RapeGangs") in canonical form; InvalidInputError if none."""
        return _tag_input(tag)

    # -- topics ----------------------------------------------------------------
    def add_topic(self, tag: str, phrases: Sequence[str] = (), label: str | None = None,
                  exclude: Sequence[str] = (), rule: str | None = None) -> Topic:
        """Define or replace a curated topic: any of its phrases, or its rule, tags an article."""
        canonical = _tag_input(tag)
        # a NUL typed into a form or an API body means nothing and PostgreSQL text cannot hold it
        phrases, exclude = [p.replace("\x00", "") for p in phrases], [e.replace("\x00", "") for e in exclude]
        label, rule = (label or "").replace("\x00", "") or None, (rule or "").replace("\x00", "") or None
        phrases = tuple(" ".join(p.split()) for p in phrases if p.strip())
        rule_text = parse_rule(rule).text if rule is not None and rule.strip() else None
        if not phrases and rule_text is None:
            raise InvalidInputError(f"topic #{canonical} needs at least one phrase or a rule")
        topic = Topic(tag=canonical, label=(label or (phrases[0] if phrases else canonical)).strip(),
                      phrases=phrases, exclude=tuple(e.strip() for e in exclude if e.strip()), rule=rule_text)
        self.storage.save_topic(topic)
        self._topics = None
        return topic

    # -- merges and the blocklist --------------------------------------------------
    def hashtag_rules(self) -> list[HashtagRule]:
        """Every merged or blocked hashtag, with where its merge chain ends."""
        rows = self.storage.hashtag_rule_rows()
        merges = {tag: into for tag, _, into, _ in rows if into}
        return [HashtagRule(tag=tag, label=label, merged_into=into, target=resolve(tag, merges) if into else None,
                            blocked=bool(blocked)) for tag, label, into, blocked in rows]

    def merge_hashtag(self, source: str, target: str) -> int:
        """Merge source into target: its articles move now, later tagging follows. Returns articles moved."""
        source, target = _tag_input(source), _tag_input(target)
        rules = self._fresh_rules()
        check_merge(source, target, rules.merges, rules.blocked)
        known = self.storage.hashtag_labels([target]) or any(t.tag == target for t in self.topics())
        if not known:
            raise NotFoundError(f"no hashtag #{target} to merge into")
        moved = self.storage.set_hashtag_merge(source, target)
        self._rules_cache = self._trending_cache = None
        return moved

    def unmerge_hashtag(self, source: str) -> int:
        """Undo a merge: later tagging keeps source, and the articles the merge moved get it back."""
        source = _tag_input(source)
        merges = self._fresh_rules().merges
        chain, tag = [], source
        while tag in merges and merges[tag] not in chain and len(chain) < 100:
            tag = merges[tag]
            chain.append(tag)
        moved = self.storage.clear_hashtag_merge(source, chain or [source])
        self._rules_cache = self._trending_cache = None
        return moved

    def block_hashtag(self, tag: str) -> int:
        """The tag leaves every article and is never assigned again; returns articles it left."""
        tag = _tag_input(tag)
        removed = self.storage.set_hashtag_blocked(tag, True)
        self._rules_cache = self._trending_cache = None
        return removed

    def unblock_hashtag(self, tag: str) -> None:
        """Later tagging may assign the tag again (``topics apply`` re-tags stored articles)."""
        tag = _tag_input(tag)
        if tag not in self._fresh_rules().blocked:
            raise NotFoundError(f"#{tag} is not blocked")
        self.storage.set_hashtag_blocked(tag, False)
        self._rules_cache = self._trending_cache = None

    def hashtag_for(self, typed: str) -> str:
        """The stored tag a typed one means: /tag/, its feeds and /api/v1/hashtags/ answer 301 to
        it when it differs (case, "#", accents, hyphens; a merged tag's target)."""
        spelt = typed_tag(typed)
        return self.hashtag_redirect(spelt) or spelt

    def hashtag_redirect(self, tag: str) -> str | None:
        """Where a merged hashtag's pages now live; None for a tag that is not merged."""
        if not tag or len(tag) > MAX_TAG_LENGTH or self.storage.merged_into(tag) is None:
            return None
        return resolve(tag, self._fresh_rules().merges)

    def blocked_hashtags(self) -> frozenset[str]:
        return self._rules()[0].blocked

    def canonical_enrichment(self, enrichment: "Enrichment",
                             number_forms: dict[str, tuple[str, str]] | None = None) -> "Enrichment":
        """An enrichment with key phrases in the corpus's number form, merged tags renamed to
        their target and blocked tags dropped.

        ``number_forms``: a batch that stores nothing (``analyze``) passes one dict for all its
        rows, so the number form its first row used is the one its later rows get."""
        enrichment = self._folded_numbers(enrichment, number_forms)
        rules, labels = self._rules()
        if not rules.merges and not rules.blocked:
            return enrichment
        return replace(enrichment, tags=canonicalise(enrichment.tags, rules, labels))

    def _folded_numbers(self, enrichment: "Enrichment",
                        chosen: dict[str, tuple[str, str]] | None) -> "Enrichment":
        """"police force" here and "police forces" stored: one tag (``fold_numbers``).

        One query per article, for the other spellings of its key phrases among the tags
        stored as key phrases (a team's "#lions" is no zoo's "lion"). Nothing is cached
        across calls: several crawlers share one database, and what it holds is the answer."""
        phrases = [t.tag for t in enrichment.tags if t.kind in FOLDED_KINDS]
        if not phrases:
            return enrichment
        settled = chosen or {}
        unseen = sorted({f for t in phrases if number_key(t) not in settled for f in number_forms(t)})
        known = self.storage.hashtag_labels(unseen, kinds=FOLDED_KINDS) if unseen else {}
        tags = fold_numbers(enrichment.tags, known, settled)
        if chosen is not None and len(chosen) < NUMBER_FORMS_KEPT:
            for t in tags:
                if t.kind in FOLDED_KINDS:
                    chosen.setdefault(number_key(t.tag), (t.tag, t.label))
        return replace(enrichment, tags=tags)

    def _rules(self) -> tuple[HashtagRules, dict[str, str]]:
        cached = self._rules_cache
        if cached is None or time.monotonic() - cached[0] > RULES_TTL:
            rules = self._fresh_rules()
            labels = self.storage.hashtag_labels(sorted(set(rules.merges.values())))
            cached = self._rules_cache = (time.monotonic(), rules, labels)
        return cached[1], cached[2]

    def _fresh_rules(self) -> HashtagRules:
        rows = self.storage.hashtag_rule_rows()
        return HashtagRules(merges={tag: into for tag, _, into, _ in rows if into},
                            blocked=frozenset(tag for tag, _, _, blocked in rows if blocked))

    # -- explanations, trending, related ----------------------------------------------
    def article_hashtags(self, article_id: int) -> list[TagAssignment]:
        """An article's hashtags with kind, score and why each is there."""
        return list(self.article(article_id).tags)

    def trending_hashtags(self, limit: int = 10) -> list[TrendingTag]:
        """Tags more outlets carry in the last day than usually do (``enrich/trending.py``)."""
        limit = min(max(limit, 1), 100)
        cached = self._trending_cache
        if cached is not None and time.monotonic() - cached[0] <= TRENDING_TTL and len(cached[1]) >= limit:
            return cached[1][:limit]
        recent_start = _now() - timedelta(hours=RECENT_HOURS)
        ranked = top_trending(self.storage.recent_tag_outlets(recent_start),
                              lambda tags: self.storage.tag_outlets_by_day(tags, recent_start, BASELINE_DAYS),
                              max(limit, TRENDING_KEPT))
        labels = self.storage.hashtag_labels([t.tag for t in ranked])
        ranked = [replace(t, label=labels.get(t.tag, t.tag)) for t in ranked]
        self._trending_cache = (time.monotonic(), ranked)
        return ranked[:limit]

    def related_hashtags(self, tag: str, limit: int = 10) -> list[RelatedTag]:
        """Tags that keep company with this one over the last ``RELATED_DAYS`` days."""
        info = self._hashtag(tag)
        since = _now() - timedelta(days=RELATED_DAYS)
        own, together, counts, total = self.storage.tag_cooccurrence(info.tag, since, MAX_CANDIDATES, MIN_SUPPORT)
        ranked = rank_related(own, together, counts, total, min(max(limit, 1), 100))
        labels = self.storage.hashtag_labels([r.tag for r in ranked])
        return [replace(r, label=labels.get(r.tag, r.tag)) for r in ranked]


def _tag_input(tag: str) -> str:
    """A hashtag a person typed ("#RapeGangs") in canonical form; one-line error otherwise."""
    canonical = normalise_tag((tag or "").strip().lstrip("#"))
    if not canonical:
        raise InvalidInputError(f"not a usable hashtag: {tag[:60]!r}")
    if len(canonical) > MAX_TAG_LENGTH:
        raise InvalidInputError(f"hashtag longer than {MAX_TAG_LENGTH} characters: #{canonical[:60]}…")
    return canonical


def _now() -> datetime:
    return datetime.now(timezone.utc)
