"""enrich_article: topics first, automatic tags deduplicated, blocked dropped, limit."""

from __future__ import annotations

import dataclasses

import pytest

import tagwire.enrich as enrich
from tagwire.enrich import Enrichment, default_topics, enrich_article
from tagwire.types import CategoryAssignment, Topic

TITLE = "Grooming gangs review: Priya Raman orders councils to reopen files"
TEXT = """Every council in England will be told to reopen historic files on grooming gangs, Home Secretary Priya Raman announced on Wednesday, after a review found that warnings from social workers had been ignored.

The review, led by former chief inspector Margaret Holloway, examined 41 cases in Northfield. It concluded that grooming gangs in the town had exploited at least 160 girls.

Raman said the Home Office would fund a national taskforce. "Victims were let down again and again," Raman said. Holloway said the failures were "systemic".

Raman will meet police chiefs next week. The Home Office said further details would follow. Holloway's report is published in full on Thursday."""

GANGS = Topic("groominggangs", "grooming gangs", ("grooming gang", "grooming gangs", "rape gang"))
NHS = Topic("nhs", "NHS", ("NHS",))


def test_exports_are_pinned():
    assert sorted(enrich.__all__) == sorted([
        "TAXONOMY", "CategoryModel", "Enrichment", "automatic_tags", "categorize", "classify", "default_topics",
        "dump_topics", "enrich_article", "load_topics", "make_excerpt", "match_topics", "normalise_tag",
    ])


def test_enrichment_is_frozen():
    result = enrich_article(title=TITLE, text=TEXT)
    assert isinstance(result, Enrichment)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.excerpt = ""  # type: ignore[misc]


def test_topics_first_then_automatic_without_duplicates():
    result = enrich_article(title=TITLE, text=TEXT, topics=[NHS, GANGS])
    tags = [t.tag for t in result.tags]
    assert tags[0] == "groominggangs"
    assert result.tags[0].kind == "topic"
    assert "priyaraman" in tags and "homeoffice" in tags
    assert len(tags) == len(set(tags))
    assert "nhs" not in tags  # not mentioned
    # the automatic key phrase "grooming gangs" is the topic's tag: only the topic remains
    assert [t.kind for t in result.tags if t.tag == "groominggangs"] == ["topic"]


def test_topic_phrase_forms_cover_automatic_tags():
    # the topic's tag differs from the phrase, so only the phrase's form can match
    topic = Topic("cse", "child exploitation", ("grooming gang",))
    result = enrich_article(title=TITLE, text=TEXT, topics=[topic])
    tags = [t.tag for t in result.tags]
    assert tags[0] == "cse"
    assert "groominggangs" not in tags and "groominggang" not in tags


def test_without_topics_the_phrase_is_automatic():
    result = enrich_article(title=TITLE, text=TEXT)
    by_tag = {t.tag: t for t in result.tags}
    assert by_tag["groominggangs"].kind == "keyphrase"


def test_excluded_topic_also_hides_its_automatic_tag():
    topic = Topic("groominggangs", "grooming gangs", ("grooming gang",), exclude=("Northfield",))
    result = enrich_article(title=TITLE, text=TEXT, topics=[topic])
    assert "groominggangs" not in [t.tag for t in result.tags]


def test_blocked_tags_are_dropped_and_the_limit_still_filled():
    full = [t.tag for t in enrich_article(title=TITLE, text=TEXT, topics=[GANGS]).tags]
    assert full[:2] == ["groominggangs", "priyaraman"] and len(full) >= 4
    blocked = frozenset({"groominggangs", "priyaraman"})
    result = enrich_article(title=TITLE, text=TEXT, topics=[GANGS], blocked=blocked)
    assert [t.tag for t in result.tags] == full[2:]
    # a blocked tag frees its place for the next one
    result = enrich_article(title=TITLE, text=TEXT, topics=[GANGS], limit=3, blocked=frozenset({"priyaraman"}))
    assert [t.tag for t in result.tags] == [full[0], *full[2:4]]


@pytest.mark.parametrize("limit", [0, 1, 2, 5])
def test_limit(limit):
    result = enrich_article(title=TITLE, text=TEXT, topics=[GANGS], limit=limit)
    assert len(result.tags) <= limit
    if limit:
        assert result.tags[0].tag == "groominggangs"


def test_category_and_excerpt():
    result = enrich_article(title=TITLE, text=TEXT, url="https://x.example/news/uk-politics-4242")
    assert result.category == CategoryAssignment("Politics", 'URL segment "uk-politics" → Politics')
    assert result.excerpt.startswith("Every council in England")
    assert len(result.excerpt) <= 320
    assert result.excerpt.endswith(".")
    result = enrich_article(title=TITLE, text=TEXT, section="Crime", feed_categories=["Politics"])
    assert result.category.name == "UK"
    mapped = enrich_article(title=TITLE, text=TEXT, section="Crime", section_mapping={"crime": "Politics"})
    assert mapped.category.name == "Politics"


def test_with_default_topics():
    result = enrich_article(title=TITLE, text=TEXT, topics=default_topics())
    assert result.tags[0].tag == "groominggangs"
    assert result.tags[0].why.startswith("topic rule matched ")


def test_empty_article():
    result = enrich_article(title="", text="")
    assert result == Enrichment((), CategoryAssignment("General", "no text to classify → General"), "")
