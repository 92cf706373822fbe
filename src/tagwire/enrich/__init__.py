"""Enrichment: hashtags, category and excerpt of one article. PURE.

No I/O here beyond reading tagwire's own packaged data files (default topics,
section table) on first use: no database, no network. The crawler and the
batch ``analyze`` command call the same ``enrich_article``::

    title, text, url, section, feed categories
      → match_topics (curated rules)  ┐
      → automatic_tags (names, phrases) ┴→ merge by tag, drop blocked, limit
      → diversify (one tag per idea: "energy bills", not also "bills" and "higher energy bills")
      → classify (section table, then the text classifier)
      → make_excerpt
      → Enrichment
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from tagwire.enrich._foreign import foreign_tags, names_only
from tagwire.enrich.categories import TAXONOMY, categorize
from tagwire.enrich.classifier import DEFAULT_THRESHOLD, CategoryModel, classify, default_model
from tagwire.enrich.excerpt import make_excerpt
from tagwire.enrich.hashtags import automatic_tags, normalise_tag, singular
from tagwire.enrich.topics import dump_topics, load_topics, match_topics, scan_topics
from tagwire.extract.language import guess_language
from tagwire.types import CategoryAssignment, TagAssignment, Topic

__all__ = [
    "TAXONOMY",
    "Enrichment",
    "automatic_tags",
    "CategoryModel",
    "categorize",
    "classify",
    "default_topics",
    "dump_topics",
    "enrich_article",
    "load_topics",
    "make_excerpt",
    "match_topics",
    "normalise_tag",
]


@dataclass(frozen=True, slots=True)
class Enrichment:
    tags: tuple[TagAssignment, ...]
    category: CategoryAssignment
    excerpt: str
    language: str | None = None  # guessed from the text (language.py), for pages that do not say


@cache
def _packaged_topics() -> tuple[Topic, ...]:
    text = resources.files("tagwire").joinpath("data/topics.toml").read_text("utf-8")
    return tuple(load_topics(text))


def default_topics() -> list[Topic]:
    """The curated topics shipped with tagwire (``tagwire/data/topics.toml``)."""
    return list(_packaged_topics())


@lru_cache(maxsize=256)
def _topic_forms(topics: tuple[Topic, ...]) -> tuple[frozenset[str], frozenset[str]]:
    """Tags an automatic candidate could have for these topics, plural folded,
    and the single words of their phrases."""
    forms: set[str] = set()
    words: set[str] = set()
    for topic in topics:
        for value in (topic.tag, *(normalise_tag(p) for p in topic.phrases)):
            if value:
                forms.update((value, singular(value)))
        for phrase in topic.phrases:
            words.update(singular(w) for w in _phrase_words(phrase))
    return frozenset(forms), frozenset(words)


def _phrase_words(phrase: str) -> list[str]:
    return [t for t in (normalise_tag(w) for w in phrase.split()) if t]


def _covered(tag: TagAssignment, forms: frozenset[str], words: frozenset[str]) -> bool:
    """A topic already says this: same tag, a phrase's tag, or (for a single
    key word) a word of a topic phrase ("bills" under "energy bills")."""
    folded = singular(tag.tag)
    if tag.tag in forms or folded in forms:
        return True
    return tag.kind == "keyphrase" and " " not in tag.label and folded in words


_NAMES = frozenset({"person", "org", "place", "entity"})


def _words(label: str) -> set[str]:
    return {singular(w) for w in _phrase_words(label)}


def _diversify(
    tags: Sequence[TagAssignment], topic_words: frozenset[str], headline: set[str] = frozenset()
) -> list[TagAssignment]:
    """Drop a key phrase that starts or ends with a word of a better-ranked tag or a
    matched topic. The headline's own phrases are the story's subject: a topic's words
    do not hide them ("resident doctors" beside #nhs, whose phrases hold "junior doctors").

    Names are kept whole (two people may share a surname), but their words count,
    so "Holt review" does not follow "Miriam Holt". A reader gains nothing from
    #energybills, #bills and #higherenergybills on one card.
    """
    used: set[str] = set()
    kept = []
    for tag in tags:
        words = _words(tag.label)
        shown = used if words <= headline else used | topic_words
        if tag.kind not in _NAMES and _repeats_edge(tag.label, shown):
            continue
        kept.append(tag)
        used |= words
    return kept


def _repeats_edge(label: str, used: set[str]) -> bool:
    """The phrase starts or ends with a word already shown ("energy price cap" after
    #energybills, "Holt review" after #miriamholt); a word only in the middle is a
    different subject ("income tax thresholds" beside a budget topic's "tax rises")."""
    words = [singular(w) for w in _phrase_words(label)]
    return bool(words) and (words[0] in used or words[-1] in used)


#: what enrichment reads of an article: 200,000 characters is over 30,000 words, several
#: times the longest feature; beyond it the work grows and the tags do not change
MAX_TEXT_CHARS = 200_000
MAX_TITLE_CHARS = 1_000


def enrich_article(
    *,
    title: str,
    text: str,
    url: str | None = None,
    section: str | None = None,
    feed_categories: Sequence[str] = (),
    topics: Sequence[Topic] = (),
    limit: int = 10,
    blocked: frozenset[str] = frozenset(),
    section_mapping: Mapping[str, str] | None = None,
    category_model: CategoryModel | None = None,
    category_threshold: float = DEFAULT_THRESHOLD,
) -> Enrichment:
    """Tags (topics first, then automatic), category and excerpt of an article.

    A topic matched only once, outside the title, ranks among the automatic tags
    by its score (0.7) instead of before them; ``scan_topics`` gives it only when
    that mention is in the lead (further down it is a passing mention).

    An automatic tag is dropped when a matched (or excluded) topic covers it:
    same tag, or the canonical form of one of the topic's phrases, plural
    folded, or, for a key phrase, a word of one of its phrases or of a
    better-ranked tag. Blocked tags never appear. At most ``limit`` tags.
    ``section_mapping`` extends the section → category table; without a
    section signal, ``category_model`` (the shipped one when None) decides
    when it is at least ``category_threshold`` confident.
    """
    # a news article is far shorter; a 15 MB row given to `analyze` took 42 s of tagging
    title, text = title[:MAX_TITLE_CHARS], text[:MAX_TEXT_CHARS]
    scan = scan_topics(topics, title, text)
    language = guess_language(f"{title}\n{text}")
    matched = [t for t in scan.matches if t.tag not in blocked]
    tags = [t for t in matched if t.score >= 1.0][: max(limit, 0)]
    passing = [t for t in matched if t.score < 1.0]  # one mention, not in the title
    if len(tags) < limit:
        seen = {t.tag for t in matched}
        covering = tuple(t for t in topics if t.tag in seen or t.tag in scan.excluded)
        forms, words = _topic_forms(covering)
        # the tagger's lexicons read English: names only otherwise, taken before the cut to
        # ``limit`` so that the phrases it strips do not hold the places of names
        auto = automatic_tags(title, text, limit=3 * limit + len(blocked), names_only=names_only(language))
        auto = foreign_tags(auto, language)
        candidates = [
            tag for tag in auto
            if tag.tag not in blocked and tag.tag not in seen and not _covered(tag, forms, words)
        ]
        # a topic mentioned once in passing ranks with the automatic tags by its score,
        # not above all of them ("immigration decisions" in a story about an AI bill)
        ranked = sorted(passing + _diversify(candidates, words, _words(title)), key=lambda t: -t.score)
        tags += ranked[: limit - len(tags)]
    if (category_model or default_model()) is default_model() and language not in (None, "en"):
        # the shipped model reads English; an instance's own model (trained on its rows) may not
        category = categorize(url=url, section=section, feed_categories=feed_categories,
                              extra_mapping=section_mapping)
        if category.name == "General":
            category = CategoryAssignment("General", f"text in {language!r}, the built-in classifier reads "
                                                     "English only; no section signal → General")
    else:
        category = classify(
            title=title, text=text, url=url, section=section, feed_categories=feed_categories,
            model=category_model, threshold=category_threshold, extra_mapping=section_mapping,
        )
    return Enrichment(tags=tuple(tags), category=category, excerpt=make_excerpt(text), language=language)
