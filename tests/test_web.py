"""Pages rendered from stored articles: escaping, labels, errors (Starlette's test client, real SQLite)."""

from datetime import datetime, timedelta, timezone

import pytest
from lxml import html as lxml_html
from starlette.testclient import TestClient

from tagwire.types import NewArticle, TagAssignment
from tagwire.web import create_app

NOW = datetime.now(timezone.utc)
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def client(tagwire):
    src = tagwire.storage.add_source('Herald <b>&</b> "Co"')
    tag = TagAssignment(tag="ferrystrike", label="ferry strike", score=1.0, kind="topic", why="test")
    for n, (title, paywalled, age) in enumerate([
        (f"Ferry strike {HOSTILE}", False, timedelta(hours=3)),
        ("Ferry talks collapse", True, timedelta(days=30)),
    ]):
        tagwire.storage.upsert_article(NewArticle(
            url=f"https://herald.example/{n}", source_id=src.id, feed_id=None, title=title,
            text=f"First paragraph {HOSTILE}.\n\nSecond paragraph.", excerpt=f"First paragraph {HOSTILE}.\n\nSecond paragraph.",
            published=NOW - age, fetched_at=NOW, paywalled=paywalled, category="Business", tags=(tag,)))
    return TestClient(create_app(tagwire))


def test_hostile_text_is_escaped(client):
    r = client.get("/tag/ferrystrike")
    assert r.status_code == 200
    assert "<script>" not in r.text and "onerror=alert" not in r.text.replace("onerror=alert(1)&gt;", "")
    doc = lxml_html.fromstring(r.text)
    assert not doc.xpath("//script") and not doc.xpath("//img")
    assert HOSTILE in doc.xpath("string(//article//h2)")  # shown as text, not run
    assert doc.xpath("string(//article//*[@class='source'])") == 'Herald <b>&</b> "Co"'


def test_cards_show_age_date_paywall_and_paragraphs(client):
    doc = lxml_html.fromstring(client.get("/tag/ferrystrike").text)
    cards = doc.xpath("//article")
    assert [c.xpath("string(.//time)") for c in cards] == ["3 hours ago", (NOW - timedelta(days=30)).strftime("%d-%m-%Y")]
    assert [bool(c.xpath(".//*[@class='paywall']")) for c in cards] == [False, True]
    assert cards[1].xpath("string(.//*[@class='paywall'])") == "Subscriber"
    assert len(cards[0].xpath(".//div[@class='excerpt']/p")) == 2
    assert cards[0].xpath("string(.//*[@class='category'])") == "Business"


def test_security_headers(client):
    r = client.get("/")
    assert r.headers["content-security-policy"].startswith("default-src 'none'")
    assert r.headers["x-content-type-options"] == "nosniff"


def test_errors_are_pages(client):
    r = client.get("/no/such/page")
    assert r.status_code == 404 and "Not found" in r.text
    r = client.get("/tag/ferrystrike?cursor=%00%01")
    assert r.status_code == 400 and "invalid page cursor" in r.text
    # a typed spelling lands on the hashtag every tag is stored as (it was a 301 to a 404 page)
    r = client.get("/tag/Ferry-Strike", follow_redirects=False)
    assert r.status_code == 301 and r.headers["location"] == "/tag/ferrystrike"
    assert client.get("/tag/ferry-strike").status_code == 200
    r = client.get("/tag/F%C3%A9rry%C2%A0Strike", follow_redirects=False)  # "Férry Strike", no-break space
    assert r.status_code == 301 and r.headers["location"] == "/tag/ferrystrike"
    assert client.get("/tag/no-such-tag").status_code == 404
    assert client.get("/tag/%E2%80%94").status_code == 404  # nothing left to fold: no redirect loop
    r = client.get("/tag/Fe%C3%9Fstrike", follow_redirects=False)  # "Feßstrike": ß folds to "ss", as stored tags do
    assert r.status_code == 301 and r.headers["location"] == "/tag/fessstrike"
    assert client.get("/tag/" + "x" * 5000).status_code == 404


def test_empty_home_explains_what_to_do(database_url):
    from tagwire import make_tagwire
    from tagwire.settings import load_settings

    with make_tagwire(load_settings(environ={}, config_file=None, overrides={"database_url": database_url})) as tw:
        r = TestClient(create_app(tw)).get("/")
    assert r.status_code == 200 and "tagwire sources add" in r.text


def test_empty_home_with_feeds_says_they_are_followed_and_which_fail(database_url):
    """A first `tagwire run` with no network: feeds are there, every fetch failed; say so, not "add a feed"."""
    from tagwire import make_tagwire
    from tagwire.settings import load_settings

    settings = load_settings(environ={}, config_file=None,
                             overrides={"database_url": database_url, "page_cache_seconds": 0})
    with make_tagwire(settings) as tw:
        client = TestClient(create_app(tw))
        tw.add_feed("https://herald.example/rss", "Herald")
        failing, _ = tw.add_feed("https://courier.example/rss", "Courier")
        assert "Following 2 feeds" in client.get("/").text and "failed" not in client.get("/").text
        tw.storage.record_feed_error(failing.id, message="network: cannot resolve host", cause="network",
                                     next_check=NOW, now=NOW)
        doc = lxml_html.fromstring(client.get("/").text)
    empty = doc.xpath("string(//p[@class='empty'])")
    assert "Following 2 feeds" in empty and "1 of them failed on the last try" in empty
    assert "tagwire sources add" not in empty
    assert doc.xpath("//p[@class='empty']/a/@href") == ["/sources"]


def test_sources_page_shows_health(client, tagwire):
    feed, _ = tagwire.add_feed("https://herald.example/rss", "Herald")
    tagwire.storage.record_feed_error(feed.id, message="HTTP 503 from https://herald.example/rss", cause="http",
                                      next_check=NOW, now=NOW)
    doc = lxml_html.fromstring(client.get("/sources").text)
    row = doc.xpath("//table//tr[th[contains(., 'Herald')]]")[0]
    assert row.xpath("string(.//*[contains(@class,'state')])") == "error"
    assert "http: HTTP 503" in row.xpath("string(td[last()])")


def test_metrics_in_prometheus_format(client, tagwire):
    feed, _ = tagwire.add_feed("https://herald.example/rss", "Herald")
    tagwire.storage.record_feed_error(feed.id, message="x", cause="http", next_check=NOW, now=NOW)
    r = client.get("/metrics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain; version=0.0.4")
    lines = dict(line.rsplit(" ", 1) for line in r.text.splitlines() if not line.startswith("#"))
    assert lines["tagwire_feeds"] == "1" and lines["tagwire_feeds_due"] == "1"
    assert lines['tagwire_feeds_erroring{cause="http"}'] == "1"
    assert lines["tagwire_articles"] == "2"
    assert lines["tagwire_feed_fetch_seconds_count"] == "0"


def test_metrics_fetch_latency_quantiles(client, tagwire):
    from datetime import datetime, timezone

    now = datetime.now(timezone.utc)
    for n, ms in enumerate((100, 300, 200)):
        feed, _ = tagwire.add_feed(f"https://herald.example/rss{n}", "Herald")
        tagwire.storage.record_feed_success(feed.id, etag=None, last_modified=None, next_check=now,
                                            interval=60, now=now, fetch_ms=ms)
    lines = dict(line.rsplit(" ", 1) for line in client.get("/metrics").text.splitlines()
                 if not line.startswith("#"))
    assert lines['tagwire_feed_fetch_seconds{quantile="0.5"}'] == "0.2"
    assert lines['tagwire_feed_fetch_seconds{quantile="0.99"}'] == "0.3"
    assert lines["tagwire_feed_fetch_seconds_count"] == "3"
    assert float(lines["tagwire_articles_per_minute"]) >= 0


def test_story_cards_fill_pages_and_fold_coverage(tagwire):
    """Thirty stories of two articles each: pages of page_size cards, each story once, all reached."""
    from tagwire.types import StoryRecord

    a, b = tagwire.storage.add_source("Alpha"), tagwire.storage.add_source("Beta")
    for n in range(30):
        for source, minutes in ((a, 0), (b, 5)):
            when = NOW - timedelta(hours=n, minutes=minutes)
            story = StoryRecord(id=f"s{n}", headline=f"Story {n}", first_seen=when, last_seen=when, size=2, signature="{}")
            tagwire.storage.upsert_article(NewArticle(
                url=f"https://{source.name.lower()}.example/{n}", source_id=source.id, feed_id=None,
                title=f"Story {n} by {source.name}", text="Text.", excerpt="Text.", published=when,
                fetched_at=NOW, story=story))
    client = TestClient(create_app(tagwire))
    leads, url = [], "/"
    while url:
        doc = lxml_html.fromstring(client.get(url).text)
        cards = doc.xpath("//article")
        assert len(cards) <= tagwire.settings.page_size
        for card in cards:
            leads.append(card.xpath("string(.//h2)"))
            assert card.xpath("string(.//p[@class='also']/a[1])") == "Beta"  # the other outlet, once
        nxt = doc.xpath("//a[@rel='next']/@href")
        url = "/" + nxt[0] if nxt else None
    assert leads == [f"Story {n} by Alpha" for n in range(30)]
    story = client.get("/story/s3")
    assert story.status_code == 200 and "First reported by" in story.text
    assert client.get("/story/nope").status_code == 404


def test_a_card_on_a_hashtag_page_shows_that_hashtag_first_when_it_ranks_below_the_shown_six(tagwire):
    """An article's tags are ranked; the card shows six, but on #tag's page #tag must be one of them."""
    src = tagwire.storage.add_source("Harbour Gazette")
    tags = tuple(TagAssignment(tag=f"rank{n}", label=f"rank {n}", score=1 - n / 10, kind="keyphrase", why="test")
                 for n in range(8))
    tagwire.storage.upsert_article(NewArticle(
        url="https://gazette.example/1", source_id=src.id, feed_id=None, title="Eight tags", text="Text.",
        excerpt="Text.", published=NOW, fetched_at=NOW, tags=tags))
    client = TestClient(create_app(tagwire))

    def chips(path):
        return lxml_html.fromstring(client.get(path).text).xpath("//article//ul[@class='tags']//a/text()")

    assert chips("/") == [f"#rank{n}" for n in range(6)]
    assert chips("/tag/rank7") == ["#rank7"] + [f"#rank{n}" for n in range(5)]
    assert chips("/tag/rank2") == [f"#rank{n}" for n in range(6)]  # already shown: order kept
