"""HTTP caching of the HTML pages: strong ETag from the body, Last-Modified from the newest
article shown, short public Cache-Control (private for admin pages and signed-in readers),
304 on If-None-Match / If-Modified-Since; errors are never cached."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime, parsedate_to_datetime

import pytest
from starlette.requests import Request
from starlette.testclient import TestClient

from tagwire.types import NewArticle, TagAssignment
from tagwire.web import create_app
from tagwire.web.caching import CACHE_CONTROL, PRIVATE_CACHE_CONTROL, page_cache_control

NOW = datetime.now(timezone.utc).replace(microsecond=0)


def _store(tw, source, n: int, hours_ago: int, modified: datetime | None = None) -> int:
    tag = TagAssignment(tag="ferrystrike", label="Ferry strike", score=0.5, kind="topic", why="test")
    article_id, _ = tw.storage.upsert_article(NewArticle(
        url=f"https://news.example/{n}", source_id=source.id, feed_id=None, title=f"Ferry story {n}",
        text="Body.", excerpt="Excerpt.", published=NOW - timedelta(hours=hours_ago), modified=modified,
        fetched_at=NOW, category="Politics", tags=(tag,)))
    return article_id


@pytest.fixture
def site(tagwire):
    source = tagwire.storage.add_source("Herald")
    for n in range(3):
        _store(tagwire, source, n, hours_ago=n + 2)
    return tagwire, source, TestClient(create_app(tagwire))


PAGES = ["/", "/tag/ferrystrike", "/category/Politics", "/source/{source}"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_carry_validators_and_answer_304(site, path):
    tw, source, client = site
    url = path.format(source=source.id)
    first = client.get(url)
    assert first.status_code == 200 and first.headers["content-type"] == "text/html; charset=utf-8"
    etag = first.headers["etag"]
    assert etag.startswith('"') and not etag.startswith("W/")  # strong: a hash of the exact body
    assert first.headers["cache-control"] == CACHE_CONTROL == "public, max-age=60"
    assert parsedate_to_datetime(first.headers["last-modified"]) == NOW - timedelta(hours=2)
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert "default-src 'none'" in again.headers["content-security-policy"]
    since = client.get(url, headers={"If-Modified-Since": first.headers["last-modified"]})
    assert since.status_code == 304
    # a newer article changes the page, its validator and its date
    _store(tw, source, 9, hours_ago=1)
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    assert parsedate_to_datetime(changed.headers["last-modified"]) == NOW - timedelta(hours=1)
    stale = format_datetime(NOW - timedelta(hours=2), usegmt=True)
    assert client.get(url, headers={"If-Modified-Since": stale}).status_code == 200


def test_last_modified_counts_an_edit_of_an_article(tagwire):
    source = tagwire.storage.add_source("Herald")
    edited = NOW - timedelta(minutes=30)
    _store(tagwire, source, 1, hours_ago=5, modified=edited)
    client = TestClient(create_app(tagwire))
    page = client.get("/")
    assert parsedate_to_datetime(page.headers["last-modified"]) == edited


def test_a_time_in_the_future_is_not_sent(tagwire):
    source = tagwire.storage.add_source("Herald")
    _store(tagwire, source, 1, hours_ago=-48)  # a publisher's clock two days ahead
    page = TestClient(create_app(tagwire)).get("/")
    assert parsedate_to_datetime(page.headers["last-modified"]) <= datetime.now(timezone.utc)


def test_pages_without_articles_have_an_etag_only(site):
    _, _, client = site
    page = client.get("/tags")
    assert page.status_code == 200 and page.headers["etag"] and "last-modified" not in page.headers
    assert client.get("/tags", headers={"If-None-Match": page.headers["etag"]}).status_code == 304


def test_errors_are_never_cached(site):
    _, _, client = site
    missing = client.get("/tag/nosuchtag")
    assert missing.status_code == 404
    assert missing.headers["cache-control"] == "no-store" and "etag" not in missing.headers
    assert client.get("/?cursor=garbage").headers["cache-control"] == "no-store"


def test_signed_in_readers_get_private_pages(site):
    _, _, client = site
    # feeds out and the API choose the same way (they share web/caching.conditional)
    assert client.get("/feed.rss?token=t").headers["cache-control"] == PRIVATE_CACHE_CONTROL
    assert client.get("/api/v1/articles", headers={"Authorization": "Bearer t"}).headers["cache-control"] \
        == PRIVATE_CACHE_CONTROL
    assert client.get("/feed.rss").headers["cache-control"] == CACHE_CONTROL
    with_cookie = client.get("/", headers={"Cookie": "session=abc"})
    assert with_cookie.headers["cache-control"] == PRIVATE_CACHE_CONTROL == "private, no-store"
    assert client.get("/", headers={"Authorization": "Bearer x"}).headers["cache-control"] == PRIVATE_CACHE_CONTROL


@pytest.mark.parametrize("path, headers, expected", [
    ("/", [], CACHE_CONTROL),
    ("/admin", [], PRIVATE_CACHE_CONTROL),
    ("/admin/sources", [], PRIVATE_CACHE_CONTROL),
    ("/tag/x", [(b"cookie", b"a=b")], PRIVATE_CACHE_CONTROL),
    ("/api/v1/admin/feeds", [], PRIVATE_CACHE_CONTROL),
    ("/tag/x.rss?token=secret", [], PRIVATE_CACHE_CONTROL),
    ("/tag/x.rss?page=2", [], CACHE_CONTROL),
])
def test_cache_control_choice(path, headers, expected):
    path, _, query = path.partition("?")
    request = Request({"type": "http", "method": "GET", "path": path, "headers": headers, "query_string": query.encode(),
                       "scheme": "http", "server": ("testserver", 80), "root_path": ""})
    assert page_cache_control(request) == expected
