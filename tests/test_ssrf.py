"""The SSRF guard, table-driven: every address class, every encoding, every way in.

All refused unless TAGWIRE_FETCH_ALLOW_HOSTS allows them; checked before any
connection, on every redirect hop, and pinned so DNS cannot change its answer
between the check and the connect.
"""

from __future__ import annotations

import asyncio
import ipaddress
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from tagwire import make_tagwire
from tagwire.errors import BlockedURLError, FetchError
from tagwire.fetch import Fetcher, Guard
from tagwire.fetch import guard as guard_module

REFUSED = [
    # (class, host as written in a URL)
    ("loopback v4", "127.0.0.1"),
    ("loopback v4, other", "127.1.2.3"),
    ("loopback v6", "[::1]"),
    ("unspecified", "0.0.0.0"),
    ("private 10/8", "10.1.2.3"),
    ("private 172.16/12", "172.20.0.5"),
    ("private 192.168/16", "192.168.0.10"),
    ("link-local", "169.254.10.20"),
    ("cloud metadata", "169.254.169.254"),
    ("metadata, decimal", "2852039166"),
    ("metadata, hex", "0xa9fea9fe"),
    ("metadata, octal", "0251.0376.0251.0376"),
    ("metadata, short", "169.254.43518"),
    ("loopback, decimal", "2130706433"),
    ("loopback, octal", "0177.0.0.1"),
    ("CGNAT", "100.64.1.1"),
    ("multicast v4", "224.0.0.251"),
    ("broadcast", "255.255.255.255"),
    ("reserved", "240.0.0.1"),
    ("IPv4-mapped IPv6 loopback", "[::ffff:127.0.0.1]"),
    ("IPv4-mapped IPv6 metadata", "[::ffff:169.254.169.254]"),
    ("IPv6 unique local", "[fd00::1]"),
    ("IPv6 link-local", "[fe80::1]"),
    ("IPv6 multicast", "[ff02::1]"),
    ("IPv6 unspecified", "[::]"),
    ("NAT64 of loopback", "[64:ff9b::7f00:1]"),
    ("name for loopback", "localhost"),
]


def fetch(url, allow="", resolver=None, **kw):
    async def go():
        async with Fetcher(user_agent="t", timeout=3, max_bytes=10_000, concurrency=2, per_host=2,
                           guard=Guard.from_setting(allow), **kw) as f:
            return await f.get(url)
    return asyncio.run(go())


@pytest.mark.parametrize("what, host", REFUSED, ids=[w for w, _ in REFUSED])
def test_address_classes_refused(what, host):
    with pytest.raises(BlockedURLError):
        fetch(f"http://{host}:8080/feed.xml")


def test_public_addresses_pass_the_check():
    g = Guard()
    for ip in ("93.184.216.34", "2606:4700::1111", "8.8.8.8"):
        assert g.address_allowed(ipaddress.ip_address(ip))


@pytest.fixture
def fake_dns(monkeypatch):
    """Names resolve to what the test says; each lookup is counted."""
    answers: dict[str, list[list[str]]] = {}
    calls: list[str] = []

    async def resolve(host, port):
        try:
            return [ipaddress.ip_address(host.strip("[]"))]  # literals are not looked up
        except ValueError:
            pass
        calls.append(host)
        queue = answers[host]
        ips = queue.pop(0) if len(queue) > 1 else queue[0]
        return [ipaddress.ip_address(ip) for ip in ips]

    monkeypatch.setattr(guard_module, "_resolve", resolve)
    return answers, calls


@pytest.mark.parametrize("ips", [["10.0.0.5"], ["169.254.169.254"], ["93.184.216.34", "127.0.0.1"], ["::1"]])
def test_names_resolving_to_private_addresses(fake_dns, ips):
    answers, _ = fake_dns
    answers["evil.example"] = [ips]
    with pytest.raises(BlockedURLError, match="non-public address"):
        fetch("http://evil.example/feed.xml")


def test_dns_rebinding_cannot_reach_loopback(fake_dns, server):
    """Public at the check, loopback at the connect: the connect uses the checked address."""
    answers, calls = fake_dns
    server.set("/feed.xml", "<rss/>")
    port = server.url.rsplit(":", 1)[1]
    answers["rebind.example"] = [["192.0.2.10"], ["127.0.0.1"]]  # TEST-NET-1, never routed here
    with pytest.raises(FetchError):
        fetch(f"http://rebind.example:{port}/feed.xml", allow="192.0.2.0/24", obey_robots=False)
    assert server.requests == [] and calls == ["rebind.example"]  # one lookup, pinned


def test_redirect_into_private_address_refused(server):
    server.set("/a", status=302, Location="http://10.0.0.1/feed.xml")
    with pytest.raises(BlockedURLError):
        fetch(server.url + "/a", allow="127.0.0.1")


def test_allow_list_by_cidr_and_by_name(server):
    server.set("/feed.xml", "<rss/>")
    assert fetch(server.url + "/feed.xml", allow="127.0.0.0/8").content == b"<rss/>"
    port = server.url.rsplit(":", 1)[1]
    assert fetch(f"http://localhost:{port}/feed.xml", allow="localhost").content == b"<rss/>"


def test_pinned_https_still_checks_the_certificate_against_the_name(fake_dns):
    """The connection goes to the pinned address, TLS still speaks (SNI) and verifies the name."""
    trustme = pytest.importorskip("trustme")
    ca = trustme.CA()
    cert = ca.issue_cert("news.example")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            body = f"host={self.headers['Host']}".encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *a):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    cert.configure_cert(context)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    port = httpd.server_address[1]
    client_ctx = ssl.create_default_context()
    ca.configure_trust(client_ctx)
    answers, _ = fake_dns
    answers["news.example"] = [["127.0.0.1"]]
    answers["wrong.example"] = [["127.0.0.1"]]
    try:
        transport = httpx.AsyncHTTPTransport(verify=client_ctx)
        r = fetch(f"https://news.example:{port}/", allow="127.0.0.1", transport=transport, obey_robots=False)
        assert r.content == f"host=news.example:{port}".encode()
        with pytest.raises(FetchError):  # the certificate is for news.example only
            fetch(f"https://wrong.example:{port}/", allow="127.0.0.1",
                  transport=httpx.AsyncHTTPTransport(verify=client_ctx), obey_robots=False)
    finally:
        httpd.shutdown()


def test_feeds_pages_sitemaps_and_robots_all_pass_the_guard(tagwire, server):
    """Every way a URL enters the crawler: a feed's items, a sitemap's children, robots.txt redirects."""
    server.set("/robots.txt", status=302, Location="http://169.254.169.254/robots.txt")
    server.set("/feed.xml", '<rss version="2.0"><channel><title>x</title>'
                            '<item><title>a</title><link>http://10.0.0.7/article</link></item></channel></rss>')
    server.set("/index.xml", '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                             '<sitemap><loc>http://192.168.1.1/news.xml</loc></sitemap></sitemapindex>')
    tagwire.add_feed(server.url + "/feed.xml", "Feed")
    tagwire.add_feed(server.url + "/index.xml", "Sitemap")
    tagwire.add_feed("http://169.254.169.254/latest/meta-data/", "Metadata")
    summary = tagwire.crawl()
    assert summary.new_articles == 0
    by_name = {r.source_name: r for r in summary.results}
    assert "non-public address 169.254.169.254" in by_name["Metadata"].error
    assert by_name["Feed"].article_errors == 1  # the page link was refused
    assert tagwire.storage.count_articles() == 0


@pytest.fixture
def no_allow(settings):
    """A Tagwire that allows no private address (the shared fixture allows 127.0.0.1)."""
    with make_tagwire(settings.replace(fetch_allow_hosts="")) as tw:
        yield tw


@pytest.mark.parametrize("what, host", REFUSED, ids=[w for w, _ in REFUSED])
def test_webhook_targets_refused(no_allow, what, host):
    """Webhooks pass the same guard: refused at registration (each delivery checks again,
    pinned, hop by hop: tests/test_webhooks.py)."""
    with pytest.raises(BlockedURLError):
        no_allow.add_webhook(f"http://{host}:8080/hook", "hashtag", "alpha")
    assert no_allow.webhooks() == []


@pytest.mark.parametrize("ips", [["10.0.0.5"], ["169.254.169.254"], ["93.184.216.34", "127.0.0.1"], ["::1"]])
def test_webhook_names_resolving_to_private_addresses(no_allow, fake_dns, ips):
    answers, _ = fake_dns
    answers["hooks.example"] = [ips]
    with pytest.raises(BlockedURLError, match="non-public address"):
        no_allow.add_webhook("https://hooks.example/hook", "hashtag", "alpha")


def test_webhook_target_allowed_by_the_allow_list(settings):
    with make_tagwire(settings.replace(fetch_allow_hosts="169.254.169.254,10.0.0.0/8")) as tw:
        tw.add_webhook("http://169.254.169.254/hook", "hashtag", "alpha")
        tw.add_webhook("http://10.1.2.3/hook", "hashtag", "alpha")
        assert len(tw.webhooks()) == 2
