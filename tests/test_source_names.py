"""A feed added without a name is named after its publisher once read.

Before, every unnamed feed was named after its host, and feeds of one host shared
that one source: five outlets served from one host were one outlet, and a story
they all covered had no "also reported by".
"""

from __future__ import annotations

import pytest

from tagwire.demo.publisher import start_publisher
from tagwire.parse.names import host_name, is_provisional, name_from_feed_title, name_from_pages
from tests.test_crawler import page, rss


@pytest.mark.parametrize(("title", "url", "expected"), [
    ("BBC News - Home", "https://feeds.bbci.co.uk/news/rss.xml", "BBC News"),
    ("World news | The Guardian", "https://www.theguardian.com/world/rss", "The Guardian"),
    ("Politics | The Independent", "https://www.independent.co.uk/news/uk/politics/rss", "The Independent"),
    ("Reuters: Top News", "https://www.reuters.com/rss", "Reuters"),
    ("NYT > Top Stories", "https://rss.nytimes.com/services/xml/rss/nyt/HomePage.xml", "NYT"),
    ("The Kettlewell Courier", "http://127.0.0.1:8000/feed.xml", "The Kettlewell Courier"),
    ("Harbour Post - Latest news", "http://127.0.0.1:8000/post/feed.xml", "Harbour Post"),
    ("Al-Mashriq Daily", "http://127.0.0.1:8000/feed.xml", "Al-Mashriq Daily"),
    # a title naming only a section or the feed itself names no publisher
    ("Latest news", "http://127.0.0.1/feed.xml", None),
    ("Home | Top stories", "http://127.0.0.1/feed.xml", None),
    ("   ", "http://127.0.0.1/feed.xml", None),
    (None, "http://127.0.0.1/feed.xml", None),
])
def test_the_publisher_in_a_feed_title(title, url, expected):
    assert name_from_feed_title(title, url) == expected


def test_a_long_title_is_cut_and_whitespace_folded():
    name = name_from_feed_title("The\n  Very " + "Long " * 60 + "Gazette", "http://127.0.0.1/x")
    assert name.startswith("The Very Long") and len(name) <= 120 and "  " not in name


def test_the_name_most_pages_give():
    assert name_from_pages(["The Courier", "The Courier", None, "Courier Sport"]) == "The Courier"
    assert name_from_pages(["A", "B"]) is None  # no majority: no guess
    assert name_from_pages([None, " ", "News"]) is None


def test_only_a_host_name_is_provisional():
    assert host_name("https://www.example.org/feed") == "example.org"
    assert is_provisional("example.org", "https://www.example.org/rss")
    assert not is_provisional("Example Gazette", "https://www.example.org/rss")


def test_outlets_sharing_a_host_become_separate_sources(tagwire):
    """The demo publisher serves several outlets from one loopback host, added here without names."""
    with start_publisher() as publisher:
        for outlet in publisher.outlets:
            tagwire.add_feed(outlet.feed_url)
        assert {f.source_name for f in tagwire.feeds()} == {"127.0.0.1"}
        summary = tagwire.crawl()
    assert summary.errors == 0
    assert {f.source_name for f in tagwire.feeds()} == {o.name for o in publisher.outlets}
    assert sorted(tagwire.storage.source_names()) == sorted(o.name for o in publisher.outlets)  # the host's source is gone
    by_outlet = {a.source_name for a in tagwire.storage.iter_articles()}
    assert by_outlet == {o.name for o in publisher.outlets}
    stories = {}
    for a in tagwire.storage.iter_articles():
        stories.setdefault(a.story_id, set()).add(a.source_name)
    assert max(len(outlets) for outlets in stories.values()) >= 2  # one story, several outlets


def test_a_named_feed_keeps_its_name_and_feeds_of_one_publisher_join(tagwire, server):
    page(server, "/a1", "Harbour works to finish in spring")
    page(server, "/b1", "Quay opening delayed by storms")
    server.set("/news.xml", rss(server, ("Harbour works", "/a1"), title="Harbour Post - News"))
    server.set("/sport.xml", rss(server, ("Quay opening", "/b1"), title="Harbour Post - Sport"))
    server.set("/mine.xml", rss(server, ("Quay opening", "/b1"), title="Something Else"))
    tagwire.add_feed(server.url + "/news.xml")
    tagwire.add_feed(server.url + "/sport.xml")
    tagwire.add_feed(server.url + "/mine.xml", name="My Picks")
    tagwire.crawl()
    names = {f.url.rsplit("/", 1)[1]: f.source_name for f in tagwire.feeds()}
    assert names == {"news.xml": "Harbour Post", "sport.xml": "Harbour Post", "mine.xml": "My Picks"}
    assert len({f.source_id for f in tagwire.feeds() if f.source_name == "Harbour Post"}) == 1


def test_pages_name_the_publisher_when_the_feed_title_does_not(tagwire, server):
    body = ("<html><head><title>Ferry fares to rise</title><meta property='og:site_name' content='Island Times'>"
            "</head><body><article><h1>Ferry fares to rise</h1>"
            + "<p>The ferry operator said fares on the island route would rise by a tenth in April, blaming fuel "
              "costs, while islanders said the increase would hit families and small firms hardest.</p>" * 4
            + "</article></body></html>")
    server.set("/f1", body, Content_Type="text/html; charset=utf-8")
    server.set("/feed.xml", rss(server, ("Ferry fares", "/f1"), title="Latest news"))
    tagwire.add_feed(server.url + "/feed.xml")
    tagwire.crawl()
    [feed] = tagwire.feeds()
    assert feed.source_name == "Island Times"
    assert [a.source_name for a in tagwire.storage.iter_articles()] == ["Island Times"]
