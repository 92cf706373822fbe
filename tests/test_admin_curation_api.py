"""Admin API for hashtag merges/blocks and webhooks: the actions, through the real app."""

import warnings
from datetime import datetime, timezone

import pytest

from tagwire.types import NewArticle, TagAssignment
from tagwire.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

NOW = datetime.now(timezone.utc)


@pytest.fixture
def client(tagwire):
    _, token = tagwire.create_token("robot")
    src = tagwire.storage.add_source("Herald")
    for n, tag in enumerate(("rapegangs", "groominggangs", "news")):
        tagwire.storage.upsert_article(NewArticle(
            url=f"https://herald.example/{n}", source_id=src.id, feed_id=None, title=f"Report {n}",
            text="Text.", excerpt="Text.", published=NOW, fetched_at=NOW,
            tags=(TagAssignment(tag=tag, label=tag, score=0.5, kind="keyphrase", why="test"),)))
    c = TestClient(create_app(tagwire), follow_redirects=False)
    c.headers["Authorization"] = f"Bearer {token}"
    return c


def test_merge_block_and_undo_through_the_api(tagwire, client):
    r = client.post("/api/v1/admin/hashtags/rapegangs/merge", json={"into": "groominggangs"})
    assert r.status_code == 200 and r.json() == {"articles": 1}
    assert client.get("/tag/rapegangs").headers["location"].endswith("/tag/groominggangs")
    assert client.post("/api/v1/admin/hashtags/news/block").json() == {"articles": 1}
    rules = {r["tag"]: r for r in client.get("/api/v1/admin/hashtags/rules").json()["items"]}
    assert rules["rapegangs"]["target"] == "groominggangs" and rules["news"]["blocked"] is True
    assert client.delete("/api/v1/admin/hashtags/rapegangs/merge").status_code == 200
    assert client.get("/tag/rapegangs").status_code != 301
    assert client.delete("/api/v1/admin/hashtags/news/block").status_code == 204
    assert client.get("/api/v1/admin/hashtags/rules").json()["items"] == [] or all(
        not r["blocked"] and r["merged_into"] is None for r in client.get("/api/v1/admin/hashtags/rules").json()["items"])


def test_a_merge_cycle_is_a_clean_error(client):
    client.post("/api/v1/admin/hashtags/rapegangs/merge", json={"into": "groominggangs"})
    r = client.post("/api/v1/admin/hashtags/groominggangs/merge", json={"into": "rapegangs"})
    assert r.status_code == 400 and set(r.json()["error"]) == {"code", "message"}


def test_webhooks_register_list_deliveries_remove(tagwire, client):
    r = client.post("/api/v1/admin/webhooks", json={"url": "http://127.0.0.1:9/hook", "scope": "hashtag",
                                                   "target": "groominggangs"})
    assert r.status_code == 201, r.text
    created = r.json()
    assert len(created["secret"]) >= 32 and created["scope"] == "hashtag"
    listed = client.get("/api/v1/admin/webhooks").json()["items"]
    assert [w["id"] for w in listed] == [created["id"]] and "secret" not in listed[0]
    assert client.get(f"/api/v1/admin/webhooks/{created['id']}/deliveries").json() == {"items": []}
    assert client.delete(f"/api/v1/admin/webhooks/{created['id']}").status_code == 204
    assert client.get("/api/v1/admin/webhooks").json()["items"] == []
    assert client.delete(f"/api/v1/admin/webhooks/{created['id']}").status_code == 404


@pytest.mark.parametrize("url", ["http://10.0.0.1/hook", "http://169.254.169.254/latest", "javascript:alert(1)",
                                 "http://[::1]/hook"])
def test_webhooks_to_refused_addresses_are_400(client, url):
    r = client.post("/api/v1/admin/webhooks", json={"url": url, "scope": "source", "target": "1"})
    assert r.status_code == 400, r.text
    assert client.get("/api/v1/admin/webhooks").json()["items"] == []


def test_nul_characters_in_admin_input_are_dropped_not_a_server_error(tagwire, client):
    """PostgreSQL text holds no NUL (Schemathesis found a 503 here)."""
    r = client.put("/api/v1/admin/topics/harbour", json={"phrases": ["har\u0000bour plan"], "label": "Ha\u0000rbour",
                                                         "exclude": ["\u0000"]})
    assert r.status_code == 200 and r.json()["phrases"] == ["harbour plan"] and r.json()["label"] == "Harbour"
    r = client.post("/api/v1/admin/sources", json={"url": "https://nul.example/rss", "name": "Nul\u0000 Post"})
    assert r.status_code == 201
    assert tagwire.source(r.json()["source_id"]).name == "Nul Post"
    edit = client.patch(f"/api/v1/admin/sources/{r.json()['source_id']}", json={"name": "Nul\u0000 Times"})
    assert edit.status_code == 400  # a rename is checked first: printable characters only
