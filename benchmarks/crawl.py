"""How fast does tagwire keep many feeds fresh? Polls per second against a bare httpx loop.

    python benchmarks/crawl.py [--feeds 10000] [--concurrency 32] [--changed 0.1]

A local server (its own process, on 127.0.0.1) serves N feeds; most answer a
conditional GET with 304, a fraction with 200 and a feed whose one article is
already stored. tagwire polls every feed through its real path (due feeds from
SQLite, SSRF guard, robots.txt cache, conditional GET, parse, known-article
lookup, schedule update); the reference is a bare httpx GET loop over the same
URLs with the same validators and the same concurrency, in the same run. All
feeds share one loopback host, so politeness spacing is off and the per-host
limit equals the global one: this measures tagwire's own overhead.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import socket
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import machine, peak_rss_mb  # noqa: E402


def _feed_body(port: int) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench</title>'
            f'<item><title>Known story</title><link>http://127.0.0.1:{port}/a/1</link><guid>a1</guid>'
            f'<pubDate>Mon, 03 Nov 2025 09:30:00 +0000</pubDate></item></channel></rss>').encode()


ARTICLE = ("<html><head><title>Known story</title></head><body><article><h1>Known story</h1>"
           + "<p>A paragraph of a story that every benchmark feed links to, long enough to be an article.</p>" * 6
           + "</article></body></html>").encode()


def serve(port: int, changed_every: int) -> None:
    """The feeds' server: a raw ASGI app under uvicorn, in its own process."""
    import uvicorn

    body = _feed_body(port)
    changes = {"n": 0}

    async def app(scope, receive, send):  # noqa: ANN001
        if scope["type"] != "http":
            return
        path = scope["path"]
        headers = dict(scope["headers"])
        if path.startswith("/feed/"):
            n = int(path.split("/")[2].split(".")[0])
            if headers.get(b"if-none-match") == b'"v1"' and n % changed_every:
                await send({"type": "http.response.start", "status": 304, "headers": [(b"etag", b'"v1"')]})
                await send({"type": "http.response.body", "body": b""})
                return
            changes["n"] += 1
            etag = b'"v1"' if b"if-none-match" not in headers else f'"v{changes["n"]}"'.encode()
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(b"content-type", b"application/rss+xml"), (b"etag", etag)]})
            await send({"type": "http.response.body", "body": body})
        elif path == "/a/1":
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html")]})
            await send({"type": "http.response.body", "body": ARTICLE})
        else:
            await send({"type": "http.response.start", "status": 404, "headers": []})
            await send({"type": "http.response.body", "body": b""})

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="error", access_log=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(port: int) -> None:
    for _ in range(100):
        try:
            httpx.get(f"http://127.0.0.1:{port}/robots.txt", timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit("benchmark server did not start")


async def bare_loop(urls: list[str], concurrency: int) -> float:
    """Polls per second of a plain conditional-GET loop."""
    limit = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=concurrency * 2)) as client:
        async def one(url: str) -> None:
            async with limit:
                r = await client.get(url, headers={"If-None-Match": '"v1"'})
                await r.aread()

        started = time.perf_counter()
        await asyncio.gather(*(one(u) for u in urls))
        return len(urls) / (time.perf_counter() - started)


def make_tagwire(db: Path, concurrency: int):  # noqa: ANN201
    from tagwire import make_tagwire as make
    from tagwire.settings import load_settings

    return make(load_settings(environ={}, config_file=None, overrides=dict(
        database_url=f"sqlite:///{db}", fetch_allow_hosts="127.0.0.1", fetch_concurrency=concurrency,
        fetch_per_host=concurrency, fetch_host_delay=0, fetch_timeout=30)))


def add_feeds(tw, urls: list[str]) -> None:  # noqa: ANN001
    """Bulk setup in one transaction (the benchmark times polling, not subscribing)."""
    from tagwire.store.schema import feeds

    source = tw.storage.add_source("Bench")
    now = datetime.now(timezone.utc)
    with tw.storage.write("benchmark setup") as conn:
        conn.execute(feeds.insert(), [dict(source_id=source.id, url=u, kind="rss", created_at=now) for u in urls])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--changed", type=float, default=0.1, help="share of feeds answering 200")
    args = parser.parse_args()

    port = _free_port()
    changed_every = max(1, round(1 / args.changed)) if args.changed else 10**9
    server = multiprocessing.Process(target=serve, args=(port, changed_every), daemon=True)
    server.start()
    try:
        _wait(port)
        urls = [f"http://127.0.0.1:{port}/feed/{n}.xml" for n in range(args.feeds)]
        with tempfile.TemporaryDirectory() as tmp, make_tagwire(Path(tmp) / "bench.db", args.concurrency) as tw:
            add_feeds(tw, urls)
            warm = tw.crawl()  # first poll of every feed: 200s, ETags stored, the one article fetched
            assert warm.errors == 0, [r.error for r in warm.results if r.error][:3]
            bare_1 = asyncio.run(bare_loop(urls, args.concurrency))
            started = time.perf_counter()
            summary = tw.crawl(force=True)
            tagwire_rate = len(urls) / (time.perf_counter() - started)
            bare_2 = asyncio.run(bare_loop(urls, args.concurrency))
            not_modified = sum(r.not_modified for r in summary.results)
            assert summary.errors == 0 and summary.feeds == args.feeds
    finally:
        server.terminate()
    bare = (bare_1 + bare_2) / 2
    print(f"machine: {machine()}")
    print(f"feeds: {args.feeds}, concurrency {args.concurrency}, {not_modified} answered 304, "
          f"{args.feeds - not_modified} answered 200")
    print(f"bare httpx loop: {bare:,.0f} polls/s (runs: {bare_1:,.0f}, {bare_2:,.0f})")
    print(f"tagwire crawl:   {tagwire_rate:,.0f} polls/s")
    print(f"ratio tagwire / bare: {tagwire_rate / bare:.2f}   (goal >= 0.80)")
    print(f"peak memory of this process: {peak_rss_mb():.0f} MB   (goal <= 300 MB)")


if __name__ == "__main__":
    main()
