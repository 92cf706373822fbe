"""The page micro-cache: fresh, stale-while-revalidate, single flight, and what it never keeps."""

import asyncio
import time
from datetime import datetime, timezone

import pytest
from starlette.testclient import TestClient

from tagwire.types import NewArticle, TagAssignment
from tagwire.web import create_app
from tagwire.web.pagecache import PageCache

NOW = datetime.now(timezone.utc)


def _add(tagwire, source, n):
    tagwire.storage.upsert_article(NewArticle(
        url=f"https://herald.example/{n}", source_id=source.id, feed_id=None, title=f"Harbour report {n}",
        text="The harbour reopened.", excerpt="The harbour reopened.", published=NOW, fetched_at=NOW,
        tags=(TagAssignment(tag="harbour", label="harbour", score=0.5, kind="keyphrase", why="t"),)))


def _client(tagwire, ttl):
    from dataclasses import replace

    tagwire.settings = replace(tagwire.settings, page_cache_seconds=ttl)
    return TestClient(create_app(tagwire))


def test_fresh_then_stale_while_revalidating(tagwire):
    source = tagwire.storage.add_source("Herald")
    _add(tagwire, source, 1)
    with _client(tagwire, 0.5) as client:
        first = client.get("/tag/harbour")
        assert first.headers["x-tagwire-cache"] == "miss" and "Harbour report 1" in first.text
        _add(tagwire, source, 2)
        again = client.get("/tag/harbour")
        assert again.headers["x-tagwire-cache"] == "hit" and "Harbour report 2" not in again.text
        assert again.headers["content-security-policy"]  # outer middleware still adds its headers
        time.sleep(0.6)
        stale = client.get("/tag/harbour")  # served at once, re-rendered behind it
        assert stale.headers["x-tagwire-cache"] == "stale" and "Harbour report 2" not in stale.text
        for _ in range(50):
            fresh = client.get("/tag/harbour")
            if "Harbour report 2" in fresh.text:
                break
            time.sleep(0.05)
        assert "Harbour report 2" in fresh.text and fresh.headers["x-tagwire-cache"] == "hit"


def test_conditional_get_from_the_cache(tagwire):
    source = tagwire.storage.add_source("Herald")
    _add(tagwire, source, 1)
    with _client(tagwire, 30) as client:
        etag = client.get("/tag/harbour").headers["etag"]
        r = client.get("/tag/harbour", headers={"If-None-Match": etag})
        assert r.status_code == 304 and r.headers["x-tagwire-cache"] == "hit" and r.headers["etag"] == etag


@pytest.mark.parametrize("path, headers", [
    ("/tag/harbour", {"Cookie": "session=x"}),
    ("/tag/harbour", {"Authorization": "Bearer x"}),
    ("/tag/harbour.rss?token=abc", {}),
    ("/api/v1/articles", {}),
    ("/admin/login", {}),
    ("/tag/nosuchtag", {}),  # a 404 is not kept
    ("/metrics", {}),
])
def test_what_is_never_kept(tagwire, path, headers):
    source = tagwire.storage.add_source("Herald")
    _add(tagwire, source, 1)
    with _client(tagwire, 30) as client:
        client.get(path, headers=headers)
        second = client.get(path, headers=headers)
        assert second.headers.get("x-tagwire-cache") in (None, "miss")


def test_zero_turns_it_off(tagwire):
    source = tagwire.storage.add_source("Herald")
    _add(tagwire, source, 1)
    with _client(tagwire, 0) as client:
        client.get("/tag/harbour")
        _add(tagwire, source, 2)
        r = client.get("/tag/harbour")
        assert "x-tagwire-cache" not in r.headers and "Harbour report 2" in r.text


def test_concurrent_requests_for_a_cold_page_render_it_once():
    calls = 0

    async def slow_page(scope, receive, send):  # noqa: ANN001
        nonlocal calls
        calls += 1
        await asyncio.sleep(0.2)
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/html"), (b"etag", b'"v1"')]})
        await send({"type": "http.response.body", "body": b"<p>page</p>"})

    cache = PageCache(slow_page, ttl=10)

    async def one() -> tuple[int, bytes]:
        sent = []

        async def send(message):  # noqa: ANN001
            sent.append(message)

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        scope = {"type": "http", "method": "GET", "path": "/tag/harbour", "query_string": b"", "headers": []}
        await cache(scope, receive, send)
        return sent[0]["status"], b"".join(m.get("body", b"") for m in sent[1:])

    async def many():
        return await asyncio.gather(*(one() for _ in range(20)))

    results = asyncio.run(many())
    assert calls == 1 and all(r == (200, b"<p>page</p>") for r in results)


def test_memory_is_bounded():
    async def page(scope, receive, send):  # noqa: ANN001
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"x"})

    cache = PageCache(page, ttl=10, max_entries=5)

    async def go():
        async def send(message):  # noqa: ANN001
            pass

        async def receive():
            return {"type": "http.request"}

        for n in range(50):
            await cache({"type": "http", "method": "GET", "path": f"/tag/t{n}", "query_string": b"",
                         "headers": []}, receive, send)

    asyncio.run(go())
    assert len(cache._entries) == 5
