"""The admin API under /api/v1/admin: every route refuses a missing, wrong or revoked token;
the actions work; OpenAPI documents them with the bearer scheme (real database, test client)."""

import hashlib
import re
import warnings
from datetime import datetime, timedelta, timezone

import pytest
from fastapi.routing import APIRoute
from starlette.routing import Mount

from tagwire.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Herald</title><link>{base}/</link>
<item><title>Ferry strike</title><link>{base}/a1</link><guid>a1</guid></item></channel></rss>"""
PAGE = "<html><head><title>Ferry strike</title></head><body><article><h1>Ferry strike</h1>" + \
       "<p>Ferry workers walked out on Monday over pay and the timetable.</p>" * 8 + "</article></body></html>"


@pytest.fixture
def app(tagwire):
    return create_app(tagwire)


@pytest.fixture
def client(app):
    return TestClient(app)


@pytest.fixture
def tokens(tagwire):
    """(valid token, revoked token)."""
    _, good = tagwire.create_token("robot")
    _, old = tagwire.create_token("retired")
    tagwire.revoke_token("retired")
    return good, old


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def api_routes(routes, prefix=""):
    """(path, route) of every APIRoute, also inside included routers (kept nested by recent FastAPI)."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from api_routes(inner.routes, prefix + route.include_context.prefix)
        elif isinstance(route, APIRoute):
            yield prefix + route.path, route


def admin_operations(app):
    """(method, path template, concrete path) of every admin API route, from the app's own route table."""
    api = next(r.app for r in app.routes if isinstance(r, Mount) and r.path == "/api/v1")
    ops = []
    for template, route in api_routes(api.routes):
        if template.startswith("/admin"):
            path = re.sub(r"\{(\w+)\}", lambda m: "x" if m.group(1) == "tag" else "1", template)
            ops += [(method, template, "/api/v1" + path) for method in sorted(route.methods)]
    return ops


def test_every_admin_route_refuses_missing_wrong_and_revoked_tokens(tagwire, app, client, tokens):
    feed, _ = tagwire.add_feed("https://herald.example/rss", "Herald")
    tagwire.add_topic("x", ["x phrase"])
    ops = admin_operations(app)
    assert len(ops) >= 15 and ("DELETE", "/admin/feeds/{feed_id}", "/api/v1/admin/feeds/1") in ops
    documented = {(m.upper(), p) for p, item in client.get("/api/v1/openapi.json").json()["paths"].items()
                  for m in item if p.startswith("/admin")}
    assert documented == {(m, template) for m, template, _ in ops}  # nothing routed but undocumented
    cases = {"missing": {}, "other scheme": {"Authorization": "Basic cm9ib3Q6cm9ib3Q="},
             "wrong": bearer("not-a-token"), "revoked": bearer(tokens[1]), "empty": {"Authorization": "Bearer "}}
    for method, _, path in ops:
        for case, headers in cases.items():
            # a body that would be invalid: the token is refused before the body is even read
            r = client.request(method, path, headers={**headers, "Content-Type": "application/json"}, content=b"{bad")
            assert r.status_code == 401, (method, path, case, r.status_code)
            assert r.json()["error"]["code"] == "unauthorized", (method, path, case)
            assert r.headers["www-authenticate"].startswith("Bearer"), (method, path, case)
            if case in ("wrong", "revoked"):
                assert 'error="invalid_token"' in r.headers["www-authenticate"]
    # nothing was done by the refused requests
    assert tagwire.feed(feed.id).paused is False and tagwire.feed(feed.id).next_check is None
    assert [t.tag for t in tagwire.stored_topics()] == ["x"]
    # and the same routes answer a valid token (so the table really reached them)
    for method, _, path in ops:
        if method == "GET":
            assert client.get(path, headers=bearer(tokens[0])).status_code not in (401, 403), path


def test_revoked_token_stops_working_at_once(tagwire, client, tokens):
    assert client.get("/api/v1/admin/tokens", headers=bearer(tokens[0])).status_code == 200
    tagwire.revoke_token("robot")
    r = client.get("/api/v1/admin/tokens", headers=bearer(tokens[0]))
    assert r.status_code == 401 and "revoked" in r.json()["error"]["message"]


def test_tokens_list_shows_no_secret_and_records_use(tagwire, client, tokens):
    body = client.get("/api/v1/admin/tokens", headers=bearer(tokens[0])).json()
    assert [(t["name"], t["active"]) for t in body["items"]] == [("robot", True), ("retired", False)]
    assert tokens[0] not in str(body) and hashlib.sha256(tokens[0].encode()).hexdigest() not in str(body)
    assert body["items"][0]["last_used_at"] is not None and body["items"][1]["last_used_at"] is None
    assert body["items"][1]["revoked_at"].endswith("+00:00")


def test_sources_add_edit_pause_resume_remove(tagwire, client, tokens):
    h = bearer(tokens[0])
    r = client.post("/api/v1/admin/sources", json={"url": "https://herald.example/rss", "name": "Herald"}, headers=h)
    assert r.status_code == 201 and r.json()["created"] is True and r.headers["cache-control"] == "no-store"
    feed_id, source_id = r.json()["feed"]["id"], r.json()["source_id"]
    again = client.post("/api/v1/admin/sources", json={"url": "https://herald.example/rss"}, headers=h)
    assert again.status_code == 200 and again.json()["created"] is False
    r = client.patch(f"/api/v1/admin/sources/{source_id}", json={"name": "The Herald", "home_url": "https://herald.example/"},
                     headers=h)
    assert r.json() == {"id": source_id, "name": "The Herald", "home_url": "https://herald.example/"}
    assert tagwire.source(source_id).name == "The Herald"
    assert client.post(f"/api/v1/admin/feeds/{feed_id}/pause", headers=h).json()["state"] == "paused"
    assert tagwire.due_count() == 0  # a paused feed is not crawled
    listed = client.get("/api/v1/admin/sources", headers=h).json()["items"]
    assert listed[0]["home_url"] == "https://herald.example/" and listed[0]["feeds"][0]["paused"] is True
    assert client.post(f"/api/v1/admin/feeds/{feed_id}/resume", headers=h).json()["paused"] is False
    assert tagwire.due_count() == 1
    assert client.delete(f"/api/v1/admin/feeds/{feed_id}", headers=h).status_code == 204
    assert client.delete(f"/api/v1/admin/feeds/{feed_id}", headers=h).status_code == 404
    assert tagwire.feeds() == []


@pytest.mark.parametrize("method, path, body, status, message", [
    ("POST", "/api/v1/admin/sources", {"url": "javascript:alert(1)"}, 400, "only http and https"),
    ("POST", "/api/v1/admin/sources", {"name": "no url"}, 422, "url"),
    ("PATCH", "/api/v1/admin/sources/999", {"name": "x"}, 404, "no source 999"),
    ("PATCH", "/api/v1/admin/sources/1", {}, 400, "give a name or a home_url"),
    ("PATCH", "/api/v1/admin/sources/1", {"home_url": "ftp://x"}, 400, "http(s) URL"),
    ("POST", "/api/v1/admin/feeds/999/pause", None, 404, "no feed 999"),
    ("POST", "/api/v1/admin/feeds/0/pause", None, 422, "feed_id"),
    ("PUT", "/api/v1/admin/topics/ferry", {"phrases": []}, 400, "at least one phrase or a rule"),
    ("PUT", "/api/v1/admin/topics/!!!", {"phrases": ["a"]}, 400, "not a usable hashtag"),
    ("DELETE", "/api/v1/admin/topics/nosuchtopic", None, 404, "no topic #nosuchtopic"),
])
def test_bad_requests_are_error_objects(tagwire, client, tokens, method, path, body, status, message):
    tagwire.add_feed("https://herald.example/rss", "Herald")
    r = client.request(method, path, json=body, headers=bearer(tokens[0]))
    assert r.status_code == status and r.json()["error"]["code"] in ("bad_request", "not_found", "validation_error")
    assert message in r.json()["error"]["message"]


def test_opml_import_and_export(tagwire, client, tokens):
    h = bearer(tokens[0])
    opml = b"""<?xml version="1.0"?><opml version="2.0"><head/><body>
      <outline type="rss" text="Herald" xmlUrl="https://herald.example/rss"/>
      <outline type="rss" text="Bad" xmlUrl="ftp://bad.example/feed"/></body></opml>"""
    r = client.post("/api/v1/admin/opml", content=opml, headers={**h, "Content-Type": "text/x-opml"})
    assert r.status_code == 200 and r.json()["added"] == 1 and r.json()["existing"] == 0
    assert len(r.json()["errors"]) == 1 and r.json()["errors"][0].startswith("ftp://bad.example/feed")
    out = client.get("/api/v1/admin/opml", headers=h)
    assert out.headers["content-type"].startswith("text/x-opml") and 'xmlUrl="https://herald.example/rss"' in out.text
    assert client.post("/api/v1/admin/opml", content=b"not xml", headers=h).status_code == 400
    assert "request body" in client.post("/api/v1/admin/opml", headers=h).json()["error"]["message"]


def test_recrawl_makes_feeds_due_for_the_crawler(tagwire, client, tokens, server):
    base = server.url
    server.set("/rss", RSS.format(base=base), content_type="application/rss+xml")
    server.set("/a1", PAGE, content_type="text/html")
    feed, _ = tagwire.add_feed(base + "/rss", "Herald")
    assert tagwire.crawl().feeds == 1
    assert tagwire.crawl().feeds == 0  # not due again for a while
    r = client.post(f"/api/v1/admin/feeds/{feed.id}/recrawl", headers=bearer(tokens[0]))
    assert r.json() == {"scheduled": 1}
    assert tagwire.feed(feed.id).next_check <= datetime.now(timezone.utc)
    fetches = sum(1 for path, _ in server.requests if path == "/rss")
    assert tagwire.crawl().feeds == 1 and sum(1 for path, _ in server.requests if path == "/rss") == fetches + 1
    assert client.post("/api/v1/admin/recrawl", headers=bearer(tokens[0])).json() == {"scheduled": 1}
    client.post(f"/api/v1/admin/feeds/{feed.id}/pause", headers=bearer(tokens[0]))
    assert client.post("/api/v1/admin/recrawl", headers=bearer(tokens[0])).json() == {"scheduled": 0}
    r = client.post(f"/api/v1/admin/feeds/{feed.id}/recrawl", headers=bearer(tokens[0]))
    assert r.status_code == 400 and "paused" in r.json()["error"]["message"]


def test_topics_put_list_apply_remove(tagwire, client, tokens):
    from tagwire.types import NewArticle

    h = bearer(tokens[0])
    source = tagwire.storage.add_source("Herald")
    now = datetime.now(timezone.utc)
    article_id, _ = tagwire.storage.upsert_article(NewArticle(
        url="https://herald.example/1", source_id=source.id, feed_id=None, title="Harbour news",
        text="The quayside glockenspiel concert drew crowds.", excerpt="", published=now - timedelta(hours=1),
        fetched_at=now, tags=()))
    r = client.put("/api/v1/admin/topics/Glockenspiel", json={"phrases": ["quayside glockenspiel"], "label": "Bells"},
                   headers=h)
    assert r.json() == {"tag": "glockenspiel", "label": "Bells", "phrases": ["quayside glockenspiel"], "exclude": [], "rule": None,
                        "stored": True}
    items = client.get("/api/v1/admin/topics", headers=h).json()["items"]
    assert {"glockenspiel"} == {t["tag"] for t in items if t["stored"]} and len(items) > 1
    assert client.post("/api/v1/admin/topics/apply", headers=h).json()["changed"] >= 1
    assert "glockenspiel" in [t.tag for t in tagwire.article(article_id).tags]
    assert client.delete("/api/v1/admin/topics/glockenspiel", headers=h).status_code == 204
    assert "glockenspiel" not in [t.tag for t in tagwire.topics()]


def test_openapi_documents_admin_routes_with_bearer_scheme(client):
    doc = client.get("/api/v1/openapi.json").json()
    assert doc["components"]["securitySchemes"]["bearer"] == {
        "type": "http", "scheme": "bearer", "description": "An API token made with `tagwire admin token create NAME`."}
    admin = {p: ops for p, ops in doc["paths"].items() if p.startswith("/admin/")}
    assert {"/admin/sources", "/admin/sources/{source_id}", "/admin/feeds/{feed_id}", "/admin/opml", "/admin/recrawl",
            "/admin/topics", "/admin/topics/{tag}", "/admin/topics/apply", "/admin/tokens"} <= set(admin)
    for path, ops in admin.items():
        for method, op in ops.items():
            assert op["security"] == [{"bearer": []}], (method, path)
            assert op["responses"]["401"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")
            assert op["summary"], (method, path)
    # the public routes stay without security
    assert "security" not in doc["paths"]["/articles"]["get"]
