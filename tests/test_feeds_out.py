"""Feeds out (RSS 2.0, Atom 1.0, JSON Feed 1.1): well-formed whatever the stored text, readable by readers."""

import json
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

import feedparser
import pytest
from lxml import etree
from lxml import html as lxml_html
from starlette.testclient import TestClient

from tagwire.parse.feeds import parse_feed
from tagwire.types import NewArticle, TagAssignment
from tagwire.web import create_app
from tagwire.web.feeds_out import EMPTY_UPDATED, Channel, atom, clean, json_feed, rss

NOW = datetime.now(timezone.utc).replace(microsecond=0)
HOSTILE = '<script>alert("x")</script> ]]> & <![CDATA[ x ]]>'
CONTROL = "\x01\x07\x0b\x1f"  # no NUL: PostgreSQL cannot store it (the pure builder test has one)
ATOM = "{http://www.w3.org/2005/Atom}"
FORMATS = {"rss": "application/rss+xml", "atom": "application/atom+xml", "json": "application/feed+json"}


def tag(name, label=None):
    return TagAssignment(tag=name, label=label or name, score=1.0, kind="topic", why="test")


@pytest.fixture
def site(tagwire):
    herald = tagwire.storage.add_source(f'Herald <b>&</b> "Co" {CONTROL}')
    other = tagwire.storage.add_source("Other Post")
    rows = [  # (url, source, title, authors, category, tags, age)
        ("https://herald.example/a", herald, f"Ferry strike {HOSTILE}{CONTROL}", (f"Ann <ann@x>{CONTROL}",),
         "Business", (tag("ferrystrike", f"ferry {HOSTILE}"), tag("portsmouth")), timedelta(hours=1)),
        ("javascript:alert(1)", herald, "Unsafe link", (), "Business", (tag("ferrystrike"),), timedelta(hours=2)),
        ("https://herald.example/b", herald, "Talks collapse", (), "Politics", (tag("ferrystrike"),),
         timedelta(days=2)),
        ("https://other.example/c", other, "Cup final", ("Bo",), "Sport", (tag("cupfinal"),), timedelta(hours=5)),
    ]
    for url, src, title, authors, category, tags, age in rows:
        tagwire.storage.upsert_article(NewArticle(
            url=url, source_id=src.id, feed_id=None, title=title, text="Body.",
            excerpt=f"First {HOSTILE}{CONTROL}.\n\nSecond.", published=NOW - age, fetched_at=NOW,
            authors=authors, category=category, tags=tags, image="javascript:alert(2)"))
    return TestClient(create_app(tagwire)), herald, other


def feed_paths(herald_id):
    bases = ["/feed", "/tag/ferrystrike", "/category/business", f"/source/{herald_id}"]
    return [f"{base}.{fmt}" for base in bases for fmt in FORMATS]


def test_every_feed_is_served_with_its_type_and_validators(site):
    client, herald, _ = site
    for path in feed_paths(herald.id):
        r = client.get(path)
        assert r.status_code == 200, path
        assert r.headers["content-type"].startswith(FORMATS[path.rsplit(".", 1)[1]]), path
        assert r.headers["etag"].startswith('"') and parsedate_to_datetime(r.headers["last-modified"])
        assert "javascript:" not in r.text, path  # unsafe links and images never leave


@pytest.mark.parametrize("base", ["/feed", "/tag/ferrystrike", "/category/business", "/source/{herald}"])
def test_rss_parses_back_with_required_elements(site, base):
    client, herald, _ = site
    body = client.get(base.format(herald=herald.id) + ".rss").content
    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    channel = etree.fromstring(body).find("channel")  # lxml: well-formed, or this raises
    for name in ("title", "link", "description"):
        assert channel.findtext(name).strip()
    items = channel.findall("item")
    assert items
    for item in items:
        for name in ("title", "link", "guid", "pubDate"):
            assert item.findtext(name).strip(), name
        assert item.findtext("link").startswith("https://")
        assert parsedate_to_datetime(item.findtext("pubDate")).tzinfo is not None
    assert [e.link for e in parsed.entries] == [i.findtext("link") for i in items]


def test_rss_keeps_hostile_text_as_text(site):
    client, _, _ = site
    item = etree.fromstring(client.get("/tag/ferrystrike.rss").content).find("channel/item")
    assert item.findtext("title") == f"Ferry strike {HOSTILE}"  # control characters dropped, the rest intact
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Ann <ann@x>"
    assert [c.text for c in item.findall("category")] == ["ferrystrike", "portsmouth"]
    # the description is HTML: the excerpt's markup is escaped inside it, so a reader shows it as text
    description = lxml_html.fragment_fromstring(item.findtext("description"), create_parent="div")
    assert not description.xpath("//script") and HOSTILE in description.text_content()


@pytest.mark.parametrize("base", ["/feed", "/tag/ferrystrike", "/category/business", "/source/{herald}"])
def test_atom_parses_back_with_required_elements(site, base):
    client, herald, _ = site
    body = client.get(base.format(herald=herald.id) + ".atom").content
    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    feed = etree.fromstring(body)
    for name in ("id", "title", "updated"):
        assert feed.findtext(ATOM + name).strip()
    assert feed.find(f"{ATOM}link[@rel='self']").get("href").endswith(".atom")
    entries = feed.findall(ATOM + "entry")
    assert entries
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert entry.findtext(ATOM + name).strip(), name
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href").startswith("https://")
        assert entry.findtext(f"{ATOM}author/{ATOM}name").strip()  # every entry has an author
        assert datetime.fromisoformat(entry.findtext(ATOM + "updated")).utcoffset() == timedelta(0)
    assert parsed.entries[0].title == entries[0].findtext(ATOM + "title")


def test_atom_entry_carries_hashtags_and_plain_text_summary(site):
    client, _, _ = site
    entry = etree.fromstring(client.get("/tag/ferrystrike.atom").content).find(ATOM + "entry")
    assert entry.findtext(ATOM + "title") == f"Ferry strike {HOSTILE}"
    assert [(c.get("term"), c.get("label")) for c in entry.findall(ATOM + "category")] == [
        ("ferrystrike", f"ferry {HOSTILE}"), ("portsmouth", "portsmouth")]
    assert entry.find(ATOM + "summary").get("type") == "text"
    assert entry.findtext(ATOM + "summary") == f"First {HOSTILE}.\n\nSecond."


def assert_json_feed_1_1(feed):
    """The keys JSON Feed 1.1 requires, and the types it gives them."""
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(feed["title"], str) and feed["title"]
    assert isinstance(feed["items"], list)
    for key in ("home_page_url", "feed_url"):
        assert feed[key].startswith("http")
    for item in feed["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert isinstance(item.get("content_text", item.get("content_html")), str)
        assert item["url"].startswith("https://")
        for key in ("date_published", "date_modified"):
            assert datetime.fromisoformat(item[key]).tzinfo is not None
        assert all(isinstance(a.get("name"), str) and a["name"] for a in item["authors"])
        assert all(isinstance(t, str) for t in item["tags"])


@pytest.mark.parametrize("base", ["/feed", "/tag/ferrystrike", "/category/business", "/source/{herald}"])
def test_json_feed_is_valid_1_1(site, base):
    client, herald, _ = site
    r = client.get(base.format(herald=herald.id) + ".json")
    feed = json.loads(r.content)
    assert_json_feed_1_1(feed)
    assert feed["items"]
    assert feed["feed_url"] == str(r.url)


def test_json_feed_text_is_plain(site):
    client, _, _ = site
    item = client.get("/tag/ferrystrike.json").json()["items"][0]
    assert item["title"] == f"Ferry strike {HOSTILE}"
    assert item["tags"] == ["ferrystrike", "portsmouth"]
    assert item["authors"] == [{"name": "Ann <ann@x>"}]
    assert "image" not in item  # javascript: image dropped


def test_feeds_read_back_by_our_own_crawler(site):
    client, _, _ = site
    for fmt in FORMATS:
        parsed = parse_feed(client.get(f"/tag/ferrystrike.{fmt}").content, "http://testserver/")
        assert [e.url for e in parsed.entries] == ["https://herald.example/a", "https://herald.example/b"], fmt
        assert parsed.entries[0].title == f"Ferry strike {HOSTILE}", fmt


def test_feeds_select_their_articles(site):
    client, _, other = site

    def links(path):
        return [i["url"] for i in client.get(path).json()["items"]]

    assert links("/feed.json") == ["https://herald.example/a", "https://other.example/c", "https://herald.example/b"]
    assert links("/category/business.json") == ["https://herald.example/a"]
    assert links("/category/SPORT.json") == ["https://other.example/c"]
    assert links(f"/source/{other.id}.json") == ["https://other.example/c"]
    assert client.get("/tag/ferrystrike.json").json()["title"] == "#ferrystrike · tagwire"


def test_conditional_get(site):
    client, _, _ = site
    first = client.get("/tag/ferrystrike.atom")
    again = client.get("/tag/ferrystrike.atom", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == first.headers["etag"]
    weak = client.get("/tag/ferrystrike.atom", headers={"If-None-Match": f'"other", W/{first.headers["etag"]}'})
    assert weak.status_code == 304
    since = client.get("/tag/ferrystrike.atom", headers={"If-Modified-Since": first.headers["last-modified"]})
    assert since.status_code == 304
    old = (NOW - timedelta(days=1)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert client.get("/tag/ferrystrike.atom", headers={"If-Modified-Since": old}).status_code == 200
    assert client.get("/tag/ferrystrike.atom", headers={"If-None-Match": '"stale"'}).status_code == 200


def test_unknown_feeds_are_404(site):
    client, _, _ = site
    for path in ("/tag/nosuchtag.rss", "/tag/no-such-tag.atom", "/category/nonsense.json",
                 "/source/999.rss", "/source/99999999999999999999999.rss", "/tag/ferrystrike.xml", "/feed.html"):
        assert client.get(path).status_code == 404, path
    r = client.get("/tag/FerryStrike.rss", follow_redirects=False)
    assert r.status_code == 301 and r.headers["location"] == "/tag/ferrystrike.rss"


def test_tag_feed_takes_the_spellings_its_page_takes(site):
    """/tag/ferry-strike and /tag/%23Ferry-Strike land on #ferrystrike's page; their feeds were a
    404 (only the case was lowered), so a feed URL typed from a tag's name found nothing."""
    client, _, _ = site
    for typed in ("ferry-strike", "%23Ferry-Strike", "Ferry%20Strike"):
        r = client.get(f"/tag/{typed}.atom", follow_redirects=False)
        assert r.status_code == 301 and r.headers["location"] == "/tag/ferrystrike.atom", typed
    assert client.get("/tag/ferry-strike.atom").status_code == 200


def test_pages_link_their_feeds(site):
    client, _, _ = site
    for page, base in (("/", "/feed"), ("/tag/ferrystrike", "/tag/ferrystrike")):
        doc = lxml_html.fromstring(client.get(page).text)
        alternates = {link.get("type"): link.get("href") for link in doc.xpath("//head/link[@rel='alternate']")}
        assert alternates == {media: f"{base}.{fmt}" for fmt, media in FORMATS.items()}
        assert doc.xpath(f"//main//a[@href='{base}.rss']")  # visible for people too
        assert all(client.get(href).status_code == 200 for href in alternates.values())


def test_empty_feeds_are_valid(tagwire):
    client = TestClient(create_app(tagwire))
    for fmt in FORMATS:
        r = client.get(f"/category/politics.{fmt}")
        assert r.status_code == 200 and "last-modified" not in r.headers
        if fmt == "json":
            assert_json_feed_1_1(r.json())
        else:
            assert not feedparser.parse(r.content).bozo


def test_builders_are_pure_and_escape(tagwire):
    channel = Channel(title=f"T {HOSTILE}\x00{CONTROL}", description="d", page_url="https://x/", self_url="https://x/f")
    for build in (rss, atom):
        root = etree.fromstring(build(channel, []))
        assert HOSTILE in etree.tostring(root, method="text", encoding="unicode")
    assert etree.fromstring(atom(channel, [])).findtext(ATOM + "updated") == EMPTY_UPDATED.isoformat()
    assert json.loads(json_feed(channel, []))["title"] == f"T {HOSTILE}"
    assert clean("a\x00b\x0bc\td\ne\ud800") == "abc\td\ne"
