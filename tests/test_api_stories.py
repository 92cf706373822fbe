"""Stories for programs: /api/v1/stories, /stories/{id}, /articles?story=, /story/<id>.<fmt>, CLI."""

import json
from datetime import datetime, timedelta, timezone

import feedparser
import pytest
from lxml import html as lxml_html
from starlette.testclient import TestClient
from typer.testing import CliRunner

from tagwire.cli import app as cli_app
from tagwire.types import NewArticle, StoryRecord
from tagwire.web import create_app

NOW = datetime.now(timezone.utc).replace(microsecond=0)


@pytest.fixture
def seeded(tagwire):
    """12 stories: story n was last covered n hours ago; even stories by two outlets, odd by one."""
    herald, courier, gazette = (tagwire.storage.add_source(n) for n in ("Herald", "Courier", "Gazette"))
    for n in range(12):
        outlets = (herald, courier) if n % 2 == 0 else (herald,)
        for k, source in enumerate(outlets):
            when = NOW - timedelta(hours=n, minutes=30 - 10 * k)
            story = StoryRecord(id=f"s{n:02d}", headline=f"Story {n}", first_seen=NOW - timedelta(hours=n, minutes=30),
                                last_seen=when, size=k + 1, signature="{}")
            tagwire.storage.upsert_article(NewArticle(
                url=f"https://{source.name.lower()}.example/{n}", source_id=source.id, feed_id=None,
                title=f"Story {n} as told by {source.name}", text="Council votes on the harbour plan.",
                excerpt="Council votes.", published=when, fetched_at=NOW, story=story))
    return tagwire, gazette


@pytest.fixture
def client(seeded):
    with TestClient(create_app(seeded[0])) as c:
        yield c


def test_stories_newest_coverage_first_with_outlets_and_cursor(client):
    first = client.get("/api/v1/stories", params={"limit": 5}).json()
    assert [s["id"] for s in first["items"]] == ["s00", "s01", "s02", "s03", "s04"]
    assert first["items"][0]["outlets"] == ["Herald", "Courier"]
    assert first["items"][0]["first_reported_by"] == "Herald" and first["items"][0]["size"] == 2
    seen, cursor = [s["id"] for s in first["items"]], first["next_cursor"]
    while cursor:
        page = client.get("/api/v1/stories", params={"limit": 5, "cursor": cursor}).json()
        seen += [s["id"] for s in page["items"]]
        cursor = page["next_cursor"]
    assert seen == [f"s{n:02d}" for n in range(12)]  # every story once, in order


def test_first_reported_by_is_the_earliest_report_not_the_first_crawled(tagwire):
    early, late = tagwire.storage.add_source("Early Post"), tagwire.storage.add_source("Late Times")
    for source, hours in ((late, 1), (early, 5)):  # the later report is stored first
        when = NOW - timedelta(hours=hours)
        story = StoryRecord(id="ev1", headline="Bridge closes", first_seen=NOW - timedelta(hours=1),
                            last_seen=NOW - timedelta(hours=1), size=1, signature="{}")
        tagwire.storage.upsert_article(NewArticle(
            url=f"https://{source.name.split()[0].lower()}.example/1", source_id=source.id, feed_id=None,
            title=f"Bridge closes ({source.name})", text="The bridge closed.", excerpt="The bridge closed.",
            published=when, fetched_at=NOW, story=story))
    with TestClient(create_app(tagwire)) as c:
        [item] = c.get("/api/v1/stories").json()["items"]
        assert item["first_reported_by"] == "Early Post" == c.get("/api/v1/stories/ev1").json()["first_reported_by"]
        assert item["outlets"] == ["Early Post", "Late Times"]


def test_stories_told_by_several_outlets(client):
    items = client.get("/api/v1/stories", params={"outlets": 2, "limit": 100}).json()["items"]
    assert [s["id"] for s in items] == [f"s{n:02d}" for n in range(0, 12, 2)]


def test_story_detail_and_articles_of_a_story(client, seeded):
    tagwire, gazette = seeded
    # an outlet "not covering" a story is one that has published something here (a source that
    # never gave an article is no outlet yet: see the last test below)
    tagwire.storage.upsert_article(NewArticle(
        url="https://gazette.example/weather", source_id=gazette.id, feed_id=None, title="Rain all week",
        text="Rain is forecast all week.", excerpt="Rain.", published=NOW - timedelta(days=2), fetched_at=NOW))
    body = client.get("/api/v1/stories/s04").json()
    assert body["headline"] == "Story 4" and body["outlets"] == ["Herald", "Courier"]
    assert body["not_covered_by"] == ["Gazette"]
    assert [a["source"]["name"] for a in body["articles"]] == ["Herald", "Courier"]  # oldest first
    assert all(a["story_id"] == "s04" for a in body["articles"])
    listed = client.get("/api/v1/articles", params={"story": "s04"}).json()["items"]
    assert {a["title"] for a in listed} == {"Story 4 as told by Herald", "Story 4 as told by Courier"}


@pytest.mark.parametrize("path, status", [
    ("/api/v1/stories/nosuch", 404),
    ("/api/v1/stories/" + "x" * 41, 422),
    ("/api/v1/stories/bad%20id", 422),
    ("/api/v1/stories?cursor=garbage", 400),
    ("/api/v1/stories?cursor=123-bad%20id", 400),
    ("/api/v1/stories?outlets=0", 422),
])
def test_bad_story_requests_are_clean_errors(client, path, status):
    r = client.get(path)
    assert r.status_code == status and set(r.json()["error"]) == {"code", "message"}


def test_story_feeds_out_and_their_links(client):
    for fmt in ("rss", "atom"):
        parsed = feedparser.parse(client.get(f"/story/s02.{fmt}").content)
        assert not parsed.bozo and [e.title for e in parsed.entries] == [
            "Story 2 as told by Courier", "Story 2 as told by Herald"]  # newest first
    assert [i["title"] for i in client.get("/story/s02.json").json()["items"]][0] == "Story 2 as told by Courier"
    assert client.get("/story/nosuch.rss").status_code == 404
    doc = lxml_html.fromstring(client.get("/story/s02").text)
    assert doc.xpath("//head/link[@rel='alternate'][@type='application/rss+xml']/@href") == ["/story/s02.rss"]


def test_cli_search_and_export(seeded, settings, monkeypatch, tmp_path):
    monkeypatch.setenv("TAGWIRE_DATABASE_URL", settings.database_url)
    runner = CliRunner()
    result = runner.invoke(cli_app, ["search", "harbour source:courier", "--json", "--limit", "3"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert len(found["results"]) == 3 and found["more"] is True
    assert all(r["source"]["name"] == "Courier" and r["story_id"] for r in found["results"])
    out = tmp_path / "all.jsonl"
    result = runner.invoke(cli_app, ["export", "--output", str(out)])
    assert result.exit_code == 0 and "18 articles" in result.stdout
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 18 and len({r["id"] for r in rows}) == 18
    assert all("text" not in r for r in rows)  # the full text only on request
    full = tmp_path / "full.jsonl"
    assert runner.invoke(cli_app, ["export", "--text", "-o", str(full)]).exit_code == 0
    texts = [json.loads(line) for line in full.read_text().splitlines()]
    assert [r["id"] for r in texts] == [r["id"] for r in rows] and all(r["text"].strip() for r in texts)
    analysed = tmp_path / "analysed.jsonl"  # an export with text is analyze's input as it is
    result = runner.invoke(cli_app, ["analyze", "--input", str(full), "--output", str(analysed)])
    assert result.exit_code == 0, result.output
    out_rows = [json.loads(line) for line in analysed.read_text().splitlines()]
    assert len(out_rows) == 18 and all(r["story"] and r["category"] for r in out_rows)
    bad = runner.invoke(cli_app, ["search", "after:nonsense"])
    assert bad.exit_code == 1 and "Traceback" not in bad.output


def test_articles_filtered_by_a_search_query(client):
    r = client.get("/api/v1/articles", params={"q": "harbour", "limit": 5}).json()
    assert len(r["items"]) == 5 and r["next_cursor"] == "page:2"
    seen = {a["id"] for a in r["items"]}
    page2 = client.get("/api/v1/articles", params={"q": "harbour", "limit": 5, "cursor": "page:2"}).json()
    assert seen.isdisjoint(a["id"] for a in page2["items"])
    courier = client.get("/api/v1/articles", params={"q": "harbour", "source": 2, "limit": 50}).json()["items"]
    assert courier and {a["source"]["name"] for a in courier} == {"Courier"}
    assert client.get("/api/v1/articles", params={"q": "harbour", "source": 99}).json()["items"] == []
    assert client.get("/api/v1/articles", params={"q": "zeppelin"}).json() == {"items": [], "next_cursor": None}
    for bad in ({"q": "harbour", "cursor": "p2"}, {"q": "after:nonsense"}, {"q": "x", "story": "s01"}):
        r = client.get("/api/v1/articles", params=bad)
        assert r.status_code == 400 and set(r.json()["error"]) == {"code", "message"}


def test_a_feed_that_never_gave_an_article_is_not_an_outlet_that_missed_the_story(tagwire, server):
    """Added without a name and failing since, a feed's source is still "127.0.0.1"; a story
    page listed it under "Not reported by" next to the real outlets."""
    server.set("/broken/", "<html><body><p>Nothing here</p></body></html>", Content_Type="text/html")
    tagwire.add_feed(server.url + "/broken/")
    gazette, herald = tagwire.storage.add_source("Gazette"), tagwire.storage.add_source("Herald")
    story = StoryRecord(id="ev2", headline="Bridge closes", first_seen=NOW, last_seen=NOW, size=1, signature="{}")
    tagwire.storage.upsert_article(NewArticle(
        url="https://gazette.example/1", source_id=gazette.id, feed_id=None, title="Bridge closes",
        text="The bridge closed.", excerpt="The bridge closed.", published=NOW, fetched_at=NOW, story=story))
    tagwire.storage.upsert_article(NewArticle(
        url="https://herald.example/9", source_id=herald.id, feed_id=None, title="Council meets",
        text="The council met.", excerpt="The council met.", published=NOW, fetched_at=NOW))
    assert tagwire.crawl().errors == 1
    with TestClient(create_app(tagwire)) as c:
        assert c.get("/api/v1/stories/ev2").json()["not_covered_by"] == ["Herald"]
        page = lxml_html.fromstring(c.get("/story/ev2").text)
        assert page.xpath("normalize-space(//section[@aria-labelledby='missing-h']/p)") == "Herald"
