"""The instance's categories: configured taxonomy and section map, and learning from its own articles.

Real parts only: a loopback publisher crawled over HTTP, real databases (both backends),
the real classifier trained in the crawl's background thread.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

import pytest
from starlette.testclient import TestClient

from tagwire.core import make_tagwire
from tagwire.enrich.classifier import CategoryModel
from tagwire.errors import ConfigError
from tagwire.types import NewArticle
from tagwire.web import create_app

WORDS = {
    "Sport": ("striker goal league match midfielder penalty stadium fans season coach "
              "transfer keeper derby title squad injury fixture referee cup victory").split(),
    "Business": ("shares profits investors quarterly revenue market retailer bank interest "
                 "rates inflation sales chief executive merger dividend earnings growth firm").split(),
    "Health": ("patients hospital nurses doctors waiting list vaccine treatment clinic "
               "cancer diagnosis ward surgery symptoms prescription infection trial").split(),
}
NOW = datetime(2025, 11, 20, 12, tzinfo=timezone.utc)


def _text(label: str, rng: random.Random) -> tuple[str, str]:
    pool = WORDS[label]
    title = " ".join(rng.sample(pool, 5)).capitalize()
    sentences = [" ".join(rng.sample(pool, 9)).capitalize() + "." for _ in range(4)]
    return title, " ".join(sentences)


def _store(tw, n: int, labels=("Sport", "Business"), seed: int = 0, reason: str = 'section "{s}" → {c}',
           noisy: float = 0.0) -> None:
    """``n`` articles per label, categorised as if their publisher's section had said so."""
    rng = random.Random(seed)
    source = tw.storage.add_source("Test Herald", None)
    for label in labels:
        for i in range(n):
            title, text = _text(label, rng)
            stored = rng.choice(labels) if rng.random() < noisy else label
            tw.storage.upsert_article(NewArticle(
                url=f"https://herald.example/{label.lower()}/{seed}-{i}", source_id=source.id, feed_id=None,
                title=title, text=text, excerpt=text[:100], published=NOW - timedelta(minutes=i),
                fetched_at=NOW, category=stored, category_reason=reason.format(s=stored, c=stored)))


def _tw(settings, **changes):
    return make_tagwire(settings.replace(**changes))


# -- learning after a crawl ---------------------------------------------------------------
def test_a_crawl_that_brings_enough_publisher_labelled_articles_retrains_the_model(settings, server):
    rng = random.Random(1)
    items = []
    for label, feed_category in (("Sport", "Football"), ("Business", "Markets")):
        for i in range(22):
            title, text = _text(label, rng)
            path = f"/{label.lower()}/{i}"
            body = "".join(f"<p>{text} Paragraph {k} of the report.</p>" for k in range(3))
            server.set(path, f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
                             f"{body}</article></body></html>", Content_Type="text/html; charset=utf-8")
            items.append(f"<item><title>{title}</title><link>{server.url}{path}</link><guid>{path}</guid>"
                         f"<category>{feed_category}</category></item>")
    server.set("/feed.xml", f'<rss version="2.0"><channel><title>Herald</title>{"".join(items)}</channel></rss>',
               Content_Type="application/rss+xml")
    with _tw(settings, category_learn_every=40, category_learn_min_per_class=20,
             category_learn_interval=0.0, fetch_timeout=60.0) as tw:  # a loaded machine is slow
        tw.add_feed(server.url + "/feed.xml", name="Herald")
        assert tw.storage.load_model("categories") is None
        summary = tw.crawl()
        assert summary.new_articles == 44, summary
        assert tw._learning is not None  # started by the crawl pass, off its critical path
        tw._learning.join(timeout=120)
        stored = tw.storage.load_model("categories")
        assert stored is not None, tw.storage.load_model("categories.learning")
        model = CategoryModel.from_bytes(stored)
        assert model.info["rows"] == 44 and tw.category_model() is not None
        assert model.predict(*_text("Sport", random.Random(9)))[0] == "Sport"
        note = _note(tw, "categories")
        assert "automatic, 44 new publisher-labelled articles" in note and "new model kept" in note
        assert "model updated" in _note(tw, "categories.learning")
        # nothing new since: the next pass does not train again
        assert tw.learn_categories_if_due() is None


def _note(tw, name: str) -> str:
    from sqlalchemy import select

    from tagwire.store.schema import models

    with tw.storage.read("test") as conn:
        return conn.execute(select(models.c.note).where(models.c.name == name)).scalar() or ""


def test_learning_waits_for_enough_new_articles_and_respects_the_interval(settings):
    with _tw(settings, category_learn_every=100, category_learn_interval=0.0) as tw:
        _store(tw, 30)  # 60 new, fewer than 100
        assert tw.learn_categories_if_due() is None
    with _tw(settings, category_learn_every=50, category_learn_interval=3600.0) as tw:
        assert tw.learn_categories_if_due(wait=True) is not None
        assert tw.storage.load_model("categories") is not None
        _store(tw, 30, seed=1)  # enough again, but within the hour
        assert tw.learn_categories_if_due() is None
    with _tw(settings, category_learn_every=0) as tw:  # off
        _store(tw, 30, seed=2)
        assert tw.learn_categories_if_due() is None


def test_articles_the_classifier_labelled_itself_are_never_learned_from(settings):
    with _tw(settings, category_learn_every=10, category_learn_interval=0.0) as tw:
        _store(tw, 30, reason="text classifier: {c} (0.91)")
        assert tw.learn_categories_if_due() is None
        replaced, message = tw.learn_categories()
        assert not replaced and "not enough articles with a section-given category" in message


def test_too_few_per_class_keeps_the_model(settings):
    with _tw(settings, category_learn_every=10, category_learn_min_per_class=20,
             category_learn_interval=0.0) as tw:
        _store(tw, 15)
        tw.learn_categories_if_due(wait=True)
        assert tw.storage.load_model("categories") is None
        assert "need 2 categories with at least 20 each (Business 15, Sport 15)" in _note(tw, "categories.learning")


def test_a_worse_candidate_never_replaces_the_stored_model(settings):
    with _tw(settings, category_learn_every=10, category_learn_interval=0.0) as tw:
        _store(tw, 40, labels=("Sport", "Business", "Health"), noisy=0.35)
        # the current model has seen every row, noise included: the candidate cannot match it
        rows = [{"title": a.title, "text": a.text, "label": a.category} for a in tw.storage.iter_articles()]
        current = CategoryModel.train(rows)
        tw.storage.save_model("categories", current.to_bytes(), note="hand-trained")
        tw.learn_categories_if_due(wait=True)
        assert tw.storage.load_model("categories") == current.to_bytes()
        assert _note(tw, "categories") == "hand-trained"
        assert "model kept: new model rejected: accuracy" in _note(tw, "categories.learning")


# -- the configured taxonomy ----------------------------------------------------------------
SPORT = ("Striker scores twice as league leaders win derby",
         "The striker scored twice in the second half as the league leaders won the derby in front of "
         "their fans, extending their lead at the top of the table with a victory over their rivals.")


def test_a_renamed_category_shows_its_new_name_everywhere(settings):
    with _tw(settings) as tw:  # stored under the built-in name first
        _store(tw, 2, labels=("Sport",))
    with _tw(settings, category_renames="Sport=Sports Desk, Environment=Science") as tw:
        e = tw.enrich(title=SPORT[0], text=SPORT[1], section="Football")
        assert e.category.name == "Sports Desk"
        assert e.category.reason == 'section "Football" → Sport → Sports Desk (configured)'
        assert tw.enrich(title="x", text="y", section="Climate").category.name == "Science"  # folded
        assert tw.category_name("sports desk") == "Sports Desk"
        assert dict(tw.categories())["Sports Desk"] == 2 and "Sport" not in dict(tw.categories())
        old, _ = tw.articles(category="sports desk")
        assert len(old) == 2 and all(a.category_reason.endswith("→ Sports Desk (configured)") for a in old)
        client = TestClient(create_app(tw))
        page = client.get("/category/Sports%20Desk")
        assert page.status_code == 200 and "Sports Desk" in page.text
        assert client.get("/category/Sport").status_code == 404
        api = client.get("/api/v1/categories").json()
        assert {"name": "Sports Desk", "count": 2} in [dict(name=c["name"], count=c["count"]) for c in api["items"]]
    with _tw(settings) as tw:  # the rename undone: the articles get their built-in name back
        assert dict(tw.categories())["Sport"] == 2


def test_a_removed_category_falls_back_to_general(settings):
    with _tw(settings, categories="Politics, Business, Technology, Science, Health, Entertainment, "
                                  "World, UK, Environment, Opinion, General") as tw:
        e = tw.enrich(title=SPORT[0], text=SPORT[1], section="Football")
        assert e.category.name == "General" and "→ Sport → General (configured)" in e.category.reason
        with pytest.raises(Exception, match="no category"):
            tw.category_name("Sport")


def test_a_category_left_out_for_a_while_gets_its_articles_back(settings):
    """A try with `TAGWIRE_CATEGORIES=Politics,Sport` (one `sources list` is enough) sent every
    stored Business and Health article to General for good; the default taxonomy did not bring them back."""
    with _tw(settings) as tw:
        _store(tw, 2, labels=("Sport", "Business", "Health"))
        source = tw.storage.add_source("Test Herald", None)
        tw.storage.upsert_article(NewArticle(
            url="https://herald.example/classified", source_id=source.id, feed_id=None, title=SPORT[0],
            text=SPORT[1], excerpt="x", published=NOW, fetched_at=NOW,
            category="Business", category_reason="text classifier: Business (0.91)"))
    with _tw(settings, categories="Politics, Sport") as tw:
        assert dict(tw.categories()).get("General") == 5 and dict(tw.categories())["Sport"] == 2
    with _tw(settings, category_renames="Health=Wellbeing") as tw:  # Business is back, Health renamed
        counts = dict(tw.categories())
        assert (counts["Business"], counts["Wellbeing"], counts["Sport"]) == (3, 2, 2) and not counts.get("General")
        classified = [a for a in tw.storage.iter_articles() if a.url.endswith("/classified")][0]
        assert classified.category_reason == "text classifier: Business (0.91)"
    with _tw(settings) as tw:
        assert {n: c for n, c in tw.categories() if c} == {"Sport": 2, "Business": 3, "Health": 2}
        reasons = {a.category_reason for a in tw.storage.iter_articles()}
        assert not any("configured" in r for r in reasons)


def test_an_added_category_comes_from_the_section_map_file(settings, tmp_path):
    path = tmp_path / "sections.toml"
    path.write_text('"Gardening" = "Home"\n"/money/" = "Business"\n"Football" = "sport"\n', encoding="utf-8")
    with _tw(settings, categories="Politics, Business, Sport, Home", section_map=str(path)) as tw:
        assert tw.enrich(title="Roses", text="Prune them in March.", section="Gardening").category.name == "Home"
        e = tw.enrich(title="a", text="b", url="https://x.example/money/2025/savings-rates-rise-again")
        assert (e.category.name, e.category.reason) == ("Business", 'URL segment "money" → Business')
        assert [n for n, _ in tw.categories()][:5] == ["Politics", "Business", "Sport", "Home", "General"]


@pytest.mark.parametrize("changes, message", [
    (dict(categories="Politics, politics"), 'categories: "politics" is listed twice'),
    (dict(category_renames="World"), 'category_renames: "World" is not Old=New'),
    (dict(category_renames="Weather=Sky"), 'category_renames: "Weather" is not a built-in category'),
    (dict(categories="Politics, Sport", category_renames="World=International"),
     '"International" is not in categories'),
    (dict(categories="Politics, <b>"), '"<b>" is not a usable category name'),
    (dict(section_map="/nonexistent/sections.toml"), "cannot read section map /nonexistent/sections.toml"),
])
def test_bad_category_settings_fail_at_start_in_one_line(settings, changes, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")) as info:
        _tw(settings, **changes)
    assert "\n" not in str(info.value)


def test_a_section_map_naming_an_unknown_category_fails_at_start(settings, tmp_path):
    path = tmp_path / "sections.toml"
    path.write_text('"Gardening" = "Home"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r'"Gardening" → "Home": not a category'):
        _tw(settings, section_map=str(path))
    path.write_text('"Gardening" = \n', encoding="utf-8")
    with pytest.raises(ConfigError, match="is not valid TOML"):
        _tw(settings, section_map=str(path))


# -- the command line -------------------------------------------------------------------------
def test_categories_list_shows_the_configured_taxonomy_and_the_last_training(database_url, monkeypatch, tmp_path):
    import json

    from typer.testing import CliRunner

    from tagwire.cli import app

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TAGWIRE_DATABASE_URL", database_url)
    monkeypatch.setenv("TAGWIRE_CATEGORY_RENAMES", "World=International")
    runner = CliRunner()
    status = json.loads(runner.invoke(app, ["categories", "list", "--json"]).output)
    names = [c["name"] for c in status["categories"]]
    assert "International" in names and "World" not in names
    assert status["renames"] == {"World": "International"} and status["learning"] is None
    assert status["model"]["note"] == "the shipped default model"
    monkeypatch.setenv("TAGWIRE_CATEGORY_RENAMES", "World=")
    r = runner.invoke(app, ["categories", "list"])
    assert r.exit_code != 0 and 'category_renames: "World=" is not Old=New' in r.output
    assert "Traceback" not in r.output
