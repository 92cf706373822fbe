"""Admin pages: login (argon2id), sessions (hashed, expiring, secure cookies), CSRF on every POST,
logout, throttled logins, the actions; and the private-instance mode. Test client, plus one real socket."""

import hashlib
import re
import socket
import threading
import time
import warnings
from datetime import datetime, timedelta, timezone

import httpx
import pytest
import uvicorn
from lxml import html as lxml_html
from sqlalchemy import select, update

from tagwire.admin import LoginThrottle
from tagwire.errors import TooManyAttemptsError
from tagwire.store.schema import admin_sessions, admin_users
from tagwire.types import NewArticle
from tagwire.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

PASSWORD = "correct horse battery"
OPML = b"""<?xml version="1.0"?><opml version="2.0"><head/><body>
  <outline type="rss" text="Chronicle" xmlUrl="https://chronicle.example/atom.xml"/></body></opml>"""


@pytest.fixture
def admin(tagwire):
    tagwire.create_admin_user("ann", PASSWORD)
    return tagwire


@pytest.fixture
def client(admin):
    return TestClient(create_app(admin))


def csrf_of(html):
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def messages(response):
    doc = lxml_html.fromstring(response.text)
    return [p.text_content() for p in doc.xpath("//p[@class='notice' or @class='error']")]


def login(client, username="ann", password=PASSWORD, next_path=None):
    form = client.get("/admin/login")
    data = {"username": username, "password": password, "csrf": csrf_of(form.text)}
    if next_path:
        data["next"] = next_path
    return client.post("/admin/login", data=data, follow_redirects=False)


def logged_in(client):
    assert login(client).status_code == 303
    return csrf_of(client.get("/admin/sources").text)


def test_pages_need_a_login(client):
    for path in ("/admin/sources", "/admin/topics", "/admin/sources.opml"):
        r = client.get(path, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/admin/login")
    assert client.post("/admin/sources/add", data={"url": "https://x.example/rss"}, follow_redirects=False).status_code == 303
    assert client.get("/admin", follow_redirects=False).headers["location"] == "/admin/sources"


def test_login_stores_only_hashes_and_sets_a_strict_cookie(admin, client):
    r = login(client, next_path="/admin/topics")
    assert r.status_code == 303 and r.headers["location"] == "/admin/topics"
    cookie = r.cookies["tagwire_admin"]
    header = next(h for h in r.headers.get_list("set-cookie") if h.startswith("tagwire_admin="))
    assert "HttpOnly" in header and "SameSite=lax" in header and "Path=/" in header and "Secure" not in header
    assert "Max-Age=43200" in header  # admin_session_hours = 12
    with admin.storage.read("test") as conn:
        stored = conn.execute(select(admin_sessions.c.id_hash)).scalars().all()
        password_hash = conn.execute(select(admin_users.c.password_hash)).scalar()
    assert stored == [hashlib.sha256(cookie.encode()).hexdigest()]
    assert password_hash.startswith("$argon2id$") and PASSWORD not in password_hash
    page = client.get("/admin/sources")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert "Log out ann" in page.text and not lxml_html.fromstring(page.text).xpath("//script")


def test_cookie_is_secure_over_https_or_by_setting(admin):
    https = TestClient(create_app(admin), base_url="https://testserver")
    assert "Secure" in next(h for h in login(https).headers.get_list("set-cookie") if h.startswith("tagwire_admin="))
    forced = TestClient(create_app(admin.__class__(admin.settings.replace(admin_secure_cookies=True), admin.storage)))
    # over plain http a browser would not even send it back: the setting is for a TLS proxy in front
    assert "Secure" in forced.get("/admin/login").headers["set-cookie"]
    assert "Secure" not in TestClient(create_app(admin)).get("/admin/login").headers["set-cookie"]


@pytest.mark.parametrize("username, password", [("ann", "wrong password"), ("nobody", PASSWORD), ("", "")])
def test_wrong_login_is_refused(client, username, password):
    r = login(client, username, password)
    assert r.status_code == 401 and "tagwire_admin" not in r.cookies
    assert messages(r) == ["wrong username or password"]
    assert client.get("/admin/sources", follow_redirects=False).status_code == 303


def test_login_form_needs_its_own_csrf_cookie(client):
    r = client.post("/admin/login", data={"username": "ann", "password": PASSWORD, "csrf": "forged"},
                    follow_redirects=False)
    assert r.status_code == 403 and "tagwire_admin" not in r.cookies


def test_post_without_or_with_wrong_csrf_token_is_forbidden(admin, client):
    token = logged_in(client)
    for data in ({"url": "https://x.example/rss"}, {"url": "https://x.example/rss", "csrf": token[::-1]}):
        r = client.post("/admin/sources/add", data=data)
        assert r.status_code == 403
    assert admin.feeds() == []
    assert client.post("/admin/sources/add", data={"url": "https://x.example/rss", "csrf": token}).status_code == 200
    assert [f.url for f in admin.feeds()] == ["https://x.example/rss"]
    # the token of another session does not do either
    other = TestClient(create_app(admin))
    logged_in(other)
    assert other.post("/admin/recrawl", data={"csrf": token}).status_code == 403


def test_logout_ends_the_session(admin, client):
    token = logged_in(client)
    cookie = client.cookies["tagwire_admin"]
    r = client.post("/admin/logout", data={"csrf": token}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/admin/login"
    assert 'tagwire_admin=""' in r.headers["set-cookie"]
    replay = TestClient(create_app(admin), cookies={"tagwire_admin": cookie})
    assert replay.get("/admin/sources", follow_redirects=False).status_code == 303  # the old cookie opens nothing


def test_expired_session_sends_back_to_login(admin, client):
    logged_in(client)
    with admin.storage.write("test") as conn:
        conn.execute(update(admin_sessions).values(expires_at=datetime.now(timezone.utc) - timedelta(seconds=1)))
    assert client.get("/admin/sources", follow_redirects=False).status_code == 303
    short = admin.__class__(admin.settings.replace(admin_session_hours=0.0003), admin.storage)  # about a second
    c = TestClient(create_app(short))
    assert login(c).status_code == 303 and c.get("/admin/sources").status_code == 200
    time.sleep(1.2)
    assert c.get("/admin/sources", follow_redirects=False).status_code == 303


def test_failed_logins_are_throttled(client):
    for _ in range(5):
        assert login(client, password="guess guess").status_code == 401
    r = login(client)  # the right password, but too late
    assert r.status_code == 429 and int(r.headers["retry-after"]) > 800
    assert "tagwire_admin" not in r.cookies and "too many failed logins" in messages(r)[0]


def test_throttle_window_reset_and_per_client_limit():
    now = [0.0]
    t = LoginThrottle(per_user=3, per_client=5, window=60, clock=lambda: now[0])
    for _ in range(3):
        t.check("ann", "1.1.1.1")
        t.failed("ann", "1.1.1.1")
    with pytest.raises(TooManyAttemptsError) as info:
        t.check("Ann", "1.1.1.1")
    assert info.value.retry_after == 60
    t.check("ann", "2.2.2.2")  # another client is not locked out
    t.check("bob", "1.1.1.1")
    t.failed("bob", "1.1.1.1")
    t.failed("cat", "1.1.1.1")
    with pytest.raises(TooManyAttemptsError):  # five failures from one client over any names
        t.check("dan", "1.1.1.1")
    now[0] = 61
    t.check("ann", "1.1.1.1")
    t.failed("eve", "3.3.3.3")
    t.succeeded("eve", "3.3.3.3")
    assert ("u", "eve\x003.3.3.3") not in t._failures


def test_open_redirect_is_refused(client):
    r = login(client, next_path="//evil.example/")
    assert r.status_code == 303 and r.headers["location"] == "/admin/sources"


def test_source_actions(admin, client):
    token = logged_in(client)
    r = client.post("/admin/sources/add", data={"url": "https://herald.example/rss", "name": "Herald", "csrf": token})
    assert messages(r) == ["Added https://herald.example/rss."]
    feed = admin.feeds()[0]
    assert "Paused" in messages(client.post(f"/admin/feeds/{feed.id}/pause", data={"csrf": token}))[0]
    assert admin.feed(feed.id).paused and admin.due_count() == 0
    page = client.post(f"/admin/feeds/{feed.id}/resume", data={"csrf": token})
    assert not admin.feed(feed.id).paused and "state-never" in page.text
    assert "is due" in messages(client.post(f"/admin/feeds/{feed.id}/recrawl", data={"csrf": token}))[0]
    assert admin.feed(feed.id).next_check is not None
    r = client.post(f"/admin/sources/{feed.source_id}/edit",
                    data={"name": "The Herald", "home_url": "https://herald.example/", "csrf": token})
    assert messages(r) == ["Saved The Herald."] and admin.source(feed.source_id).home_url == "https://herald.example/"
    r = client.post("/admin/sources/import", data={"csrf": token}, files={"file": ("subs.opml", OPML, "text/x-opml")})
    assert messages(r)[0].startswith("Imported 1 feeds")
    export = client.get("/admin/sources.opml")
    assert "attachment" in export.headers["content-disposition"] and "chronicle.example/atom.xml" in export.text
    assert "2 feeds are due now." in messages(client.post("/admin/recrawl", data={"csrf": token}))
    r = client.post(f"/admin/feeds/{feed.id}/remove", data={"csrf": token})
    assert "Removed https://herald.example/rss" in messages(r)[0] and len(admin.feeds()) == 1


@pytest.mark.parametrize("path, data, status, message", [
    ("/admin/sources/add", {"url": "javascript:alert(1)"}, 400, "only http and https"),
    ("/admin/sources/import", {}, 400, "choose an OPML file"),
    ("/admin/feeds/999/pause", {}, 404, "no feed 999"),
    ("/admin/topics/remove", {"tag": "nosuchtopic"}, 404, "no topic #nosuchtopic"),
    ("/admin/topics/add", {"tag": "ferry", "phrases": ""}, 400, "needs at least one phrase"),
])
def test_bad_input_shows_a_one_line_error(client, path, data, status, message):
    token = logged_in(client)
    r = client.post(path, data={**data, "csrf": token})
    assert r.status_code == status and message in messages(r)[0]


def test_topic_actions_retag_stored_articles(admin, client):
    source = admin.storage.add_source("Herald")
    now = datetime.now(timezone.utc)
    article_id, _ = admin.storage.upsert_article(NewArticle(
        url="https://herald.example/1", source_id=source.id, feed_id=None, title="Harbour news",
        text="The quayside glockenspiel concert drew crowds.", excerpt="", published=now, fetched_at=now, tags=()))
    token = logged_in(client)
    r = client.post("/admin/topics/add", data={"tag": "#Glockenspiel", "phrases": "quayside glockenspiel\nbell tower",
                                               "label": "Bells", "csrf": token})
    assert messages(r)[0].startswith("Saved #glockenspiel")
    assert [t.phrases for t in admin.stored_topics()] == [("quayside glockenspiel", "bell tower")]
    assert re.search(r"Re-tagged [1-9]\d* articles", messages(client.post("/admin/topics/apply", data={"csrf": token}))[0])
    assert "glockenspiel" in [t.tag for t in admin.article(article_id).tags]
    page = client.get("/admin/topics")
    assert page.text.count('action="/admin/topics/remove"') == 1  # only stored topics are removable
    client.post("/admin/topics/remove", data={"tag": "glockenspiel", "csrf": token})
    assert admin.stored_topics() == []


# -- private instance ---------------------------------------------------------------------------
@pytest.fixture
def private(admin):
    tw = admin.__class__(admin.settings.replace(private=True), admin.storage)
    source = tw.storage.add_source("Herald")
    now = datetime.now(timezone.utc)
    tw.storage.upsert_article(NewArticle(url="https://herald.example/1", source_id=source.id, feed_id=None,
                                         title="Secret harbour news", text="Text.", excerpt="", published=now,
                                         fetched_at=now, tags=()))
    _, token = tw.create_token("reader")
    _, revoked = tw.create_token("old")
    tw.revoke_token("old")
    return tw, token, revoked


def test_private_instance_needs_login_or_token(private):
    tw, token, revoked = private
    c = TestClient(create_app(tw))
    assert c.get("/healthz").json() == {"status": "ok"}
    assert c.get("/static/style.css").status_code == 200
    r = c.get("/?cursor=x", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/admin/login?next=/%3Fcursor%3Dx"
    for path in ("/sources", "/tags", "/metrics", "/api/v1/docs"):
        assert c.get(path, follow_redirects=False).status_code in (303, 401), path
    for path in ("/api/v1/articles", "/api/v1/openapi.json"):
        r = c.get(path)
        assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
        assert r.headers["www-authenticate"].startswith("Bearer")
    for bad in (revoked, "nonsense"):
        assert c.get("/api/v1/articles", headers={"Authorization": f"Bearer {bad}"}).status_code == 401
        assert c.get(f"/feed.rss?token={bad}").status_code == 401
    assert c.get("/feed.rss").status_code == 401
    r = c.get("/api/v1/articles", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200 and "private" in r.headers["cache-control"]
    assert r.json()["items"][0]["title"] == "Secret harbour news"
    r = c.get(f"/feed.rss?token={token}")
    assert r.status_code == 200 and "Secret harbour news" in r.text and "public" not in r.headers["cache-control"]
    assert c.get(f"/?token={token}", follow_redirects=False).status_code == 303  # ?token= is for feeds only
    assert login(c).status_code == 303
    page = c.get("/")
    assert page.status_code == 200 and "Secret harbour news" in page.text
    assert page.headers["cache-control"] == "private, no-cache"


def test_public_instance_stays_public(admin):
    c = TestClient(create_app(admin))
    assert c.get("/").status_code == 200 and c.get("/api/v1/articles").status_code == 200
    assert c.get("/feed.rss").status_code == 200


# -- a real socket ----------------------------------------------------------------------------
def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_login_csrf_and_private_feed_over_a_real_server(private):
    tw, token, _ = private
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(tw), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as http:
            assert http.get("/").status_code == 303
            assert http.get(f"/tag/x.rss?token={token}").status_code in (200, 404)  # past the gate
            assert http.get("/feed.json", params={"token": token}).json()["items"][0]["title"] == "Secret harbour news"
            form = http.get("/admin/login")
            r = http.post("/admin/login", data={"username": "ann", "password": PASSWORD, "csrf": csrf_of(form.text)})
            assert r.status_code == 303 and r.cookies["tagwire_admin"]
            csrf = csrf_of(http.get("/admin/sources").text)
            assert http.post("/admin/sources/add", data={"url": "https://x.example/rss"}).status_code == 403
            assert http.post("/admin/sources/add", data={"url": "https://x.example/rss", "csrf": csrf}).status_code == 200
            assert http.get("/").status_code == 200
            assert http.post("/admin/logout", data={"csrf": csrf}).status_code == 303
            assert http.get("/").status_code == 303
        assert [f.url for f in tw.feeds()] == ["https://x.example/rss"]
    finally:
        server.should_exit = True
        thread.join(5)
