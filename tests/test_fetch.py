"""The fetcher against a real loopback server: caps, redirects, guard, conditional GET."""

import asyncio
import gzip

import pytest

from tagwire.errors import BlockedURLError, FetchError, HTTPStatusError, TooLargeError
from tagwire.fetch import Fetcher, Guard


def fetch(url, allow="127.0.0.1", max_bytes=100_000, timeout=5.0, **kw):
    async def go():
        async with Fetcher(user_agent="tagwire-test", timeout=timeout, max_bytes=max_bytes,
                           concurrency=4, per_host=2, guard=Guard.from_setting(allow)) as f:
            return await f.get(url, **kw)
    return asyncio.run(go())


def test_get_sends_user_agent_and_returns_validators(server):
    url = server.set("/feed", "<rss/>", ETag='"v1"', Last_Modified="Tue, 01 Jul 2025 10:00:00 GMT",
                     Content_Type="application/rss+xml")
    r = fetch(url)
    assert r.status == 200 and r.content == b"<rss/>"
    assert r.etag == '"v1"' and r.last_modified.startswith("Tue")
    assert server.requests[-1][1]["User-Agent"] == "tagwire-test"


def test_conditional_get_sends_validators(server):
    url = server.set("/feed", b"", status=304)
    r = fetch(url, etag='"v1"', last_modified="Tue, 01 Jul 2025 10:00:00 GMT")
    assert r.not_modified
    headers = server.requests[-1][1]
    assert headers["If-None-Match"] == '"v1"'
    assert headers["If-Modified-Since"] == "Tue, 01 Jul 2025 10:00:00 GMT"


def test_loopback_refused_unless_allowed(server):
    url = server.set("/feed", "x")
    with pytest.raises(BlockedURLError, match="non-public address 127.0.0.1"):
        fetch(url, allow="")
    assert server.requests == []  # refused before connecting


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)",
                                 "http://", "http://[::1"])
def test_only_http_urls(url):
    with pytest.raises(BlockedURLError):
        fetch(url)


@pytest.mark.parametrize("host", ["169.254.169.254", "10.0.0.1", "192.168.1.1", "100.64.0.1",
                                  "[::1]", "[::ffff:127.0.0.1]", "0.0.0.0", "224.0.0.1", "2130706433"])
def test_non_public_addresses_refused(host):
    with pytest.raises(BlockedURLError):
        fetch(f"http://{host}/feed", allow="")


def test_redirect_hops_are_checked(server):
    server.set("/a", status=302, Location="http://169.254.169.254/latest/meta-data/")
    with pytest.raises(BlockedURLError):
        fetch(server.url + "/a")


def test_redirect_loop_is_an_error(server):
    server.set("/loop", status=302, Location="/loop")
    with pytest.raises(FetchError, match="redirects"):
        fetch(server.url + "/loop")


def test_permanent_redirect_reported(server):
    server.set("/old", status=301, Location="/new")
    server.set("/new", "<rss/>")
    r = fetch(server.url + "/old")
    assert r.content == b"<rss/>" and r.permanent_redirect == server.url + "/new"


def test_temporary_redirect_not_reported_as_move(server):
    server.set("/old", status=302, Location="/new")
    server.set("/new", "<rss/>")
    assert fetch(server.url + "/old").permanent_redirect is None


def test_size_cap_declared_and_streamed(server):
    url = server.set("/big", b"x" * 5000)
    with pytest.raises(TooLargeError):
        fetch(url, max_bytes=1000)

    def endless(handler):  # no Content-Length: only the streamed count can stop it
        handler.send_response(200)
        handler.send_header("Connection", "close")
        handler.end_headers()
        try:
            for _ in range(10_000):
                handler.wfile.write(b"y" * 1024)
        except OSError:
            pass
    from tests.conftest import Route
    server.routes["/endless"] = Route(handler=endless)
    with pytest.raises(TooLargeError):
        fetch(server.url + "/endless", max_bytes=50_000)


def test_gzip_bomb_capped_after_decompression(server):
    bomb = gzip.compress(b"\0" * 20_000_000)
    url = server.set("/bomb", bomb, Content_Encoding="gzip")
    with pytest.raises(TooLargeError):
        fetch(url, max_bytes=1_000_000)


def test_http_error_status(server):
    url = server.set("/gone", "nope", status=410)
    with pytest.raises(HTTPStatusError) as info:
        fetch(url)
    assert info.value.status == 410


def test_timeout_on_slow_server(server):
    import time

    def slow(handler):
        time.sleep(2)
        try:
            handler.send_response(200)
            handler.end_headers()
        except OSError:
            pass
    from tests.conftest import Route
    server.routes["/slow"] = Route(handler=slow)
    with pytest.raises(FetchError, match="timed out"):
        fetch(server.url + "/slow", timeout=0.5)


def test_unresolvable_host():
    with pytest.raises(FetchError, match="cannot resolve"):
        fetch("http://no-such-host.invalid/feed", allow="")


def test_allow_setting_parses_hosts_and_cidrs():
    g = Guard.from_setting("localhost, 10.0.0.0/8 ,::1")
    assert "localhost" in g.hosts and len(g.networks) == 2
    from tagwire.errors import ConfigError
    with pytest.raises(ConfigError):
        Guard.from_setting("bad host!")
