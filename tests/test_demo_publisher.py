"""The offline demo publisher: content shape, feeds, pages and HTTP behaviour.

Everything runs against a real server on loopback (port 0).
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest

from tagwire.demo.publisher import OutletFeed, Publisher, load_content, start_publisher

NOW = datetime(2026, 11, 3, 15, 30, 0, tzinfo=timezone.utc)
SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.fixture(scope="module")
def pub() -> Publisher:
    with start_publisher(now=NOW) as p:
        yield p


def fetch(url: str, headers: dict[str, str] | None = None, method: str = "GET"):
    req = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def json_ld_objects(page: str) -> list[dict]:
    found: list[dict] = []
    for block in re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', page, flags=re.S
    ):
        data = json.loads(block)
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                found.append(item)
                stack.extend(item.get("@graph", []))
    return found


def news_article(page: str) -> dict:
    items = [o for o in json_ld_objects(page) if o.get("@type") == "NewsArticle"]
    assert len(items) == 1, "expected exactly one JSON-LD NewsArticle"
    return items[0]


# --------------------------------------------------------------------------
# Content
# --------------------------------------------------------------------------


def test_content_volume_and_spread(pub: Publisher) -> None:
    assert len(pub.outlets) >= 4
    assert all(isinstance(o, OutletFeed) for o in pub.outlets)
    assert {o.kind for o in pub.outlets} == {"rss", "atom"}
    assert len(pub.articles) >= 40

    topics = {a["topic"] for a in pub.articles}
    assert len(topics) >= 6
    assert {"grooming-gangs-review", "energy-price-cap", "cup-final", "ai-chips-regulation",
            "nhs-waiting-times", "storms-floods-climate", "festivals"} <= topics

    story_outlets: dict[str, set[str]] = defaultdict(set)
    for a in pub.articles:
        story_outlets[a["story"]].add(a["outlet"])
    assert sum(1 for v in story_outlets.values() if len(v) >= 2) >= 4

    assert sum(1 for a in pub.articles if a["paywalled"]) >= 2
    ages = [a["age_hours"] for a in pub.articles]
    assert any(h < 24 * 7 for h in ages) and sum(h > 24 * 7 for h in ages) >= 10
    assert min(ages) <= 2 and max(ages) >= 24 * 35


def test_content_fields_and_paragraph_lengths() -> None:
    doc = load_content()
    slugs = {o["slug"] for o in doc["outlets"]}
    for o in doc["outlets"]:
        assert o["language"] == "en-GB" and o["feed_kind"] in ("rss", "atom") and o["style"]
    assert len({o["style"] for o in doc["outlets"]}) == len(doc["outlets"])
    seen = set()
    for a in doc["articles"]:
        for key in ("outlet", "slug", "section", "age_hours", "title", "authors", "summary",
                    "paragraphs", "paywalled", "topic", "story"):
            assert key in a, (a.get("slug"), key)
        assert a["outlet"] in slugs
        assert (a["outlet"], a["slug"]) not in seen
        seen.add((a["outlet"], a["slug"]))
        assert a["authors"] and all(n and " and " not in n for n in a["authors"])
        assert 4 <= len(a["paragraphs"]) <= 8, a["slug"]
        for p in a["paragraphs"]:
            assert 60 <= len(p.split()) <= 140, (a["slug"], len(p.split()))


def test_same_story_shares_facts(pub: Publisher) -> None:
    review = [a for a in pub.articles if a["story"] == "grooming-gangs-review-announced"]
    assert len({a["outlet"] for a in review}) == 3
    for a in review:
        text = " ".join(a["paragraphs"])
        assert "Miriam Holt" in text or "Holt" in a["title"]
        assert "Dame Helen Carrow" in text and "£12.5" in text and "42" in text
        assert "grooming gang" in (a["title"] + text).lower()
    assert any("Home Office" in " ".join(a["paragraphs"]) for a in review)
    older = [a for a in pub.articles
             if a["topic"] == "grooming-gangs-review" and a["age_hours"] > 24 * 7]
    assert len(older) >= 2

    cap = [a for a in pub.articles if a["story"] == "price-cap-january-rise"]
    assert len(cap) >= 2 and all("1,812" in " ".join(a["paragraphs"]) for a in cap)

    storms = {a["story"] for a in pub.articles if a["topic"] == "storms-floods-climate"}
    assert {"storm-imogen", "storm-kester"} <= storms


def test_published_times_follow_now(pub: Publisher) -> None:
    for a in pub.articles:
        assert a["published"].tzinfo is not None
        assert a["published"] == NOW - timedelta(hours=a["age_hours"])
        assert a["modified"] >= a["published"]
        assert a["url"].startswith(pub.base_url + "/" + a["outlet"] + "/")


# --------------------------------------------------------------------------
# Feeds and pages
# --------------------------------------------------------------------------


def test_feeds_parse_and_every_link_is_an_article(pub: Publisher) -> None:
    by_url = {a["url"]: a for a in pub.articles}
    for outlet in pub.outlets:
        status, headers, body = fetch(outlet.feed_url)
        assert status == 200
        assert headers["Content-Type"] == (
            "application/atom+xml; charset=utf-8" if outlet.kind == "atom"
            else "application/rss+xml; charset=utf-8"
        )
        assert headers.get("ETag") and headers.get("Last-Modified")
        feed = feedparser.parse(body)
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.version.startswith("atom" if outlet.kind == "atom" else "rss")
        expected = [a for a in pub.articles if a["outlet"] == outlet.slug]
        assert len(feed.entries) == len(expected)

        for entry in feed.entries:
            assert entry.get("published_parsed") and entry.get("summary")
            status, headers, body = fetch(entry.link)
            assert status == 200, entry.link
            assert headers["Content-Type"] == "text/html; charset=utf-8"
            page = body.decode("utf-8")
            article = news_article(page)
            canonical = re.search(r'<link rel="canonical" href="([^"]+)">', page).group(1)
            assert canonical in by_url and "utm_" not in canonical
            row = by_url[canonical]
            assert article["headline"] == row["title"] == entry.title
            assert datetime.fromisoformat(article["datePublished"]) == row["published"]
            assert [p["name"] for p in article["author"]] == row["authors"]
            assert article["articleSection"] == row["section"]
            assert article["isAccessibleForFree"] is (not row["paywalled"])
            assert "<title>" in page and f'property="og:site_name" content="{outlet.name}"' in page
            assert '<div class="ad-slot' in page and "<nav" in page and "<footer" in page
            assert re.search(r'<time[^>]+datetime="[^"]+[+-]\d\d:\d\d"', page)
            for p in row["visible_paragraphs"]:
                assert html.escape(p) in page


def test_paywalled_pages_hide_the_rest(pub: Publisher) -> None:
    paywalled = [a for a in pub.articles if a["paywalled"]]
    cuts = set()
    for a in paywalled:
        page = fetch(a["url"])[2].decode()
        assert "Subscribe to continue reading" in page
        article = news_article(page)
        assert article["isAccessibleForFree"] is False
        assert article["hasPart"]["cssSelector"] == ".paywalled-content"
        assert len(a["visible_paragraphs"]) == 2
        hidden = a["paragraphs"][2].split(".")[0][:60]
        assert html.escape(hidden) not in page
        cuts.add(a["visible_paragraphs"][1][-1] in ".”\"")
    assert cuts == {True, False}  # one cut mid-sentence, the others after a full sentence


def test_page_markup_differs_per_outlet(pub: Publisher) -> None:
    markers = {
        "northgate-herald": '<div class="article-body"',
        "daily-meridian": '<div class="story-body">',
        "riverside-chronicle": '<blockquote class="pull-quote">',
        "coastline-news": '<div class="text-block">',
        "westmarch-gazette": '<div class="entry-content">',
    }
    for slug, marker in markers.items():
        a = next(x for x in pub.articles if x["outlet"] == slug and not x["paywalled"])
        page = fetch(a["url"])[2].decode()
        assert marker in page
        others = [m for s, m in markers.items() if s != slug]
        assert not any(m in page for m in others)
    a = next(x for x in pub.articles if x["outlet"] == "riverside-chronicle" and not x["paywalled"])
    assert "<strong>Read more:</strong>" in fetch(a["url"])[2].decode()


def test_tracking_parameters_and_missing_category(pub: Publisher) -> None:
    tracked = [a for a in pub.articles if "?" in a["feed_link"]]
    assert len(tracked) == 1
    a = tracked[0]
    assert "utm_source=rss&utm_medium=feed" in a["feed_link"]
    status, _, body = fetch(a["feed_link"])
    assert status == 200 and f'<link rel="canonical" href="{a["url"]}">' in body.decode()

    bare = [x for x in pub.articles if x.get("feed_category") is False]
    assert bare
    for x in bare:
        outlet = next(o for o in pub.outlets if o.slug == x["outlet"])
        feed = feedparser.parse(fetch(outlet.feed_url)[2])
        entry = next(en for en in feed.entries if en.title == x["title"])
        assert not entry.get("tags")
        path = urlsplit(x["url"]).path.lower()
        assert x["section"].lower() not in path.split("/")
        page = fetch(x["url"])[2].decode()
        assert f'<meta property="article:section" content="{x["section"]}">' in page


# --------------------------------------------------------------------------
# HTTP behaviour
# --------------------------------------------------------------------------


def test_conditional_get_answers_304(pub: Publisher) -> None:
    for outlet in pub.outlets:
        _, headers, _ = fetch(outlet.feed_url)
        status, again, body = fetch(outlet.feed_url, {"If-None-Match": headers["ETag"]})
        assert status == 304 and body == b"" and again["ETag"] == headers["ETag"]
        status, _, _ = fetch(outlet.feed_url, {"If-Modified-Since": headers["Last-Modified"]})
        assert status == 304
        status, _, body = fetch(outlet.feed_url, {"If-None-Match": '"something-else"'})
        assert status == 200 and body


def test_head_robots_opml_and_404(pub: Publisher) -> None:
    status, headers, body = fetch(pub.outlets[0].feed_url, method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0

    status, headers, body = fetch(pub.base_url + "/robots.txt")
    assert status == 200 and headers["Content-Type"] == "text/plain; charset=utf-8"
    assert "Allow: /" in body.decode() and "Sitemap: " in body.decode()

    for text in (pub.opml(), fetch(pub.base_url + "/opml.xml")[2].decode()):
        root = ET.fromstring(text)
        assert root.tag == "opml" and root.get("version") == "2.0"
        outlines = root.findall("./body//outline")
        assert {o.get("xmlUrl") for o in outlines} == {o.feed_url for o in pub.outlets}
        for o in outlines:
            assert o.get("type") == "rss" and o.get("text") and o.get("title") and o.get("htmlUrl")

    for outlet in pub.outlets:
        status, headers, body = fetch(outlet.home_url)
        assert status == 200 and 'rel="alternate"' in body.decode()

    assert fetch(pub.base_url + "/no/such/page")[0] == 404
    assert fetch(pub.base_url + "/northgate-herald/news/politics/2020/01/01/nope")[0] == 404


def test_stop_releases_the_port() -> None:
    p = start_publisher()
    url = p.outlets[0].feed_url
    assert fetch(url)[0] == 200
    p.stop()
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(url, timeout=2)


def test_standalone_entry_point_prints_feed_urls() -> None:
    env = dict(os.environ, PYTHONPATH=str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.Popen(
        [sys.executable, "-m", "tagwire.demo.publisher", "--port", "0"],
        stdout=subprocess.PIPE, text=True, env=env,
    )
    try:
        lines = [proc.stdout.readline() for _ in range(3)]
        feed_url = re.search(r"(http://\S+/feed\.xml)", "".join(lines)).group(1)
        assert fetch(feed_url)[0] == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)
