"""Full-text search in storage, on the backend under test (FTS5 or tsvector)."""

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from tagwire.search import parse_query
from tagwire.store import open_storage
from tagwire.store.search import fts5_string
from tagwire.types import NewArticle, TagAssignment

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def storage(database_url):
    s = open_storage(database_url)
    yield s
    s.close()


def _add(storage, source_id, n, title, body, days_old=1.0, tags=()):
    published = NOW - timedelta(days=days_old)
    new = NewArticle(url=f"https://news.example/{n}", source_id=source_id, feed_id=None, title=title,
                     text=body, excerpt=body[:80], published=published, fetched_at=published,
                     guid=None, tags=tuple(TagAssignment(tag=t, label=t, score=0.5, kind="topic", why="t")
                                           for t in tags))
    return storage.upsert_article(new)[0]


def _titles(storage, q, limit=20):
    return [a.title for a in storage.search_articles(parse_query(q), limit, now=NOW)]


@pytest.fixture
def corpus(storage):
    herald, courier = storage.add_source("Herald"), storage.add_source("Courier")
    _add(storage, herald.id, 1, "Floods close the ring road", "Heavy rain overnight.", tags=("floods",))
    _add(storage, herald.id, 2, "Council meets", "The floods cost the city two million pounds.")
    _add(storage, courier.id, 3, "Investigators gate-crash the party", "A party at the gate.")
    _add(storage, courier.id, 4, "Price cap rises", "The energy price cap rises in April.")
    _add(storage, courier.id, 5, "Cap on prices", "Shops price goods higher; no cap agreed.")
    _add(storage, herald.id, 6, "Café reopens", "The café on the square reopens.")
    return herald, courier


def test_words_match_whole_words_with_stemming(storage, corpus):
    # "flood" finds "Floods" and "floods" (stemming), in the title or the text
    assert set(_titles(storage, "flood")) == {"Floods close the ring road", "Council meets"}
    # whole words, not substrings: "vest" is not found inside "Investigators"
    assert _titles(storage, "vest") == []
    assert _titles(storage, "investigator") == ["Investigators gate-crash the party"]
    assert _titles(storage, "café") == ["Café reopens"]
    if storage.engine.dialect.name == "sqlite":  # PostgreSQL folds accents only with unaccent
        assert _titles(storage, "cafe") == ["Café reopens"]


def test_phrases_need_their_words_adjacent(storage, corpus):
    assert _titles(storage, '"price cap"') == ["Price cap rises"]
    assert set(_titles(storage, "price cap")) == {"Price cap rises", "Cap on prices"}


def test_exclusions_tags_sources_and_dates_combine(storage, corpus):
    assert _titles(storage, "floods -ring") == ["Council meets"]
    assert _titles(storage, "party -gate") == []
    assert _titles(storage, "#floods") == ["Floods close the ring road"]
    assert _titles(storage, "flood -#floods") == ["Council meets"]
    assert _titles(storage, 'source:courier cap') != [] and \
        set(_titles(storage, "source:courier cap")) == {"Price cap rises", "Cap on prices"}
    assert _titles(storage, "flood source:courier") == []


def test_fts_syntax_typed_by_a_user_is_only_text(storage, corpus):
    for q in ['NEAR(price cap)', 'title:floods', 'pri*', '"', 'a OR b', "floods AND", "^floods", "—"]:
        storage.search_articles(parse_query(q), 10, now=NOW)  # no error from the engine
    assert fts5_string('say "hi"') == '"say ""hi"""'
    assert fts5_string("— …") is None


def test_ranking_weighs_the_headline_and_recency(storage):
    src = storage.add_source("Herald")
    _add(storage, src.id, 1, "Budget day", "The chancellor spoke about the budget deficit.", days_old=1)
    _add(storage, src.id, 2, "Deficit warning", "Economists warn.", days_old=1)
    # same age: the headline match ranks first
    assert _titles(storage, "deficit")[0] == "Deficit warning"
    # an equal match from last month falls behind today's
    _add(storage, src.id, 3, "Deficit grows", "Economists warn.", days_old=40)
    _add(storage, src.id, 4, "Deficit shrinks", "Economists warn.", days_old=0.1)
    ranked = _titles(storage, "deficit")
    assert ranked.index("Deficit shrinks") < ranked.index("Deficit warning") < ranked.index("Deficit grows")


def test_the_index_follows_edits_and_deletes(storage):
    src = storage.add_source("Herald")
    article_id = _add(storage, src.id, 1, "Storm Bert arrives", "Winds of 70mph.")
    assert _titles(storage, "bert") == ["Storm Bert arrives"]
    _add(storage, src.id, 1, "Storm Conall arrives", "Winds of 70mph.")  # same URL: an edit
    assert _titles(storage, "bert") == [] and _titles(storage, "conall") == ["Storm Conall arrives"]
    with storage.write("x") as conn:
        conn.execute(text("DELETE FROM article_tags WHERE article_id = :i"), {"i": article_id})
        conn.execute(text("DELETE FROM articles WHERE id = :i"), {"i": article_id})
    assert _titles(storage, "conall") == []


def test_the_full_text_index_is_used(storage, corpus):
    """The plan reads the index, not every article."""
    with storage.read("x") as conn:
        if storage.engine.dialect.name == "sqlite":
            plan = " ".join(str(r) for r in conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'flood'"))
            assert "VIRTUAL TABLE INDEX" in plan
        else:
            conn.exec_driver_sql("SET enable_seqscan = off")
            plan = " ".join(str(r) for r in conn.exec_driver_sql(
                "EXPLAIN SELECT id FROM articles WHERE search_vector @@ plainto_tsquery('english', 'flood')"))
            assert "ix_articles_search" in plan
