"""Admin pages for hashtag merges/blocks and webhooks: login and CSRF as everywhere, the actions work."""

import re
import warnings
from datetime import datetime, timezone

import pytest
from lxml import html as lxml_html

from tagwire.types import NewArticle, TagAssignment
from tagwire.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

PASSWORD = "correct horse battery"


@pytest.fixture
def client(tagwire):
    tagwire.create_admin_user("ann", PASSWORD)
    src = tagwire.storage.add_source("Herald")
    now = datetime.now(timezone.utc)
    for n, tag in enumerate(("rapegangs", "groominggangs", "news")):
        tagwire.storage.upsert_article(NewArticle(
            url=f"https://herald.example/{n}", source_id=src.id, feed_id=None, title=f"Report {n}", text="Text.",
            excerpt="Text.", published=now, fetched_at=now,
            tags=(TagAssignment(tag=tag, label=tag, score=0.5, kind="keyphrase", why="t"),)))
    return TestClient(create_app(tagwire))


def _token(client):
    form = client.get("/admin/login").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    assert client.post("/admin/login", data={"username": "ann", "password": PASSWORD, "csrf": csrf},
                       follow_redirects=False).status_code == 303
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/admin/hashtags").text).group(1)


def _messages(r):
    return [p.text_content() for p in lxml_html.fromstring(r.text).xpath("//p[@class='notice' or @class='error']")]


def test_the_pages_need_a_login_and_a_csrf_token(client):
    for path in ("/admin/hashtags", "/admin/webhooks"):
        assert client.get(path, follow_redirects=False).status_code == 303
    _token(client)
    r = client.post("/admin/hashtags/block", data={"tag": "news", "csrf": "stale"})
    assert r.status_code == 403


def test_merge_block_and_undo(tagwire, client):
    token = _token(client)
    r = client.post("/admin/hashtags/merge", data={"tag": "#rapegangs", "into": "groominggangs", "csrf": token})
    assert _messages(r) == ["Merged #rapegangs into #groominggangs: 1 articles moved."]
    assert client.get("/tag/rapegangs", follow_redirects=False).status_code == 301
    r = client.post("/admin/hashtags/block", data={"tag": "news", "csrf": token})
    assert "removed from 1 articles" in _messages(r)[0]
    page = lxml_html.fromstring(client.get("/admin/hashtags").text)
    rows = [" ".join(tr.text_content().split()) for tr in page.xpath("//table[@class='rules']/tbody/tr")]
    assert any("#rapegangs merged into #groominggangs" in row for row in rows)
    assert any("#news blocked" in row for row in rows)
    r = client.post("/admin/hashtags/merge", data={"tag": "groominggangs", "into": "rapegangs", "csrf": token})
    assert r.status_code == 400 and _messages(r)  # a loop: one line, nothing changed
    client.post("/admin/hashtags/unmerge", data={"tag": "rapegangs", "csrf": token})
    client.post("/admin/hashtags/unblock", data={"tag": "news", "csrf": token})
    assert all(not r.blocked and r.merged_into is None for r in tagwire.hashtag_rules())


def test_webhooks_add_show_secret_once_and_remove(tagwire, client):
    token = _token(client)
    r = client.post("/admin/webhooks/add", data={"url": "http://127.0.0.1:9/hook", "scope": "hashtag",
                                                 "target": "groominggangs", "csrf": token})
    secret = lxml_html.fromstring(r.text).xpath("string(//code[@class='secret'])")
    assert r.status_code == 200 and len(secret) >= 32
    [hook] = tagwire.webhooks()
    assert secret not in client.get("/admin/webhooks").text  # shown only when made
    bad = client.post("/admin/webhooks/add", data={"url": "http://169.254.169.254/x", "scope": "source",
                                                   "target": "1", "csrf": token})
    assert bad.status_code == 400 and len(tagwire.webhooks()) == 1
    client.post("/admin/webhooks/remove", data={"id": str(hook.id), "csrf": token})
    assert tagwire.webhooks() == []


def test_a_topic_by_rule_from_the_page_and_the_api(tagwire, client):
    token = _token(client)
    r = client.post("/admin/topics/add", data={"tag": "reports", "rule": '"report" AND NOT football', "csrf": token})
    assert r.status_code == 200 and "Saved #reports" in _messages(r)[0]
    assert [t.rule for t in tagwire.stored_topics()] == ['"report" AND NOT football']
    bad = client.post("/admin/topics/add", data={"tag": "x", "rule": '"unclosed', "csrf": token})
    assert bad.status_code == 400 and "rule" in _messages(bad)[0]
    _, api_token = tagwire.create_token("robot")
    headers = {"Authorization": f"Bearer {api_token}"}
    r = client.put("/api/v1/admin/topics/harbour", json={"rule": "harbour NEAR/3 plan"}, headers=headers)
    assert r.status_code == 200 and r.json()["rule"] == "harbour NEAR/3 plan"
    assert client.put("/api/v1/admin/topics/empty", json={}, headers=headers).status_code == 400
