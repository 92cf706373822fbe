"""Trending (distinct outlets against the tag's own baseline) and related tags (co-occurrence with support)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from lxml import html as lxml_html
from starlette.testclient import TestClient

from tagwire.enrich.trending import (
    rank_related,
    rank_trending,
    top_trending,
    trend_score,
)
from tagwire.types import NewArticle, TagAssignment
from tagwire.web import create_app

NOW = datetime.now(timezone.utc).replace(microsecond=0)


def tag(name):
    return TagAssignment(tag=name, label=name.title(), score=0.8, kind="keyphrase", why="test")


class Corpus:
    def __init__(self, tw):
        self.tw, self.n, self.sources = tw, 0, {}

    def add(self, outlet, age, *tags):
        if outlet not in self.sources:
            self.sources[outlet] = self.tw.storage.add_source(outlet).id
        self.n += 1
        self.tw.storage.upsert_article(NewArticle(
            url=f"https://{outlet}.example/{self.n}", source_id=self.sources[outlet], feed_id=None,
            title=f"Story {self.n}", text="Body.", excerpt="Body.", published=NOW - age, fetched_at=NOW,
            tags=tuple(tag(t) for t in tags)))


# ---------------------------------------------------------------- pure


def test_two_outlets_today_beat_one_outlet_repeating_daily():
    counts = {
        "ferrystrike": {0: 2},  # new today, two outlets
        "weather": {d: 1 for d in range(15)},  # one outlet, every day
        "oneoff": {0: 1},  # new today, one outlet
    }
    ranked = rank_trending(counts, limit=10)
    assert [t.tag for t in ranked] == ["ferrystrike", "oneoff"]
    assert ranked[0].outlets == 2 and ranked[0].baseline == 0
    assert trend_score(2, 0) > trend_score(1, 0) > trend_score(1, 1) == 0


def test_top_trending_is_exact_and_reads_few_baselines():
    recent = {"big": 9, "news": 5, **{f"once{i}": 1 for i in range(500)}}
    history = {"big": {d: 9 for d in range(1, 15)}}
    asked = []

    def baselines(tags):
        asked.append(len(tags))
        return {t: history.get(t, {}) for t in tags}

    found = top_trending(recent, baselines, limit=1, batch=2)
    everything = rank_trending({t: {0: n, **history.get(t, {})} for t, n in recent.items()}, limit=1)
    assert found == everything and found[0].tag == "news"
    assert asked == [2]  # "big" and "news"; no one-outlet tag can beat 5, so none is read


def test_a_surge_over_a_busy_baseline_still_trends_but_less_than_news():
    assert trend_score(6, 2.0) > 0 and trend_score(6, 2.0) < trend_score(4, 0.0)
    assert rank_trending({"x": {0: 1, **{d: 2 for d in range(1, 15)}}}, limit=5) == []  # below its usual day


def test_related_needs_support_and_more_than_chance():
    # #ferrystrike in 4 of 100 articles; #rmt with it 3 times out of 3; #uk in every article; #once met once
    ranked = rank_related(4, {"rmt": 3, "uk": 4, "once": 1, "union": 2}, {"rmt": 3, "uk": 100, "once": 1, "union": 30},
                          total=100, limit=10)
    assert [r.tag for r in ranked] == ["rmt", "union"]
    assert ranked[0].together == 3 and 0 < ranked[1].score < ranked[0].score <= 1


# ---------------------------------------------------------------- stored


@pytest.fixture
def corpus(tagwire):
    c = Corpus(tagwire)
    for day in range(15):  # the Daily Repeat carries #weather three times a day, every day
        for hour in (1, 5, 9):
            c.add("dailyrepeat", timedelta(days=day, hours=hour), "weather", "uk")
    c.add("herald", timedelta(hours=2), "ferrystrike", "rmt", "uk")
    c.add("courier", timedelta(hours=3), "ferrystrike", "rmt", "uk")
    c.add("courier", timedelta(days=2), "ferrystrike", "rmt", "uk")
    c.add("herald", timedelta(days=20), "ferrystrike")  # outside every window
    for n in range(5):  # one outlet repeating a brand-new tag today
        c.add("dailyrepeat", timedelta(hours=n + 1), "flowershow", "uk")
    return tagwire


def test_stored_two_outlets_beat_the_daily_repeater(corpus):
    found = corpus.trending_hashtags(limit=10)
    tags = [t.tag for t in found]
    assert tags[0] == "ferrystrike" and "weather" not in tags
    top = found[0]
    assert (top.label, top.outlets) == ("Ferrystrike", 2)
    assert top.baseline == pytest.approx(1 / 14, abs=1e-3)  # one outlet on one of the 14 days before
    assert tags.index("flowershow") > tags.index("ferrystrike")  # five articles, one outlet


def test_blocked_and_merged_tags_do_not_trend(corpus):
    corpus.block_hashtag("rmt")
    corpus.merge_hashtag("flowershow", "weather")
    tags = [t.tag for t in corpus.trending_hashtags(limit=10)]
    assert "rmt" not in tags and "flowershow" not in tags


def test_stored_related_tags(corpus):
    related = corpus.related_hashtags("ferrystrike")
    assert [r.tag for r in related] == ["rmt"]  # #uk is on nearly everything: no more than chance
    assert (related[0].together, related[0].count, related[0].label) == (3, 3, "Rmt")
    assert corpus.related_hashtags("weather") == []


def test_pages_and_api_show_trending_and_related(corpus):
    client = TestClient(create_app(corpus))
    home = lxml_html.fromstring(client.get("/").text)
    assert home.xpath("string(//section[@class='trending']/h2)") == "Trending now"
    assert home.xpath("//section[@class='trending']//li/a/text()")[0] == "#ferrystrike"
    page = lxml_html.fromstring(client.get("/tag/ferrystrike").text)
    assert page.xpath("//section[@class='related']//li/a/text()") == ["#rmt"]
    assert page.xpath("//section[@class='trending']//li/a/text()")[0] == "#ferrystrike"
    body = client.get("/api/v1/hashtags/trending?limit=1").json()
    assert [(t["tag"], t["outlets"]) for t in body["items"]] == [("ferrystrike", 2)]
    related = client.get("/api/v1/hashtags/ferrystrike/related").json()
    assert related["tag"] == "ferrystrike" and [(r["tag"], r["together"]) for r in related["items"]] == [("rmt", 3)]
    assert client.get("/api/v1/hashtags/nosuchtag/related").status_code == 404
    assert client.get("/api/v1/hashtags/trending?limit=0").status_code == 422
