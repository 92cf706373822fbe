"""Merges, the blocklist and topic rules as data: facade, CLI (--json), 301s over real HTTP, why on pages and API."""

from __future__ import annotations

import json
import socket
import threading
import time
from datetime import datetime, timedelta, timezone

import httpx
import pytest
import uvicorn
from lxml import html as lxml_html
from starlette.testclient import TestClient
from typer.testing import CliRunner

from tagwire import make_tagwire
from tagwire.cli import app
from tagwire.errors import InvalidInputError, NotFoundError
from tagwire.types import NewArticle, TagAssignment
from tagwire.web import create_app

NOW = datetime.now(timezone.utc).replace(microsecond=0)
runner = CliRunner()


def tag(name, score=0.8, why=None, kind="keyphrase"):
    return TagAssignment(tag=name, label=name.title(), score=score, kind=kind, why=why or f"key phrase {name}")


def store(tw, n, *tags, title="Ferry news", text="Ferry walkout continues on the island routes."):
    source = tw.storage.add_source("Herald")
    article_id, _ = tw.storage.upsert_article(NewArticle(
        url=f"https://herald.example/{n}", source_id=source.id, feed_id=None, title=title, text=text,
        excerpt=text, published=NOW - timedelta(hours=n), fetched_at=NOW, tags=tuple(tags)))
    return article_id


def rows(tw, article_id):
    return {t.tag: t for t in tw.article(article_id).tags}


@pytest.fixture
def corpus(tagwire):
    """Three articles: only the source tag, only the target, both (source scored higher)."""
    ids = [
        store(tagwire, 1, tag("ferrywalkout", 0.7)),
        store(tagwire, 2, tag("ferrystrike", 0.6, "topic rule matched \"ferry strike\"", "topic")),
        store(tagwire, 3, tag("ferrywalkout", 0.9), tag("ferrystrike", 0.5, "own reason", "topic"), tag("island")),
    ]
    return tagwire, ids


# ---------------------------------------------------------------- facade


def test_merge_rewrites_stored_tags_without_duplicates(corpus):
    tw, (only_source, only_target, both) = corpus
    assert tw.merge_hashtag("#FerryWalkout", "ferrystrike") == 2
    moved = rows(tw, only_source)
    assert set(moved) == {"ferrystrike"}
    assert moved["ferrystrike"].why == "key phrase ferrywalkout · merged from #ferrywalkout"
    assert moved["ferrystrike"].score == 0.7 and moved["ferrystrike"].label == "Ferrystrike"
    kept = rows(tw, both)
    assert set(kept) == {"ferrystrike", "island"}
    assert (kept["ferrystrike"].score, kept["ferrystrike"].why) == (0.9, "own reason")  # better score, own reason
    assert set(rows(tw, only_target)) == {"ferrystrike"}
    assert tw.tag_articles("ferrystrike")[0].count == 3


def test_future_tagging_follows_the_merge(tagwire):
    tagwire.add_topic("ferrywalkout", ["ferry walkout"])
    store(tagwire, 1, tag("ferrystrike"))
    before = [t.tag for t in tagwire.enrich(title="Ferry walkout called", text="Crews stop work.").tags]
    assert "ferrywalkout" in before and "ferrystrike" not in before
    tagwire.merge_hashtag("ferrywalkout", "ferrystrike")
    after = {t.tag: t for t in tagwire.enrich(title="Ferry walkout called", text="Crews stop work.").tags}
    assert "ferrywalkout" not in after
    assert after["ferrystrike"].why == 'topic rule matched "ferry walkout" · merged from #ferrywalkout'


def test_chains_resolve_and_loops_are_refused(corpus):
    tw, _ = corpus
    store(tw, 9, tag("ferrydispute"))
    tw.merge_hashtag("ferrywalkout", "ferrydispute")
    tw.merge_hashtag("ferrydispute", "ferrystrike")
    rules = {r.tag: r for r in tw.hashtag_rules()}
    assert (rules["ferrywalkout"].merged_into, rules["ferrywalkout"].target) == ("ferrydispute", "ferrystrike")
    assert tw.hashtag_redirect("ferrywalkout") == "ferrystrike"
    with pytest.raises(InvalidInputError, match="would make a loop"):
        tw.merge_hashtag("ferrystrike", "ferrywalkout")
    with pytest.raises(InvalidInputError, match="into itself"):
        tw.merge_hashtag("ferrystrike", "#FerryStrike")
    with pytest.raises(NotFoundError, match="no hashtag #nosuchtag to merge into"):
        tw.merge_hashtag("island", "nosuchtag")
    with pytest.raises(InvalidInputError, match="not a usable hashtag"):
        tw.merge_hashtag("!!!", "ferrystrike")


def test_unmerge_gives_the_moved_articles_their_tag_back(corpus):
    tw, (only_source, only_target, both) = corpus
    tw.merge_hashtag("ferrywalkout", "ferrystrike")
    assert tw.unmerge_hashtag("ferrywalkout") == 1
    assert rows(tw, only_source)["ferrywalkout"].why == "key phrase ferrywalkout"
    assert set(rows(tw, only_target)) == {"ferrystrike"}
    assert "ferrystrike" in rows(tw, both)  # the target's own row stays
    assert tw.hashtag_redirect("ferrywalkout") is None and tw.hashtag_rules() == []
    with pytest.raises(NotFoundError, match="is not merged"):
        tw.unmerge_hashtag("ferrywalkout")


def test_block_removes_and_keeps_out(corpus):
    tw, (_, _, both) = corpus
    tw.add_topic("island", ["island routes"])
    assert tw.block_hashtag("island") == 1
    assert "island" not in rows(tw, both)
    assert "island" not in [t.tag for t in tw.enrich(title="Island routes", text="island routes closed").tags]
    with pytest.raises(NotFoundError):
        tw.tag_articles("island")
    with pytest.raises(InvalidInputError, match="#island is blocked"):
        tw.merge_hashtag("ferrystrike", "island")
    tw.unblock_hashtag("island")
    assert "island" in [t.tag for t in tw.enrich(title="Island routes", text="island routes closed").tags]
    with pytest.raises(NotFoundError, match="not blocked"):
        tw.unblock_hashtag("island")


def test_rules_made_by_another_process_apply_within_the_ttl(corpus, settings, monkeypatch):
    tw, _ = corpus
    tw.add_topic("island", ["island routes"])
    assert "island" in [t.tag for t in tw.enrich(title="Island routes", text="").tags]  # rules now cached
    with make_tagwire(settings) as other:
        other.block_hashtag("island")
    monkeypatch.setattr("tagwire.curation.RULES_TTL", 0.0)
    assert "island" not in [t.tag for t in tw.enrich(title="Island routes", text="").tags]


def test_topic_with_a_rule_applies_retroactively(tagwire):
    article = store(tagwire, 1, title="Report published", text="Baroness Casey said the national inquiry would begin.")
    topic = tagwire.add_topic("caseyinquiry", rule="Casey   NEAR/5 inquiry", label="Casey inquiry")
    assert (topic.rule, topic.phrases) == ("Casey NEAR/5 inquiry", ())
    assert tagwire.storage.list_topics()[0].rule == "Casey NEAR/5 inquiry"
    assert tagwire.apply_topics() >= 1
    found = rows(tagwire, article)["caseyinquiry"]
    assert found.why == 'topic rule [Casey NEAR/5 inquiry] matched "Casey said the national inquiry"'
    with pytest.raises(InvalidInputError, match="rule: NEAR needs a distance"):
        tagwire.add_topic("bad", rule="Casey NEAR inquiry")
    with pytest.raises(InvalidInputError, match="at least one phrase or a rule"):
        tagwire.add_topic("bad", rule="  ")


# ---------------------------------------------------------------- CLI


@pytest.fixture
def cli_env(tmp_path, monkeypatch, database_url):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TAGWIRE_DATABASE_URL", database_url)
    from tagwire.settings import load_settings

    with make_tagwire(load_settings(environ={}, config_file=None, overrides={"database_url": database_url})) as tw:
        ids = [store(tw, 1, tag("ferrywalkout")), store(tw, 2, tag("ferrystrike")), store(tw, 3, tag("island"))]
    return database_url, ids


def cli(*args):
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_cli_merge_block_list_json(cli_env):
    code, output = cli("tags", "merge", "#FerryWalkout", "ferrystrike", "--json")
    assert code == 0 and json.loads(output) == {"source": "ferrywalkout", "target": "ferrystrike", "moved": 1}
    assert json.loads(cli("tags", "block", "island", "--json")[1]) == {"tag": "island", "removed": 1}
    listed = json.loads(cli("tags", "list", "--json")[1])
    assert listed == [
        {"tag": "ferrywalkout", "label": "Ferrywalkout", "merged_into": "ferrystrike", "target": "ferrystrike", "blocked": False},
        {"tag": "island", "label": "Island", "merged_into": None, "target": None, "blocked": True},
    ]
    assert json.loads(cli("tags", "unblock", "island", "--json")[1]) == {"tag": "island"}
    assert json.loads(cli("tags", "unmerge", "ferrywalkout", "--json")[1]) == {"source": "ferrywalkout", "moved": 1}
    assert json.loads(cli("tags", "list", "--json")[1]) == []
    assert "no merged or blocked hashtags" in cli("tags", "list")[1]


def test_cli_errors_are_one_line(cli_env):
    for args, message in [
        (("tags", "merge", "ferrystrike", "ferrystrike"), "cannot merge #ferrystrike into itself"),
        (("tags", "merge", "ferrystrike", "nowhere"), "no hashtag #nowhere to merge into"),
        (("tags", "unmerge", "island"), "#island is not merged"),
        (("tags", "block", "!!!"), "not a usable hashtag"),
        (("topics", "add", "gangs", "--rule", '"rape gangs'), "rule: unclosed quote at character 1"),
        (("topics", "add", "gangs"), "needs at least one phrase or a rule"),
    ]:
        code, output = cli(*args)
        assert code == 1 and message in output and output.count("\n") == 1, (args, output)


def test_cli_topics_add_rule_and_list(cli_env):
    code, output = cli("topics", "add", "gangs", "--rule", '"rape gangs" AND NOT football')
    assert code == 0 and '"rape gangs" AND NOT football' in output
    [gangs] = [t for t in json.loads(cli("topics", "list", "--json")[1]) if t["tag"] == "gangs"]
    assert gangs["rule"] == '"rape gangs" AND NOT football' and gangs["phrases"] == []


def test_cli_why_and_related_and_trending_json(cli_env):
    _, ids = cli_env
    why = json.loads(cli("tags", "why", str(ids[0]), "--json")[1])
    assert why == [{"tag": "ferrywalkout", "label": "Ferrywalkout", "score": 0.8, "kind": "keyphrase",
                    "why": "key phrase ferrywalkout"}]
    assert json.loads(cli("tags", "related", "ferrystrike", "--json")[1]) == []
    trending = json.loads(cli("tags", "trending", "--json")[1])
    assert {t["tag"] for t in trending} == {"ferrywalkout", "ferrystrike", "island"}
    assert all(t["outlets"] == 1 and t["baseline"] == 0 for t in trending)


# ---------------------------------------------------------------- over HTTP


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def site(corpus):
    tw, ids = corpus
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(tw), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
        yield tw, ids, client
    server.should_exit = True
    thread.join(5)


def test_merged_tag_pages_feeds_and_api_redirect(site):
    tw, _, client = site
    assert client.get("/tag/ferrywalkout").status_code == 200  # not merged yet: its own page
    tw.merge_hashtag("ferrywalkout", "ferrystrike")
    for path, target in [
        ("/tag/ferrywalkout", "/tag/ferrystrike"),
        ("/tag/FerryWalkout", "/tag/ferrystrike"),
        ("/tag/ferrywalkout.rss", "/tag/ferrystrike.rss"),
        ("/tag/ferrywalkout.atom", "/tag/ferrystrike.atom"),
        ("/tag/ferrywalkout.json", "/tag/ferrystrike.json"),
        ("/api/v1/hashtags/ferrywalkout", "/api/v1/hashtags/ferrystrike"),
        ("/api/v1/hashtags/ferrywalkout/related", "/api/v1/hashtags/ferrystrike/related"),
    ]:
        r = client.get(path)
        assert (r.status_code, r.headers["location"]) == (301, target), path
        assert client.get(path, follow_redirects=True).status_code == 200, path
    assert client.get("/api/v1/hashtags/ferrywalkout", follow_redirects=True).json()["count"] == 3
    assert client.get("/tag/nosuchtag").status_code == 404


def test_cards_and_api_explain_every_tag(site):
    _, ids, client = site
    doc = lxml_html.fromstring(client.get("/tag/ferrystrike").text)
    card = [c for c in doc.xpath("//article") if "#island" in c.text_content()][0]
    details = card.xpath(".//details[@class='why']")[0]
    assert details.xpath("string(summary)") == "Why these hashtags"
    explained = dict(zip([t.text_content().split()[0] for t in details.xpath(".//dt")],
                         [d.text_content() for d in details.xpath(".//dd")]))
    assert explained == {"#ferrywalkout": "key phrase ferrywalkout", "#ferrystrike": "own reason",
                         "#island": "key phrase island"}
    assert not doc.xpath("//script")
    body = client.get(f"/api/v1/articles/{ids[2]}/tags").json()
    assert body["article_id"] == ids[2]
    assert {t["tag"]: (t["kind"], t["score"], t["why"]) for t in body["items"]} == {
        "ferrywalkout": ("keyphrase", 0.9, "key phrase ferrywalkout"), "ferrystrike": ("topic", 0.5, "own reason"),
        "island": ("keyphrase", 0.8, "key phrase island")}
    assert client.get("/api/v1/articles/999999/tags").status_code == 404


def test_blocked_tag_is_gone_from_pages(corpus):
    tw, _ = corpus
    tw.block_hashtag("island")
    client = TestClient(create_app(tw))
    assert client.get("/tag/island").status_code == 404
    assert "#island" not in client.get("/tag/ferrystrike").text
    assert client.get("/api/v1/hashtags/island").status_code == 404
