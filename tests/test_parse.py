from datetime import datetime, timezone

import pytest

from tagwire.errors import ParseError
from tagwire.parse.feeds import parse_feed
from tagwire.parse.opml import Subscription, dump_opml, parse_opml
from tagwire.parse.urls import canonical_url

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Herald</title><link>https://herald.example/</link>
<item><title>Council approves new bridge</title><link>https://herald.example/news/bridge?utm_source=rss&amp;utm_medium=feed</link>
<guid isPermaLink="false">herald-1</guid><pubDate>Mon, 03 Nov 2025 09:30:00 +0000</pubDate>
<category>Local News</category><description>&lt;p&gt;A bridge.&lt;script&gt;alert(1)&lt;/script&gt;&lt;/p&gt;</description></item>
<item><title>No link here</title><guid isPermaLink="false">x</guid></item>
<item><title>Relative</title><link>/sport/match</link></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Chronicle</title><id>urn:c</id><updated>2025-11-03T10:00:00Z</updated>
<entry><title>Storm warning</title><link href="https://chronicle.example/weather/storm"/><id>urn:c:1</id>
<published>2025-11-02T08:00:00+01:00</published><updated>2025-11-02T09:00:00+01:00</updated>
<category term="Weather"/><author><name>Ana Reyes</name></author><summary>Wind.</summary></entry></feed>"""

JSONFEED = b"""{"version": "https://jsonfeed.org/version/1.1", "title": "Wire",
"items": [{"id": "1", "url": "https://wire.example/a", "title": "A", "content_text": "Text.",
"date_published": "2025-11-01T12:00:00Z"}]}"""


def test_rss_entries():
    feed = parse_feed(RSS, "https://herald.example/rss")
    assert feed.title == "Herald"
    first = feed.entries[0]
    assert first.url == "https://herald.example/news/bridge"  # tracking parameters gone
    assert first.guid == "herald-1"
    assert first.published == datetime(2025, 11, 3, 9, 30, tzinfo=timezone.utc)
    assert first.categories == ("Local News",)
    assert first.summary_text == "A bridge."  # plain text: no tags, no script content
    assert [e.url for e in feed.entries] == ["https://herald.example/news/bridge",
                                             "https://herald.example/sport/match"]


def test_atom_entry():
    entry = parse_feed(ATOM, "https://chronicle.example/atom").entries[0]
    assert entry.published == datetime(2025, 11, 2, 7, 0, tzinfo=timezone.utc)
    assert entry.authors == ("Ana Reyes",) and entry.categories == ("Weather",)


def test_json_feed():
    entry = parse_feed(JSONFEED, "https://wire.example/feed.json").entries[0]
    assert entry.url == "https://wire.example/a" and entry.title == "A"


def test_max_items():
    assert len(parse_feed(RSS, "https://herald.example/rss", max_items=1).entries) == 1


@pytest.mark.parametrize("content", [b"", b"   ", b"<html><body>Hello</body></html>", b"\x00\x01\x02",
                                     b"not xml at all"])
def test_not_a_feed(content):
    with pytest.raises(ParseError):
        parse_feed(content, "https://x.example/feed")


def test_billion_laughs_does_not_expand():
    bomb = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;"><!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">]>
<rss version="2.0"><channel><title>&lol6;</title><item><title>&lol6;</title><link>https://x.example/a</link></item></channel></rss>"""
    try:
        feed = parse_feed(bomb, "https://x.example/feed")
    except ParseError:
        return
    assert len(feed.title or "") < 10_000


@pytest.mark.parametrize("url, expected", [
    ("https://Example.com/a?utm_source=x&id=3#top", "https://example.com/a?id=3"),
    ("/b", "https://base.example/b"),
    ("javascript:alert(1)", None),
    ("", None),
    ("mailto:a@b.c", None),
    # any parameter that names the page stays: strict normalisation kept a dozen and made
    # every article.php?story=N of a site one URL
    ("https://news.example/article.php?story=5&utm_medium=rss", "https://news.example/article.php?story=5"),
    ("https://news.example/n?nid=7#comments", "https://news.example/n?nid=7"),
    ("https://www.theguardian.com/uk/2026/a?CMP=Share_iOSApp_Other", "https://www.theguardian.com/uk/2026/a"),
    ("https://www.bbc.co.uk/news/uk-1?at_medium=RSS&at_campaign=rss", "https://www.bbc.co.uk/news/uk-1"),
    ("https://news.example/a?PHPSESSID=9f&id=4", "https://news.example/a?id=4"),
])
def test_canonical_url(url, expected):
    assert canonical_url(url, "https://base.example/feed") == expected


def test_opml_round_trip_and_folders():
    doc = b"""<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
    <outline text="UK"><outline type="rss" text="Herald" xmlUrl="https://herald.example/rss" htmlUrl="https://herald.example/"/></outline>
    <outline type="rss" title="Wire &amp; Co" text="w" xmlUrl="https://wire.example/feed.json"/>
    <outline text="folder without feeds"/></body></opml>"""
    subs = parse_opml(doc)
    assert subs == [Subscription("https://herald.example/rss", "Herald", "https://herald.example/", "UK"),
                    Subscription("https://wire.example/feed.json", "Wire & Co", None, None)]
    again = parse_opml(dump_opml(subs).encode())
    assert [(s.url, s.title) for s in again] == [(s.url, s.title) for s in subs]


def test_opml_with_html_entities_and_feed_scheme():
    """A list exported by an older reader: HTML entities in titles made the whole file "not a
    valid OPML file", and feed:// URLs were skipped as not http(s)."""
    doc = b"""<?xml version="1.0" encoding="UTF-8"?><opml version="1.0"><body>
    <outline text="Caf&eacute;&nbsp;News &amp; Co" xmlUrl="feed://cafe.example/rss?a=1&amp;b=2"/>
    <outline text="Wire" xmlUrl="feed:https://wire.example/feed"/>
    <outline text="&bogus; Post" xmlUrl="https://post.example/rss"/></body></opml>"""
    with pytest.raises(ParseError, match="bogus"):  # an entity HTML does not know either is still an error
        parse_opml(doc)
    subs = parse_opml(doc.replace(b"&bogus; ", b""))
    assert [(s.url, s.title) for s in subs] == [
        ("http://cafe.example/rss?a=1&b=2", "Caf\u00e9\u00a0News & Co"), ("https://wire.example/feed", "Wire"),
        ("https://post.example/rss", "Post")]


def test_opml_import_of_a_reader_export(tagwire):
    doc = b'<opml version="1.0"><body><outline text="Caf&eacute;" xmlUrl="feed://127.0.0.1:9/rss"/></body></opml>'
    assert tagwire.import_opml(doc) == (1, 0, [])
    assert [(f.url, f.source_name) for f in tagwire.feeds()] == [("http://127.0.0.1:9/rss", "Caf\u00e9")]


def test_opml_export_keeps_the_home_page_import_read(tagwire):
    doc = b'<opml version="2.0"><body><outline text="Post" xmlUrl="http://127.0.0.1:9/rss" htmlUrl="http://127.0.0.1:9/"/>' \
          b'<outline text="Bare" xmlUrl="http://127.0.0.1:9/bare"/></body></opml>'
    tagwire.import_opml(doc)
    assert {(s.url, s.home_url) for s in parse_opml(tagwire.export_opml().encode())} == {
        ("http://127.0.0.1:9/rss", "http://127.0.0.1:9/"), ("http://127.0.0.1:9/bare", None)}


@pytest.mark.parametrize("doc", [b"", b"<html/>", b"<opml><body>", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><opml><body><outline xmlUrl="&e;"/></body></opml>'])
def test_bad_opml(doc):
    try:
        subs = parse_opml(doc)
    except ParseError:
        return
    assert all("root:" not in s.url for s in subs)


@pytest.mark.parametrize("doc", [b"{", b'{"version": 3}', b'{"version": "https://jsonfeed.org/version/1", "items": 5}',
                                 b'["x"]', b'{"version": "https://jsonfeed.org/version/1.1", "items": [1, {"url": 3}, {"url": "javascript:x"}]}'])
def test_hostile_json_feeds(doc):
    try:
        feed = parse_feed(doc, "https://x.example/feed.json")
    except ParseError:
        return
    assert feed.entries == ()


def test_discovery_prefers_rss_and_resolves_relative_links():
    from tagwire.parse.discover import discover_feeds

    page = b"""<html><head><link rel="alternate" type="application/atom+xml" href="/atom">
      <link rel="alternate" type="application/rss+xml" href="rss.xml"><link rel="stylesheet" href="/s.css">
      <link rel="alternate" type="application/rss+xml" href="rss.xml"></head></html>"""
    assert discover_feeds(page, "https://site.example/news/") == ["https://site.example/news/rss.xml",
                                                                   "https://site.example/atom"]
    assert discover_feeds(b"", "https://x.example/") == []
    assert discover_feeds(b"\x00\x01binary", "https://x.example/") == []


@pytest.mark.parametrize("fragment, text", [
    ("<p>One.</p><p>Two &amp; three</p>", "One. Two & three"),
    ("a<br>b<br/>c", "a b c"),
    ("<div>x<script>alert(1)</script><style>p{}</style></div>y", "x y"),
    ("plain &lt;b&gt; text", "plain <b> text"),
    ("", ""),
    (None, ""),
])
def test_plain_text(fragment, text):
    from tagwire.parse.text import plain_text

    assert plain_text(fragment) == text


def test_fast_and_robust_paths_agree():
    from tagwire.parse.fastfeeds import parse_fast

    fast = parse_fast(RSS, "https://herald.example/rss", max_items=100)
    robust = parse_feed(RSS.replace(b'<?xml version="1.0" encoding="UTF-8"?>', b""), "https://herald.example/rss",
                        content_type="application/rss+xml; charset=iso-8859-1")  # header charset: feedparser
    def view(e):  # the raw summary differs (feedparser sanitises); its text does not
        return (e.url, e.guid, e.title, e.summary_text, e.published, e.updated, e.categories, e.authors)

    assert [view(e) for e in fast.entries] == [view(e) for e in robust.entries]


def test_broken_xml_falls_back_to_feedparser():
    broken = b"""<rss version="2.0"><channel><title>Broken & unescaped</title>
    <item><title>Still readable</title><link>https://x.example/a</link></item>"""
    assert [e.title for e in parse_feed(broken, "https://x.example/feed").entries] == ["Still readable"]


@pytest.mark.parametrize("url", [
    "https://news.example/a/b-1", "https://news.example/a/b/", "https://news.example", "https://news.example/a%20b",
    "https://news.example/A/B.html", "http://x.example/2025/11/03/story~1.html", "https://x.example/a;b",
    "https://x.example/a!b'c(d)*e+f,g=h:i@j$k&l",
])
def test_fast_canonical_path_matches_courlan(url):
    import courlan

    assert canonical_url(url) == courlan.normalize_url(url, strict=True)


def test_titles_are_text_not_html():
    rss = (b'<rss version="2.0"><channel><title>Q&amp;amp;A Weekly</title><item><title>Rates &amp;lt; 5% '
           b"&amp;amp; falling: &lt;b&gt;why&lt;/b&gt;</title><link>https://q.example/a</link></item></channel></rss>")
    feed = parse_feed(rss, "https://q.example/rss")
    assert feed.title == "Q&A Weekly"
    assert feed.entries[0].title == "Rates < 5% & falling: why"


def test_xml_base_and_xhtml_titles():
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://b.example/news/"><title>B</title>
    <entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Storm <b>hits</b> coast</div></title>
    <link href="storm-hits-coast"/><id>tag:b,1</id><updated>2025-11-02T08:00:00Z</updated></entry></feed>"""
    [entry] = parse_feed(atom, "https://feeds.b.example/atom").entries
    assert entry.url == "https://b.example/news/storm-hits-coast"  # the base, not the feed's own URL
    assert entry.title == "Storm hits coast"


def test_json_feed_item_with_its_permalink_only_as_id():
    doc = (b'{"version": "https://jsonfeed.org/version/1", "title": "J", "items": [{"id": "https://j.example/a",'
           b' "title": "A &amp; B", "content_text": "Text."}, {"id": "42", "title": "No link"}]}')
    [entry] = parse_feed(doc, "https://j.example/feed.json").entries
    assert entry.url == "https://j.example/a" and entry.title == "A & B"


def test_gzip_bodies_are_unzipped_within_a_bound():
    import gzip

    assert parse_feed(gzip.compress(RSS), "https://herald.example/rss.gz").title == "Herald"
    bomb = gzip.compress(b"<urlset>" + b" " * (60 * 2**20))  # 60 MB of spaces in 60 kB
    with pytest.raises(ParseError, match="over 50 MB once unzipped"):
        parse_feed(bomb, "https://x.example/sitemap.xml.gz")
    with pytest.raises(ParseError, match="broken gzip"):
        parse_feed(b"\x1f\x8bnot really gzip", "https://x.example/sitemap.xml.gz")


def test_a_title_that_is_text_keeps_its_angle_brackets():
    atom = (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><title type="text">'
            b"Why a &lt; b &amp; &lt;script&gt; is not markup</title><link href='https://t.example/a'/>"
            b"<id>1</id></entry></feed>")
    assert parse_feed(atom, "https://t.example/atom").entries[0].title == "Why a < b & <script> is not markup"


@pytest.mark.parametrize("item", [
    b"<title>Fish & chips</title><link>https://x.example/h?id=1&page=2</link>",  # bare ampersands
    b"<title>Fish &amp; chips&nbsp;&pound;5</title><link>https://x.example/h?id=1&amp;page=2</link>",  # HTML entities
])
def test_ampersands_xml_does_not_allow_lose_no_link_or_words(item):
    """The fast parser's forgiving read dropped what followed them: "?id=1&page=2" became
    "?id=1%3D2", a page that does not exist; such feeds go to feedparser."""
    feed = parse_feed(b'<rss version="2.0"><channel><title>E</title><item>' + item + b"</item></channel></rss>",
                      "https://x.example/feed")
    [entry] = feed.entries
    assert entry.url == "https://x.example/h?id=1&page=2" and entry.title.startswith("Fish & chips")


def test_ampersands_are_repaired_outside_cdata_only():
    from tagwire.parse.feeds import repair_ampersands

    ok = b'<item><title>A &amp; B &#163; &lt;</title><description><![CDATA[x&nbsp;y & z]]></description></item>'
    assert repair_ampersands(ok) == ok
    assert repair_ampersands(b"<t>A & B&nbsp;&pound;5 &lol6; &</t>") == b"<t>A &amp; B&#160;&#163;5 &amp;lol6; &amp;</t>"
    utf16 = '<rss><channel><item><title>A &amp; B</title></item></channel></rss>'.encode("utf-16")
    assert repair_ampersands(utf16) == utf16  # two bytes an "&": left to feedparser as it is


def test_an_undeclared_feed_that_is_not_utf8_is_read_as_windows_1252():
    """No XML declaration, no charset, Latin-1 bytes: feedparser's fallback, not U+FFFD."""
    doc = '<rss version="2.0"><channel><title>Café</title><item><title>Señor café</title>' \
          '<link>https://x.example/g</link></item></channel></rss>'.encode("latin-1")
    feed = parse_feed(doc, "https://x.example/feed")
    assert feed.entries[0].title == "Señor café" and feed.title == "Café"


@pytest.mark.parametrize("fast", [True, False])
def test_a_long_feed_listed_oldest_first_gives_its_newest_items(fast):
    """A feed of 250 items, oldest first: the cap of 100 keeps the newest, not the oldest."""
    from datetime import timedelta

    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    items = "".join(f"<item><title>Item {i}</title><link>https://x.example/{i}</link>"
                    f"<pubDate>{(start + timedelta(days=i)).strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate></item>"
                    for i in range(250))
    doc = f'<rss version="2.0"><channel><title>Archive</title>{items}</channel></rss>'.encode()
    if not fast:
        doc = doc.replace(b"<title>Archive</title>", b'<title>Archive</title><link xml:base="https://x.example/"/>')
    feed = parse_feed(doc, "https://x.example/feed", max_items=100)
    assert [e.title for e in feed.entries[:2]] == ["Item 249", "Item 248"] and len(feed.entries) == 100
    json_items = [{"id": f"https://x.example/{i}", "url": f"https://x.example/{i}", "title": f"Item {i}",
                   "date_published": (start + timedelta(days=i)).isoformat()} for i in range(250)]
    import json as _json

    jf = parse_feed(_json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": json_items}).encode(),
                    "https://x.example/feed.json", max_items=100)
    assert jf.entries[0].title == "Item 249"


@pytest.mark.parametrize("content", [
    b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>News<entry><title>Cut',
    b'<rss version="2.0"><channel><title>News</title><item><title>Cut</ti',
])
def test_xml_broken_before_its_first_item_is_not_an_empty_feed(content):
    with pytest.raises(ParseError, match="not a feed"):
        parse_feed(content, "https://x.example/feed")


@pytest.mark.parametrize("content", [b'<rss version="2.0"><channel><title>Quiet</title></channel></rss>',
                                     b'<feed xmlns="http://www.w3.org/2005/Atom"><title>Quiet</title></feed>'])
def test_a_well_formed_feed_with_no_items_is_still_a_feed(content):
    assert parse_feed(content, "https://x.example/feed", content_type="text/plain").entries == ()
