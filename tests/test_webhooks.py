"""Webhooks against a real receiver on loopback: signatures, retries, give-up, order, once each,
scopes, SSRF, and a slow receiver that must not slow the crawl."""

from __future__ import annotations

import hashlib
import hmac
import http.server
import ipaddress
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import update
from typer.testing import CliRunner

from tagwire import make_tagwire
from tagwire.deliver.webhooks import retry_delay
from tagwire.errors import BlockedURLError, InvalidInputError, NotFoundError
from tagwire.fetch import guard as guard_module
from tagwire.store.schema import hashtags, webhooks
from tagwire.types import NewArticle, StoryRecord, TagAssignment

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)


@dataclass
class Call:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float

    @property
    def article_id(self) -> int:
        return json.loads(self.body)["article"]["id"]


@dataclass
class Receiver:
    """A real HTTP server on 127.0.0.1 that records every POST and answers from a script."""

    statuses: list[int] = field(default_factory=list)  # answered in turn; then 200
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    calls: list[Call] = field(default_factory=list)

    def __post_init__(self) -> None:
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                receiver.calls.append(Call(self.path, dict(self.headers), body, time.monotonic()))
                time.sleep(receiver.delay)
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                for k, v in receiver.headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def ids(self, path: str | None = None) -> list[int]:
        return [c.article_id for c in self.calls if path is None or c.path == path]


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.httpd.shutdown()
    r.httpd.server_close()


@pytest.fixture
def tw(settings):
    fast = settings.replace(webhook_retry_seconds=0.1, webhook_retry_max_seconds=1.0, webhook_max_attempts=3,
                            webhook_timeout=3.0)
    with make_tagwire(fast) as t:
        yield t


def _article(tw, n, *, source="Herald", tags=("alpha",), story=None):
    source_id = tw.storage.add_source(source).id
    record = StoryRecord(id=story, headline="h", first_seen=T0, last_seen=T0, size=1, signature="{}") if story else None
    new = NewArticle(url=f"https://news.example/{n}", source_id=source_id, feed_id=None, title=f"Headline {n}",
                     text=f"Body {n}.", excerpt=f"Excerpt {n}.", published=T0 + timedelta(minutes=n),
                     fetched_at=datetime.now(timezone.utc), category="Politics", story=record,
                     tags=tuple(TagAssignment(tag=t, label=t, score=0.5, kind="keyphrase", why="test") for t in tags))
    return tw.storage.upsert_article(new)[0]


def _deliver_until(tw, done, seconds=10.0):
    """Passes until ``done()`` (retries come due between them)."""
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, "deliveries did not settle"
        tw.deliver_once()
        time.sleep(0.05)


def test_delivery_is_signed_over_timestamp_and_body(tw, receiver):
    hook, secret = tw.add_webhook(receiver.url(), "hashtag", "#Alpha")
    assert hook.target == "alpha" and len(secret) >= 32
    article_id = _article(tw, 1)
    summary = tw.deliver_once()
    assert (summary.enqueued, summary.delivered) == (1, 1)
    [call] = receiver.calls
    ts = call.headers["X-Tagwire-Timestamp"]
    expected = hmac.new(secret.encode(), ts.encode() + b"." + call.body, hashlib.sha256).hexdigest()
    assert call.headers["X-Tagwire-Signature"] == f"sha256={expected}"
    assert abs(int(ts) - time.time()) < 60
    [delivery] = tw.deliveries(hook.id)
    assert call.headers["X-Tagwire-Delivery"] == str(delivery.id)
    assert call.headers["Content-Type"] == "application/json"
    assert "tagwire" in call.headers["User-Agent"]  # the fetcher's own client
    body = json.loads(call.body)
    assert body["event"] == "article.created" and body["webhook_id"] == hook.id and body["delivery_id"] == delivery.id
    assert body["article"] == {"id": article_id, "url": "https://news.example/1", "title": "Headline 1",
                               "excerpt": "Excerpt 1.", "publisher": "Herald",
                               "published": (T0 + timedelta(minutes=1)).isoformat(), "category": "Politics",
                               "hashtags": ["alpha"], "story_id": None}
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("delivered", 1, 200)
    # a body changed in transit no longer verifies
    forged = hmac.new(secret.encode(), ts.encode() + b"." + call.body.replace(b"Headline", b"Hacked"), hashlib.sha256)
    assert call.headers["X-Tagwire-Signature"] != f"sha256={forged.hexdigest()}"


def test_a_new_webhook_does_not_replay_the_archive(tw, receiver):
    _article(tw, 1)
    hook, _ = tw.add_webhook(receiver.url(), "hashtag", "alpha")
    later = _article(tw, 2)
    tw.deliver_once()
    assert receiver.ids() == [later]
    assert [d.article_id for d in tw.deliveries(hook.id)] == [later]


def test_retries_back_off_after_errors_then_succeed(tw, receiver):
    receiver.statuses = [500, 503]
    hook, _ = tw.add_webhook(receiver.url(), "hashtag", "alpha")
    _article(tw, 1)
    first = tw.deliver_once()
    assert (first.delivered, first.retried) == (0, 1)
    [pending] = tw.deliveries(hook.id)
    assert (pending.status, pending.attempts, pending.response_status) == ("pending", 1, 500)
    assert pending.last_error == "HTTP 500 from the receiver"
    _deliver_until(tw, lambda: tw.deliveries(hook.id)[0].status == "delivered")
    times = [c.at for c in receiver.calls]
    assert len(times) == 3
    # base 0.1 s doubling, jitter keeps at least half: ≥ 0.05 s, then ≥ 0.1 s
    assert times[1] - times[0] >= 0.05 and times[2] - times[1] >= 0.1
    [done] = tw.deliveries(hook.id)
    assert (done.attempts, done.response_status, done.last_error) == (3, 200, None)


def test_gives_up_after_max_attempts_then_later_articles_go(tw, receiver):
    receiver.statuses = [500, 500, 500]
    hook, _ = tw.add_webhook(receiver.url(), "hashtag", "alpha")
    first, second = _article(tw, 1), _article(tw, 2)
    _deliver_until(tw, lambda: [d.status for d in tw.deliveries(hook.id)] == ["delivered", "failed"])
    assert receiver.ids() == [first, first, first, second]
    by_article = {d.article_id: d for d in tw.deliveries(hook.id)}
    gave_up = by_article[first]
    assert (gave_up.status, gave_up.attempts, gave_up.response_status) == ("failed", 3, 500)
    assert by_article[second].status == "delivered"
    assert [(w.delivered, w.failed, w.pending) for w in tw.webhooks()] == [(1, 1, 0)]


def test_articles_arrive_in_order_and_a_retry_holds_the_later_ones(tw, receiver):
    receiver.statuses = [500]
    hook, _ = tw.add_webhook(receiver.url(), "hashtag", "alpha")
    ids = [_article(tw, n) for n in range(1, 6)]
    other = Receiver()  # a second webhook is not held up by the first one's retry
    try:
        tw.add_webhook(other.url("/other"), "hashtag", "alpha")
        ids += [_article(tw, 6)]
        tw.deliver_once()
        assert receiver.ids() == [ids[0]]  # failed once; nothing later sent meanwhile
        assert other.ids() == ids[5:]
        _deliver_until(tw, lambda: [d.status for d in tw.deliveries(hook.id)] == ["delivered"] * 6)
        assert receiver.ids() == [ids[0], *ids]
    finally:
        other.httpd.shutdown()


def test_each_article_is_delivered_once(tw, receiver):
    hook, _ = tw.add_webhook(receiver.url(), "hashtag", "alpha")
    ids = [_article(tw, n) for n in range(1, 4)]
    tw.deliver_once()
    assert tw.deliver_once().enqueued == 0
    # even a cursor moved back (a crash between steps) makes no second delivery
    with tw.storage.write("test") as conn:
        conn.execute(update(webhooks).values(cursor_article_id=0))
    assert tw.storage.enqueue_deliveries(datetime.now(timezone.utc)) == 0
    tw.deliver_once()
    assert receiver.ids() == ids
    assert len(tw.deliveries(hook.id)) == 3


def test_scopes_hashtag_with_merges_source_and_story(tw, receiver):
    src_b = tw.storage.add_source("Chronicle")
    story = "s-ferry"
    _article(tw, 0, story=story, tags=("beta",))  # the story must exist to be followed
    by_tag, _ = tw.add_webhook(receiver.url("/tag"), "hashtag", "alpha")
    tw.add_webhook(receiver.url("/source"), "source", str(src_b.id))
    tw.add_webhook(receiver.url("/story"), "story", story)
    a1 = _article(tw, 1, tags=("alpha",))
    a2 = _article(tw, 2, source="Chronicle", tags=("beta",))
    a3 = _article(tw, 3, tags=("beta",), story=story)
    a4 = _article(tw, 4, tags=("alphaold",))
    _article(tw, 5, tags=("gamma",))
    with tw.storage.write("test") as conn:  # an admin merged #alphaold into #alpha
        conn.execute(update(hashtags).where(hashtags.c.tag == "alphaold").values(merged_into="alpha"))
    tw.deliver_once()
    assert sorted(receiver.ids("/tag")) == [a1, a4]
    assert receiver.ids("/source") == [a2]
    assert receiver.ids("/story") == [a3]
    assert by_tag.scope == "hashtag"


def test_registration_validates_scope_target_and_secret(tw, receiver):
    with pytest.raises(InvalidInputError, match="scope must be one of"):
        tw.add_webhook(receiver.url(), "feed", "x")
    with pytest.raises(InvalidInputError, match="not a usable hashtag"):
        tw.add_webhook(receiver.url(), "hashtag", "!!!")
    with pytest.raises(NotFoundError, match="no source 999"):
        tw.add_webhook(receiver.url(), "source", "999")
    with pytest.raises(InvalidInputError, match="source id"):
        tw.add_webhook(receiver.url(), "source", "herald")
    with pytest.raises(NotFoundError, match="no story"):
        tw.add_webhook(receiver.url(), "story", "nope")
    with pytest.raises(InvalidInputError, match="secret"):
        tw.add_webhook(receiver.url(), "hashtag", "alpha", secret="short")
    with pytest.raises(BlockedURLError, match="only http and https"):
        tw.add_webhook("ftp://127.0.0.1/hook", "hashtag", "alpha")
    with pytest.raises(NotFoundError):
        tw.remove_webhook(12345)
    assert tw.webhooks() == []
    hook, secret = tw.add_webhook(receiver.url(), "hashtag", "alpha", secret="s" * 20)
    assert secret == "s" * 20
    tw.remove_webhook(hook.id)
    assert tw.webhooks() == []


@pytest.mark.parametrize("url", ["http://169.254.169.254/hook", "http://10.0.0.1/hook", "http://[::1]:8080/hook",
                                 "http://2852039166/hook"])
def test_private_targets_are_refused_at_registration(tw, url):
    with pytest.raises(BlockedURLError, match="non-public address"):
        tw.add_webhook(url, "hashtag", "alpha")
    assert tw.webhooks() == []


def test_private_target_allowed_by_the_allow_list(settings):
    with make_tagwire(settings.replace(fetch_allow_hosts="10.0.0.0/8")) as t:
        hook, _ = t.add_webhook("http://10.0.0.1/hook", "hashtag", "alpha")
        assert hook.url == "http://10.0.0.1/hook"


@pytest.fixture
def fake_dns(monkeypatch):
    answers: dict[str, list[list[str]]] = {}

    async def resolve(host, port):
        try:
            return [ipaddress.ip_address(host.strip("[]"))]
        except ValueError:
            pass
        queue = answers[host]
        return [ipaddress.ip_address(ip) for ip in (queue.pop(0) if len(queue) > 1 else queue[0])]

    monkeypatch.setattr(guard_module, "_resolve", resolve)
    return answers


def test_a_name_resolving_to_loopback_is_refused(tw, fake_dns):
    fake_dns["hooks.example"] = [["127.0.0.2"]]
    with pytest.raises(BlockedURLError, match="non-public address 127.0.0.2"):
        tw.add_webhook("http://hooks.example/hook", "hashtag", "alpha")


def test_each_delivery_checks_the_address_again(tw, receiver, fake_dns):
    """Public when registered, loopback when delivered (DNS rebinding): refused, nothing sent."""
    port = receiver.httpd.server_address[1]
    fake_dns["hooks.example"] = [["93.184.216.34"], ["127.0.0.2"]]
    hook, _ = tw.add_webhook(f"http://hooks.example:{port}/hook", "hashtag", "alpha")
    _article(tw, 1)
    assert tw.deliver_once().failed == 1
    [d] = tw.deliveries(hook.id)
    assert d.status == "failed" and "non-public address 127.0.0.2" in d.last_error and d.attempts == 1
    assert receiver.calls == []


def test_a_redirect_into_a_private_address_is_refused(tw, receiver):
    receiver.statuses = [307]
    receiver.headers = {"Location": "http://10.0.0.1/internal"}
    hook, _ = tw.add_webhook(receiver.url(), "hashtag", "alpha")
    _article(tw, 1)
    tw.deliver_once()
    [d] = tw.deliveries(hook.id)
    assert d.status == "failed" and "non-public address 10.0.0.1" in d.last_error
    assert len(receiver.calls) == 1


def test_a_307_to_an_allowed_place_is_followed_with_the_body(tw, receiver):
    receiver.statuses = [308]
    receiver.headers = {"Location": "/moved"}
    hook, _ = tw.add_webhook(receiver.url(), "hashtag", "alpha")
    article_id = _article(tw, 1)
    tw.deliver_once()
    assert [c.path for c in receiver.calls] == ["/hook", "/moved"]
    assert receiver.calls[0].body == receiver.calls[1].body and receiver.ids("/moved") == [article_id]
    assert tw.deliveries(hook.id)[0].status == "delivered"


FEED = ('<rss version="2.0"><channel><title>Herald</title><item><title>Ferry returns to the island</title>'
        '<link>{url}/a</link><guid>a</guid></item></channel></rss>')
PAGE = ("<html><head><title>Ferry returns</title></head><body><article><h1>Ferry returns</h1>"
        + "".join(f"<p>The island ferry service resumed on Monday after repairs, paragraph {i}.</p>" for i in range(8))
        + "</article></body></html>")


def test_a_slow_receiver_does_not_delay_the_crawl(settings, server, receiver):
    receiver.delay = 10.0
    slow = settings.replace(webhook_timeout=30.0, webhook_interval=0.2)
    with make_tagwire(slow) as tw:
        tw.add_webhook(receiver.url(), "source", str(tw.storage.add_source("Herald").id))
        _article(tw, 1)
        with tw.delivering():
            deadline = time.monotonic() + 10
            while not receiver.calls:  # the delivery is now stuck in the receiver for 10 s
                assert time.monotonic() < deadline
                time.sleep(0.05)
            server.set("/feed.xml", FEED.format(url=server.url), Content_Type="application/rss+xml")
            server.set("/a", PAGE, Content_Type="text/html")
            tw.add_feed(server.url + "/feed.xml", "Herald")
            started = time.monotonic()
            summary = tw.crawl()
            crawl_seconds = time.monotonic() - started
            stopping = time.monotonic()
        stop_seconds = time.monotonic() - stopping
    assert summary.new_articles == 1 and crawl_seconds < 5, crawl_seconds
    assert stop_seconds < 5  # the in-flight POST is cancelled, not waited for
    with make_tagwire(slow) as tw:
        [hook] = tw.webhooks()
        pending = {d.article_id: d for d in tw.deliveries(hook.id)}
        # cut off mid-send: given back for the next run, not counted as an attempt
        assert all(d.status == "pending" and d.attempts == 0 for d in pending.values())


def test_retry_delay_is_exponential_with_jitter_and_capped():
    assert retry_delay(1, 5, 10, 1000, rand=lambda: 1.0) == 10
    assert retry_delay(2, 5, 10, 1000, rand=lambda: 1.0) == 20
    assert retry_delay(3, 5, 10, 1000, rand=lambda: 0.0) == 20  # half of 40 at least
    assert retry_delay(4, 5, 10, 50, rand=lambda: 1.0) == 50  # capped
    assert retry_delay(5, 5, 10, 1000) is None  # attempts used up


def test_cli_webhooks(settings, receiver, monkeypatch, tmp_path):
    from tagwire.cli import app

    monkeypatch.chdir(tmp_path)
    for k, v in {"TAGWIRE_DATABASE_URL": settings.database_url, "TAGWIRE_FETCH_ALLOW_HOSTS": "127.0.0.1"}.items():
        monkeypatch.setenv(k, v)
    run = CliRunner().invoke
    added = run(app, ["webhooks", "add", receiver.url(), "--hashtag", "Alpha", "--json"])
    assert added.exit_code == 0, added.output
    hook = json.loads(added.output)
    assert hook["target"] == "alpha" and len(hook["secret"]) >= 32
    with make_tagwire(settings) as tw:
        article_id = _article(tw, 1)
    out = run(app, ["webhooks", "deliver"])
    assert out.exit_code == 0 and "1 delivered" in out.output
    assert receiver.ids() == [article_id]
    [listed] = json.loads(run(app, ["webhooks", "list", "--json"]).output)
    assert (listed["id"], listed["delivered"]) == (hook["id"], 1) and "secret" not in listed
    [d] = json.loads(run(app, ["webhooks", "deliveries", str(hook["id"]), "--json"]).output)
    assert (d["article_id"], d["status"]) == (article_id, "delivered")
    for args, message in ((["add", receiver.url()], "exactly one of"),
                          (["add", receiver.url(), "--hashtag", "a", "--source", "1"], "exactly one of"),
                          (["add", "http://169.254.169.254/", "--hashtag", "a"], "non-public address"),
                          (["deliveries", "99"], "no webhook 99"), (["remove", "99"], "no webhook 99")):
        r = run(app, ["webhooks", *args])
        assert r.exit_code == 1 and message in r.output and "Traceback" not in r.output, r.output
    assert run(app, ["webhooks", "remove", str(hook["id"])]).exit_code == 0
    assert json.loads(run(app, ["webhooks", "list", "--json"]).output) == []


def test_the_worker_delivers_in_the_background(settings, receiver, tmp_path):
    """`tagwire worker` starts the delivery loop beside its crawl, and SIGTERM stops both."""
    import os
    import signal
    import subprocess
    import sys

    with make_tagwire(settings) as tw:
        tw.add_webhook(receiver.url(), "hashtag", "alpha")
        article_id = _article(tw, 1)
    env = {**os.environ, "TAGWIRE_DATABASE_URL": settings.database_url, "TAGWIRE_FETCH_ALLOW_HOSTS": "127.0.0.1",
           "TAGWIRE_WEBHOOK_INTERVAL": "0.2", "TAGWIRE_CRAWL_INTERVAL": "3600"}
    proc = subprocess.Popen([sys.executable, "-m", "tagwire", "worker"], env=env, cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while not receiver.calls and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
        assert receiver.ids() == [article_id], proc.stderr.read1().decode() if proc.poll() is not None else ""
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=20)
    assert b"Traceback" not in err, err.decode()
