"""keep_days: old coverage leaves a whole story at a time, and is not fetched again."""

from __future__ import annotations

import dataclasses
import json
from datetime import datetime, timedelta, timezone

import pytest
from typer.testing import CliRunner

from tagwire import make_tagwire
from tagwire.cli import app as cli_app
from tagwire.errors import ConfigError, InvalidInputError
from tagwire.retention import retention_cut, too_old
from tagwire.settings import load_settings
from tests.test_crawler import PAGE

NOW = datetime.now(timezone.utc)


def dated_rss(server, *items):
    """Items (title, path, days ago)."""
    body = "".join(f"<item><title>{t}</title><link>{server.url}{path}</link><guid>{path}</guid>"
                   f"<pubDate>{(NOW - timedelta(days=d)).strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate></item>"
                   for t, path, d in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title>{body}</channel></rss>'


def report(server, path, title, topic):
    """A page of its own story: each topic's words differ, so stories do not merge."""
    body = "".join(f"<p>{topic} report, part {i}: the {topic} committee met on {topic} questions and "
                   f"residents asked about the {topic} plan and its {topic} budget for next year.</p>" for i in range(5))
    server.set(path, f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{body}</article></body></html>",
               Content_Type="text/html; charset=utf-8")


def titles(tw):
    return sorted(a.title for a in tw.export_articles())


def test_prune_deletes_old_coverage_a_whole_story_at_a_time(tagwire, server):
    report(server, "/old", "Quarry expansion approved", "quarry")
    report(server, "/new", "Library hours cut", "library")
    server.set("/wire-a", PAGE.format(title="Harbour quay to open in spring"), Content_Type="text/html")
    server.set("/wire-b", PAGE.format(title="Harbour quay to open in spring"), Content_Type="text/html")
    server.set("/a.xml", dated_rss(server, ("Quarry expansion approved", "/old", 40), ("Library hours cut", "/new", 2),
                                   ("Harbour quay to open in spring", "/wire-a", 31)))
    server.set("/b.xml", dated_rss(server, ("Harbour quay to open in spring", "/wire-b", 29)))
    tagwire.add_feed(server.url + "/a.xml", "Herald")
    tagwire.add_feed(server.url + "/b.xml", "Courier")
    assert tagwire.crawl().new_articles == 4
    harbour = {a.story_id for a in tagwire.export_articles() if a.title.startswith("Harbour")}
    assert len(harbour) == 1  # one story, told 31 and 29 days ago

    assert tagwire.prune(30, dry_run=True).articles == 1
    pruned = tagwire.prune(30)
    # the quarry story (40 days) goes; the harbour story had coverage 29 days ago: both its articles stay
    assert (pruned.articles, pruned.stories) == (1, 1)
    assert titles(tagwire) == ["Harbour quay to open in spring"] * 2 + ["Library hours cut"]
    assert not tagwire.search("quarry")[1]  # the search index forgot it too
    assert tagwire.storage.get_story(harbour.pop()) is not None
    assert tagwire.prune(30) == dataclasses.replace(pruned, articles=0, stories=0)  # nothing left to do
    assert tagwire.prune(28).articles == 2 and titles(tagwire) == ["Library hours cut"]


def test_entries_older_than_keep_days_are_not_fetched(settings, server):
    report(server, "/old", "Quarry expansion approved", "quarry")
    report(server, "/new", "Library hours cut", "library")
    server.set("/a.xml", dated_rss(server, ("Quarry expansion approved", "/old", 40), ("Library hours cut", "/new", 2)))
    with make_tagwire(dataclasses.replace(settings, keep_days=30)) as tw:
        tw.add_feed(server.url + "/a.xml")
        result = tw.crawl().results[0]
        assert (result.new_articles, result.skipped, result.article_errors) == (1, 1, 0)
        assert "/old" not in [path for path, _ in server.requests]
        assert titles(tw) == ["Library hours cut"]


def test_a_page_dated_before_keep_days_is_not_kept(settings, server):
    """Undated in the feed, old on the page: fetched once, not stored, not asked for every poll."""
    report(server, "/old", "Quarry expansion approved", "quarry")
    old = (NOW - timedelta(days=90)).isoformat()
    server.set("/old", server.routes["/old"].body.replace(
        b"<head>", f'<head><meta property="article:published_time" content="{old}">'.encode()),
        Content_Type="text/html; charset=utf-8")
    server.set("/a.xml", f'<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title><item>'
                         f'<title>Quarry</title><link>{server.url}/old</link></item></channel></rss>')
    with make_tagwire(dataclasses.replace(settings, keep_days=30)) as tw:
        tw.add_feed(server.url + "/a.xml")
        result = tw.crawl().results[0]
        assert (result.new_articles, result.article_errors) == (0, 1)
        assert titles(tw) == [] and tw.health()[0].pages_waiting == 1


def test_crawling_prunes_once_a_day(settings, server, monkeypatch):
    calls = []
    with make_tagwire(dataclasses.replace(settings, keep_days=30)) as tw:
        monkeypatch.setattr(tw.storage, "prune", lambda before: calls.append(before))
        tw.crawl()
        tw.crawl()
        now = datetime.now(timezone.utc)  # (not NOW: a long suite imports this module long before)
        assert len(calls) == 1 and abs(calls[0] - (now - timedelta(days=30))) < timedelta(minutes=5)
    with make_tagwire(settings) as tw:  # keep_days 0: never
        monkeypatch.setattr(tw.storage, "prune", lambda before: calls.append(before))
        tw.crawl()
    assert len(calls) == 1


def test_keep_days_is_checked():
    with pytest.raises(ConfigError, match="at least 7"):
        load_settings(environ={"TAGWIRE_KEEP_DAYS": "3"}, config_file=None)
    with pytest.raises(ConfigError, match="twice the story window"):
        load_settings(environ={"TAGWIRE_KEEP_DAYS": "7", "TAGWIRE_STORY_WINDOW_HOURS": "96"}, config_file=None)
    assert load_settings(environ={"TAGWIRE_KEEP_DAYS": "30"}, config_file=None).keep_days == 30


def test_the_cut_is_pure():
    assert retention_cut(NOW, 0) is None and retention_cut(NOW, 10) == NOW - timedelta(days=10)
    cut = NOW - timedelta(days=10)
    assert too_old(NOW - timedelta(days=11), cut) and not too_old(NOW - timedelta(days=9), cut)
    assert not too_old(None, cut) and not too_old(NOW - timedelta(days=99), None)


def test_cli_db_prune(tagwire, settings, monkeypatch):
    monkeypatch.setenv("TAGWIRE_DATABASE_URL", settings.database_url)
    runner = CliRunner()
    r = runner.invoke(cli_app, ["db", "prune", "--older-than", "30", "--dry-run", "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == {"articles": 0, "stories": 0, "dry_run": True}
    r = runner.invoke(cli_app, ["db", "prune"])  # no keep_days set, no --older-than
    assert r.exit_code == 1 and "nothing to prune" in r.output and "Traceback" not in r.output
    with pytest.raises(InvalidInputError):
        tagwire.prune(0)
